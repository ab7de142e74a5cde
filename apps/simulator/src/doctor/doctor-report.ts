import type { Finding } from '@mqsim/engine';
import { hangingIndent } from '../reports/text-wrap.js';
import { whyLines } from '../reports/why-text.js';
import type { MachineFolder } from './evidence-folder.js';
import type { EvidenceSource, MachineEvidence } from './evidence-model.js';

/** A finding of the diagnosis with the lines of the evidence it rests on. */
export interface DoctorFinding extends Finding {
  /** The files and lines an admin can open to see it for themselves. */
  readonly evidence: readonly (EvidenceSource & { readonly says: string })[];
}

/** What `mqsim doctor` found: the same diagnosis shape as `mqsim run --json`, with evidence. */
export interface DoctorReport {
  readonly folder: string;
  readonly machines: readonly {
    readonly machine: string;
    readonly files: readonly {
      readonly path: string;
      readonly kind: string;
      readonly problems: number;
    }[];
    readonly unused: readonly { readonly path: string; readonly reason: string }[];
  }[];
  readonly diagnosis: readonly DoctorFinding[];
  /** What the evidence cannot decide, and what to collect to decide it. */
  readonly cannotTell: readonly string[];
  /** Lines of evidence files that could not be read, located. */
  readonly unreadable: readonly string[];
}

/** Builds the report: each finding with its evidence, and what the evidence could not tell. */
export function doctorReport(
  folder: string,
  folders: readonly MachineFolder[],
  evidence: readonly MachineEvidence[],
  findings: readonly Finding[],
): DoctorReport {
  const byName = new Map(evidence.map((machine) => [machine.machine.toLowerCase(), machine]));
  return {
    folder,
    machines: folders.map((machine) => ({
      machine: machine.machine,
      files: machine.files.map((file) => ({
        path: file.path,
        kind: file.kind,
        problems: file.problems.length,
      })),
      unused: machine.unused,
    })),
    diagnosis: findings.map((finding) => ({
      ...finding,
      evidence: evidenceFor(finding, byName),
    })),
    cannotTell: cannotTell(evidence),
    unreadable: evidence.flatMap((machine) => machine.unreadable),
  };
}

/** The evidence lines behind a finding: what its host's outputs say about its layer. */
function evidenceFor(
  finding: Finding,
  machines: ReadonlyMap<string, MachineEvidence>,
): (EvidenceSource & { says: string })[] {
  const out: (EvidenceSource & { says: string })[] = [];
  const host = machines.get(finding.cause.host.toLowerCase());
  const symptomHost = machines.get(finding.host.toLowerCase());
  for (const queue of symptomHost?.outgoing ?? [])
    if (
      finding.subject.kind !== 'outgoing-queue' ||
      sameName(queue.queueName, finding.subject.name, queue.path)
    )
      out.push({
        file: queue.file,
        line: queue.line,
        says: `${queue.queueName}: ${queue.state ?? 'state not shown'}, next hop ${queue.nextHops.join(', ') || 'none'}, ${queue.messageCount} messages`,
      });
  if (host === undefined) return out;
  switch (finding.cause.layer) {
    case 'msmq-listener-binding':
      for (const listener of host.listeners ?? [])
        out.push({ ...listener, says: `MSMQ listens on ${listener.value}:1801` });
      for (const address of host.addresses ?? [])
        out.push({ ...address, says: `${host.machine} has ${address.value}` });
      break;
    case 'msmq-name-cache':
    case 'dns-client-cache':
    case 'dns-zone':
    case 'hosts-file':
      for (const answer of host.answers)
        if (answersFor(answer.value.name, finding.subject))
          out.push({
            ...answer,
            says: `${answer.value.name} → ${answer.value.addresses.join(', ')}`,
          });
      break;
    case 'directory':
      for (const [name, value] of host.parameters)
        if (name.toLowerCase().startsWith('ds')) out.push({ ...value, says: name });
      break;
    default:
      break;
  }
  return out.map(({ file, line, says }) => ({ file, line, says }));
}

