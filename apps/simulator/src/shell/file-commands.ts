import { basename } from 'node:path';
import { checkOutputPaths, writeOutputFile } from '../output-file.js';
import { renderRunHtml } from '../reports/run-html.js';
import { formatRunReport } from '../reports/run-text.js';
import { sessionAsScenario } from './save-session.js';
import type { ShellCommand, ShellContext } from './shell-context.js';
import { ShellUsageError } from './shell-errors.js';

/** `412 KB`: a size for a person. */
function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

/** The output path a command names, refused when it is the scenario's own file. */
function outputPath(context: ShellContext, flag: string, path: string): string {
  checkOutputPaths(
    [{ flag: 'scenario file', path: context.world.scenario.file }],
    [{ flag, path }],
  );
  return path;
}

/**
 * `save FILE`: the session as a scenario file — the scenario with every change typed so far on
 * its timeline at the time it was typed — so `mqsim run FILE` and `mqsim fixes FILE` replay it.
 */
export const saveCommand: ShellCommand = {
  name: 'save',
  forms: [
    {
      usage: 'save FILE.yaml',
      summary: 'write the scenario with the changes typed so far on its timeline',
    },
  ],
  examples: ['save mine.yaml'],
  run(args, context) {
    const [file, ...rest] = args;
    if (file === undefined || rest.length > 0)
      throw new ShellUsageError('save: usage: save FILE.yaml', { allowed: 'save FILE.yaml' });
    const path = outputPath(context, 'save', file);
    const text = sessionAsScenario(
      context.world.scenario,
      context.changes,
      context.history.slice(0, -1),
      basename(path),
    );
    writeOutputFile(path, text);
    return `wrote ${file}: ${context.world.scenario.name} with ${context.changes.length} change(s) from this session (${size(Buffer.byteLength(text))}); replay it with mqsim run ${file}`;
  },
};

/** `report`: the run report so far; `report --html FILE` writes it as the HTML report. */
export const reportCommand: ShellCommand = {
  name: 'report',
  forms: [
    { usage: 'report', summary: 'the run report as of now (as mqsim run prints it)' },
    { usage: 'report --html FILE', summary: 'write the HTML report as of now' },
  ],
  examples: ['report --html now.html'],
  run(args, context) {
    if (args.length === 0)
      return formatRunReport(context.simulation.report(), { color: context.color });
    const [flag, file, ...rest] = args;
    if (flag?.toLowerCase() !== '--html' || file === undefined || rest.length > 0)
      throw new ShellUsageError('report: usage: report [--html FILE]', {
        value: args.join(' '),
        allowed: 'report [--html FILE]',
      });
    const html = renderRunHtml(context.simulation.report());
    writeOutputFile(outputPath(context, '--html', file), html);
    return `wrote ${file}: the HTML report as of now (${size(Buffer.byteLength(html))}; open it in a browser)`;
  },
  complete: (args) => (args.length === 0 ? ['--html'] : []),
};
