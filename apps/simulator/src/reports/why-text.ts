import type { Finding } from '@mqsim/engine';
import { isoParts } from '@mqsim/filetime';
import { hangingIndent } from './text-wrap.js';

/**
 * The report's *Why* section: each finding's symptom, its cause (layer, host, since when), the
 * fixes that would clear it and the actions that would not, in plain words within `width` columns.
 */
export function whyLines(diagnosis: readonly Finding[], width = 80): string[] {
  if (diagnosis.length === 0) return ['  nothing was stuck: no symptom in the run'];
  const lines: string[] = [];
  // A symptom with several causes (a stale cache here, a stale listener there) is said once.
  let symptom: string | undefined;
  for (const finding of diagnosis) {
    if (finding.symptom !== symptom) {
      if (symptom !== undefined) lines.push('');
      lines.push(...hangingIndent('  ', '    ', finding.symptom, width));
      const from = isoParts(finding.atTime).time;
      lines.push(
        finding.ongoing
          ? `    seen   from ${from}, still at the end`
          : `    seen   from ${from} to ${isoParts(finding.lastSeenTime).time}, then cleared`,
      );
      symptom = finding.symptom;
    }
    const { cause } = finding;
    const where = cause.host === '' ? '' : ` on ${cause.host}`;
    const since = cause.sinceTime === null ? '' : ` since ${isoParts(cause.sinceTime).time}`;
    lines.push(
      ...hangingIndent(
        '    cause  ',
        '           ',
        `${cause.layer}${where}${since}: ${cause.detail}`,
        width,
      ),
    );
    for (const fix of finding.fixes)
      lines.push(...hangingIndent('    fix    ', '           ', fix.text, width));
    for (const notFix of finding.notFixes)
      lines.push(...hangingIndent('    no     ', '           ', notFix.why, width));
  }
  return lines;
}
