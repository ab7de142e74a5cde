import type { Command } from 'commander';
import { CliInputError } from '../cli-input.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';

/** Flags of `mqsim doctor`. */
export interface DoctorFlags {
  readonly json?: boolean;
  readonly scenario?: string;
  readonly collect?: boolean;
}

const HELP = `
The folder holds one subfolder per machine, named after it (APP01/, APP02/), with any of the
outputs below saved on that machine; each file is recognised by its content, not its name:
  netstat -anb (or -ano, -an)       ipconfig /all         ipconfig /displaydns
  reg query HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters /s   or a .reg export of that key
  Get-MsmqOutgoingQueue | Format-List *    Get-MsmqQueue     nslookup NAME    Resolve-DnsName NAME
  the HOSTS file
UTF-16 (Windows PowerShell's >) and UTF-8 files are read alike. A file or line that cannot be
read is named with its line and column, and the rest of the folder is still used.

The diagnosis runs on a model of the estate built from the evidence: each machine's addresses
then and now, what MSMQ listens on, what each outgoing queue dials and holds, what DNS answers.
--scenario writes that model as a scenario file, so \`mqsim fixes FILE\` tries the fixes before
anyone touches production. --collect prints a read-only PowerShell script that gathers these
outputs on a machine into a folder named after it.

Exit code 0 when nothing is stuck, 1 when the diagnosis found a cause, 2 for bad input.

Examples:
  mqsim doctor --collect > collect-msmq-evidence.ps1
  mqsim doctor evidence/
  mqsim doctor evidence/ --scenario estate.yaml && mqsim fixes estate.yaml
`;

/** Adds `mqsim doctor` to `program`. */
export function registerDoctorCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('doctor')
    .description('diagnose real machines from their own saved command output, and replay them')
    .argument('[folder]', 'a folder with one subfolder of saved outputs per machine')
    .option('--json', 'print the diagnosis as JSON')
    .option('--scenario <file>', 'also write a scenario that reproduces what the evidence shows')
    .option('--collect', 'print the PowerShell script that collects the outputs on a machine')
    .addHelpText('after', HELP)
    .action(async (folder: string | undefined, flags: DoctorFlags) => {
      if (flags.collect === true) {
        if (folder !== undefined || flags.json === true || flags.scenario !== undefined)
          throw new CliInputError('--collect takes no folder, --json or --scenario', {
            allowed: 'mqsim doctor --collect > collect.ps1',
          });
        const { collectScript } = await import('./collect-script.js');
        io.stdout(collectScript());
        return;
      }
      if (folder === undefined)
        throw new CliInputError('mqsim doctor needs a folder of evidence (or --collect)', {
          allowed: 'mqsim doctor FOLDER, with one subfolder per machine',
        });
      const { checkOutsideFolder, writeOutputFile } = await import('../output-file.js');
      // Before reading: the scenario must not overwrite (or later be read as) evidence.
      if (flags.scenario !== undefined)
        checkOutsideFolder(
          { flag: 'evidence folder', path: folder },
          { flag: '--scenario', path: flags.scenario },
        );
      const { runDoctor } = await import('./run-doctor.js');
      const { report, scenarioText } = runDoctor(folder);
      if (flags.scenario !== undefined) writeOutputFile(flags.scenario, scenarioText);
      if (flags.json === true) io.stdout(`${JSON.stringify(report, jsonValue, 2)}\n`);
      else {
        const { formatDoctorReport } = await import('./doctor-report.js');
        io.stdout(formatDoctorReport(report));
      }
      setExitCode(report.diagnosis.length > 0 ? EXIT_CODES.failed : EXIT_CODES.ok);
    });
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
