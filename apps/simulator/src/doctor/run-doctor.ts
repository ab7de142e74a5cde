import { runScenario } from '@mqsim/engine';
import { loadScenario } from '@mqsim/scenario';
import { type DoctorReport, doctorReport } from './doctor-report.js';
import { doctorScenario } from './doctor-scenario.js';
import { readEvidenceFolder } from './evidence-folder.js';
import { buildEvidence } from './evidence-model.js';

/**
 * `mqsim doctor FOLDER`: reads the evidence, writes the scenario that reproduces it, runs that
 * scenario through the same engine and diagnosis as `mqsim run`, and attaches to each finding
 * the evidence lines it rests on.
 * @throws {CliInputError} when the folder holds no machine folder.
 */
export function runDoctor(folder: string): { report: DoctorReport; scenarioText: string } {
  const folders = readEvidenceFolder(folder);
  const evidence = buildEvidence(folders);
  const scenarioText = `${JSON.stringify(doctorScenario(evidence, folder), null, 2)}\n`;
  const scenario = loadScenario(scenarioText, 'doctor-scenario.json');
  const result = runScenario(scenario, { seed: 1 });
  return { report: doctorReport(folder, folders, evidence, result.diagnosis), scenarioText };
}