/**
 * Whether a DNS answer is about the machine a queue's format name dials (its first label, or the
 * whole name); an answer for anything when the subject names no machine.
 */
function answersFor(name: string, subject: Finding['subject']): boolean {
  if (subject.kind !== 'outgoing-queue') return true;
  const machine = /^DIRECT=OS:([^\\]+)\\/i.exec(subject.name)?.[1]?.toLowerCase();
  if (machine === undefined) return true;
  const answered = name.toLowerCase();
  return answered === machine || answered.split('.')[0] === machine.split('.')[0];
}

function sameName(observed: string, subject: string, path: string): boolean {
  const a = observed.toLowerCase();
  const b = subject.toLowerCase();
  return a === b || b.includes(path.toLowerCase());
}

/** What each machine's missing outputs leave undecided, and the command that would decide it. */
function cannotTell(evidence: readonly MachineEvidence[]): string[] {
  const lines: string[] = [];
  const known = new Set(evidence.map((machine) => machine.machine.toLowerCase()));
  for (const machine of evidence) {
    const name = machine.machine;
    if (machine.listeners === undefined)
      lines.push(
        `no netstat output from ${name}: cannot tell what MSMQ listens on; collect \`netstat -anb\` there`,
      );
    if (machine.addresses === undefined)
      lines.push(
        `no ipconfig output from ${name}: cannot tell which addresses it has; collect \`ipconfig /all\` there`,
      );
    if (machine.outgoing === undefined)
      lines.push(
        `no Get-MsmqOutgoingQueue output from ${name}: cannot tell what it sends or where; collect \`Get-MsmqOutgoingQueue | Format-List *\` there`,
      );
    for (const queue of machine.outgoing ?? [])
      if (!known.has(queue.machine))
        lines.push(
          `${name} sends to ${queue.machine}, which has no folder: cannot tell what it listens on or has; collect its outputs (mqsim doctor --collect)`,
        );
  }
  return [...new Set(lines)];
}

/** The report as text, 80 columns wide: what was read, the diagnosis with its evidence, what is missing. */
export function formatDoctorReport(report: DoctorReport, width = 80): string {
  const wrap = (first: string, rest: string, text: string) =>
    hangingIndent(first, rest, text, width);
  const lines: string[] = [`mqsim doctor ${report.folder}`, ''];
  for (const machine of report.machines) {
    const kinds = machine.files.map((file) => file.kind).join(', ') || 'no output mqsim reads';
    lines.push(...wrap('', '  ', `${machine.machine}: ${kinds}`));
    for (const file of machine.unused)
      lines.push(...wrap('  unused ', '    ', `${file.path}: ${file.reason}`));
  }
  if (report.unreadable.length > 0) {
    lines.push('', 'Lines that could not be read (the rest of each file was used):');
    for (const line of report.unreadable.slice(0, 20)) lines.push(...wrap('  ', '    ', line));
    if (report.unreadable.length > 20) lines.push(`  … and ${report.unreadable.length - 20} more`);
  }
  lines.push('');
  if (report.diagnosis.length === 0) lines.push('Why: the evidence shows no stuck messages.');
  else {
    lines.push(
      ...wrap(
        '',
        '',
        "Why (replayed on a model of the estate built from the evidence; times are the model's):",
      ),
    );
    lines.push(...whyLines(report.diagnosis, width));
    lines.push('', 'Evidence:');
    for (const finding of report.diagnosis) {
      lines.push(`  ${finding.cause.layer} on ${finding.cause.host}:`);
      for (const item of finding.evidence)
        lines.push(...wrap('    ', '      ', `${item.file}:${item.line}: ${item.says}`));
    }
  }
  if (report.cannotTell.length > 0) {
    lines.push('', 'What the evidence cannot tell:');
    for (const line of report.cannotTell) lines.push(...wrap('  ', '    ', line));
  }
  return `${lines.join('\n')}\n`;
}
