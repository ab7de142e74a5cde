import { runScenario } from '@mqsim/engine';
import { loadScenarioFile, resolveScenario } from '@mqsim/scenario';
import { describe, expect, it } from 'vitest';
import { formatRunReport } from './run-text.js';

const chars = (line: string) => [...line].length;
const incident = () => runScenario(loadScenarioFile(resolveScenario('nat-renumbering')));

describe('formatRunReport', () => {
  it('fits in 80 columns, words whole, the date once per day', () => {
    const text = formatRunReport(incident());
    const lines = text.split('\n');
    expect(Math.max(...lines.map(chars))).toBeLessThanOrEqual(80);
    expect(lines.filter((line) => line === '2026-11-23')).toHaveLength(1);
    // A wrapped timeline line continues under its text, not under the time.
    const wrapped = lines.findIndex((line) => /^08:00:00 {2}APP02 {3}outgoing queue/.test(line));
    expect(lines[wrapped + 1]).toMatch(/^ {18}\S/);
    expect(text.replace(/\n {4,}/g, ' ')).not.toMatch(/\b\w+-\n/);
  });

  it('says what a passing expectation was held to, and where a failing one is written', () => {
    const result = incident();
    const text = formatRunReport(result);
    const passed = result.expectations.find((expectation) => expectation.ok);
    expect(text.replace(/\n {4}/g, ' ')).toContain(
      `✓ ${passed?.text}: ${passed?.seen} (expected ${passed?.expected})`,
    );
  });

  it('turns a table too wide for the width into a list', () => {
    const text = formatRunReport(incident(), { width: 50 });
    expect(text.replace(/\n {6}/g, ' ')).toContain(
      '  DIRECT=OS:APP01\\private$\\orders\n    state Connected, next hop 10.0.0.20, messages 0',
    );
    expect(
      Math.max(
        ...text
          .split('\n')
          .filter((line) => !line.startsWith('fingerprint'))
          .map(chars),
      ),
    ).toBeLessThanOrEqual(50);
  });

  it('says where a run cut short stopped, and which expectations it could not judge yet', () => {
    const scenario = loadScenarioFile(resolveScenario('nat-renumbering'));
    const result = runScenario(scenario, { until: 50 * 60 * 10_000_000 });
    const report = formatRunReport(result);
    const text = report.replace(/\n {2,}/g, ' ');
    const open = result.expectations.filter((expectation) => expectation.judged === false);
    expect(open.length).toBe(result.expectations.length);
    expect(text).toContain(
      `Stopped at 2026-11-23 08:50:00 UTC (41% of the scenario, which ends at 2026-11-23 10:00:00); ${open.length} expectations could not be judged yet.`,
    );
    expect(report.match(/^ {2}\? /gm)).toHaveLength(open.length);
    expect(text).toMatch(/so far \(not judged yet: the run stopped at 50m of 2h\)/);
  });
});
