import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { renderPlanHtml } from '../reports/plan-html.js';
import { formatReplay, replayDsRefresh } from '../scenarios/ds-refresh-replay.js';
import { formatPlanReport, type PlanFlags, planReportToJson, runPlan } from './ds-refresh-plan.js';
import { formatStatus, inputName, statusFromRegFile, statusToJson } from './ds-refresh-status.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `mqsim ds-refresh plan|status|replay` to `program`. */
export function registerDsRefreshCommand(program: Command, io: CliIo): void {
  const dsRefresh = program
    .command('ds-refresh')
    .description(
      "MSMQ's directory-service site and enterprise list refresh: decode, predict, plan",
    );

  dsRefresh
    .command('plan')
    .description('predict the refresh queries and bytes each domain controller receives')
    .option('--machines <n>', 'MSMQ clients and servers', '1000')
    .option('--routing-servers <n>', 'MSMQ routing servers (no enterprise list)', '0')
    .option('--sites <n>', 'sites; machines are spread evenly', '1')
    .option('--dcs-per-site <n>', 'domain controllers per site', '2')
    .option('--site-hours <h>', 'DSSiteListRefresh', '168')
    .option('--enterprise-hours <h>', 'DSEnterpriseListRefresh', '672')
    .option('--retry-minutes <m>', 'DSListRefreshErrorRetryInterval', '60')
    .option('--period <duration>', 'how long to plan', '365d')
    .option('--bucket <duration>', 'load is counted per bucket', '1h')
    .option('--start <iso>', 'start of the plan (UTC)', '2026-01-01T00:00:00Z')
    .option('--mass-restart <offset>', 'every machine restarts at this offset, e.g. 30d')
    .option(
      '--delete-values',
      'the DSNext…RefreshTime values are deleted before the (mass) restart',
    )
    .option(
      '--outage <dc@start+length>',
      'a DC answers nothing, e.g. DC1a@10d+6h (repeatable)',
      collect,
    )
    .option('--site-bytes <n>', 'bytes per site-list answer', '4096')
    .option('--enterprise-bytes <n>', 'bytes per enterprise-list answer', '65536')
    .option('--seed <n>', 'seed for next-time phases and DC choice', '1')
    .option('--json', 'print the plan as JSON, with per-bucket counts')
    .option(
      '--html <file>',
      'also write a self-contained HTML report with a chart of DC load over time',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  mqsim ds-refresh plan --machines 100000 --sites 20 --site-hours 24\n' +
        '  mqsim ds-refresh plan --machines 20000 --mass-restart 30d --delete-values\n',
    )
    .action((options: PlanFlags & { json?: boolean; html?: string }) => {
      const report = runPlan(options);
      if (options.html !== undefined) writeOutputFile(options.html, renderPlanHtml(report));
      io.stdout(
        options.json ? `${JSON.stringify(planReportToJson(report))}\n` : formatPlanReport(report),
      );
    });

  dsRefresh
    .command('replay')
    .description(
      'replay the refresh rules on one client and one routing server: first start, restart, delete and restart, DC outage, routing server',
    )
    .option('--json', 'print the timeline, trace and registries as JSON')
    .action((options: { json?: boolean }) => {
      const result = replayDsRefresh();
      io.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatReplay(result));
    });

  dsRefresh
    .command('status')
    .description(
      'decode the refresh values of a .reg export (or reg query text) and say when each list refreshes next, and why',
    )
    .requiredOption(
      '--reg <file>',
      'a .reg export of HKLM\\SOFTWARE\\Microsoft\\MSMQ\\Parameters (UTF-16 or UTF-8), or what `reg query` of it prints; - reads stdin',
    )
    .option('--now <iso>', 'judge the times as of this instant (default: now)')
    .option('--role <role>', 'client, server or routing-server', 'client')
    .option('--json', 'print the status as JSON')
    .action((options: { reg: string; now?: string; role: string; json?: boolean }) => {
      const status = statusFromRegFile(options.reg, options.role, options.now ?? io.now());
      io.stdout(
        options.json
          ? `${JSON.stringify(statusToJson(status), null, 2)}\n`
          : formatStatus(status, inputName(options.reg)),
      );
    });
}
