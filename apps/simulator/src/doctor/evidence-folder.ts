import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { splitOutputLines, type TextProblem, toCommandOutputText } from '@mqsim/filetime';
import {
  type DisplayDnsEntry,
  type IpconfigReport,
  type NslookupReport,
  parseHostsFile,
  type ResolveDnsNameReport,
  readDisplayDns,
  readIpconfig,
  readNslookup,
  readResolveDnsName,
} from '@mqsim/name-cache';
import {
  type ObservedOutgoingQueue,
  type ObservedQueue,
  readOutgoingQueues,
  readQueues,
} from '@mqsim/queue-manager';
import { parseRegFile, type RegQueryOutput, type RegValue, readRegQuery } from '@mqsim/registry';
import { SCENARIO_LIMITS } from '@mqsim/scenario';
import { type NetstatListing, readNetstat } from '@mqsim/transport';
import { CliInputError } from '../cli-input.js';

/** The kinds of saved output `mqsim doctor` recognises, by their content. */
export type EvidenceKind =
  | 'netstat'
  | 'ipconfig'
  | 'displaydns'
  | 'reg-file'
  | 'reg-query'
  | 'outgoing-queues'
  | 'queues'
  | 'nslookup'
  | 'resolve-dnsname'
  | 'hosts';

/** One file of a machine's folder, read with the reader its content calls for. */
export type EvidenceFile =
  | ReadFile<'netstat', NetstatListing>
  | ReadFile<'ipconfig', IpconfigReport>
  | ReadFile<'displaydns', readonly DisplayDnsEntry[]>
  | ReadFile<'reg-file', RegFileReading>
  | ReadFile<'reg-query', RegQueryOutput>
  | ReadFile<'outgoing-queues', readonly ObservedOutgoingQueue[]>
  | ReadFile<'queues', readonly ObservedQueue[]>
  | ReadFile<'nslookup', NslookupReport>
  | ReadFile<'resolve-dnsname', ResolveDnsNameReport>
  | ReadFile<'hosts', readonly HostsLine[]>;

interface ReadFile<Kind extends EvidenceKind, Value> {
  readonly kind: Kind;
  /** The path as the user can find it: relative to the folder given, `APP01/netstat.txt`. */
  readonly path: string;
  readonly value: Value;
  readonly problems: readonly TextProblem[];
  /** The file's lines, to quote the one a fact came from. */
  readonly lines: readonly string[];
}

/** A `.reg` export's values by key path, as parsed. */
export interface RegFileReading {
  readonly keys: readonly {
    readonly path: string;
    readonly values: readonly { readonly name: string; readonly value: RegValue }[];
  }[];
}

/** One HOSTS entry with its line. */
export interface HostsLine {
  readonly address: string;
  readonly names: readonly string[];
  readonly line: number;
}

/** A file the doctor could not use at all, and why. */
export interface UnusedFile {
  readonly path: string;
  readonly reason: string;
}

/** What one machine's folder held. */
export interface MachineFolder {
  /** The folder's name: the machine's name. */
  readonly machine: string;
  readonly files: readonly EvidenceFile[];
  readonly unused: readonly UnusedFile[];
}

/** The largest file the doctor reads: command output is far smaller; a bigger file is not one. */
export const MAX_EVIDENCE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads a folder of evidence: one subfolder per machine (its name is the machine's), each file
 * in it recognised by its content, never by its name, and read by its package's reader. A file
 * that is no known output, too big, or unreadable is listed as unused, and the rest is read.
 * @throws {CliInputError} when `folder` is not a folder or holds no machine folder.
 */
export function readEvidenceFolder(folder: string): readonly MachineFolder[] {
  let entries: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    entries = readdirSync(folder).sort();
  } catch {
    throw new CliInputError(
      `${folder}: not a folder of evidence (allowed: a folder with one subfolder per machine, e.g. APP01/, APP02/)`,
    );
  }
  const machines: MachineFolder[] = [];
  const folderOf = new Map<string, string>();
  for (const name of entries) {
    const path = join(folder, name);
    // .git, .DS_Store and the like are not machines.
    if (name.startsWith('.') || !isDirectory(path)) continue;
    const machine = machineName(folder, name);
    const earlier = folderOf.get(machine.toLowerCase());
    if (earlier !== undefined) {
      throw new CliInputError(
        `${join(folder, name)}: a second folder for ${machine} (the first is ${earlier}) (allowed: one folder per machine)`,
      );
    }
    folderOf.set(machine.toLowerCase(), name);
    if (folderOf.size > SCENARIO_LIMITS.maxHosts) {
      throw new CliInputError(
        `${folder}: more than ${SCENARIO_LIMITS.maxHosts} machine folders, more than mqsim models (allowed: at most ${SCENARIO_LIMITS.maxHosts} machines; diagnose the ones that send to each other together)`,
      );
    }
    const files: EvidenceFile[] = [];
    const unused: UnusedFile[] = [];
    for (const file of listFiles(path)) {
      const shown = relative(folder, file);
      const read = readEvidenceFile(file, shown);
      if ('reason' in read) unused.push(read);
      else files.push(read);
    }
    machines.push({ machine, files, unused });
  }
  if (machines.length === 0) {
    throw new CliInputError(
      `${folder}: holds no machine folder (allowed: one subfolder per machine, named after it, holding its saved outputs; mqsim doctor --collect prints a script that makes one)`,
    );
  }
  return machines;
}

/**
 * The computer name a machine folder is named after: the folder's name, or the first label of a
 * DNS name (`app01.corp.example` is APP01's folder), as `$env:COMPUTERNAME` names it.
 * @throws {CliInputError} when it is no computer (NetBIOS) name.
 */
function machineName(folder: string, name: string): string {
  const first = name.split('.')[0] ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,14}$/.test(first)) {
    throw new CliInputError(
      `${join(folder, name)}: a machine folder is named after the machine's computer name (allowed: 1-15 letters, digits or hyphens, such as APP01, or its DNS name such as app01.corp.example)`,
    );
  }
  return first;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** How deep below a machine's folder files are looked for: a copy's folders, not a tree. */
const MAX_FOLDER_DEPTH = 8;

/**
 * The files of a machine's folder and of its subfolders, in name order, each once: a folder
 * reached again through a link (`APP01/loop -> ..`), or one outside the machine's folder (another
 * machine's evidence), is not read, and pipes and devices are left alone (reading one would wait
 * forever).
 */
function listFiles(folder: string): string[] {
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (path: string, depth: number): void => {
    const real = realpathSync(path);
    if (seen.has(real) || depth > MAX_FOLDER_DEPTH) return;
    if (real !== root && !real.startsWith(`${root}${sep}`)) return;
    seen.add(real);
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      try {
        const stat = statSync(child);
        if (stat.isDirectory()) visit(child, depth + 1);
        else if (stat.isFile() && !seen.has(realpathSync(child))) {
          seen.add(realpathSync(child));
          out.push(child);
        }
      } catch {
        // A dangling link: nothing to read.
      }
    }
  };
  visit(folder, 0);
  return out;
}

/** Reads one file: its kind from its content, then its reader. */
export function readEvidenceFile(file: string, shown: string): EvidenceFile | UnusedFile {
  let bytes: Uint8Array;
  try {
    const size = statSync(file).size;
    if (size > MAX_EVIDENCE_FILE_BYTES)
      return { path: shown, reason: `${size} bytes: larger than any command output mqsim reads` };
    bytes = readFileSync(file);
  } catch (error) {
    return {
      path: shown,
      reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  const text = toCommandOutputText(bytes);
  if (text.includes('\0')) return { path: shown, reason: 'binary data, not command output' };
  const kind = recogniseOutput(text);
  if (kind === undefined)
    return {
      path: shown,
      reason:
        'not an output mqsim reads (netstat, ipconfig /all or /displaydns, reg query, a .reg export, Get-MsmqOutgoingQueue, Get-MsmqQueue, nslookup, Resolve-DnsName, a HOSTS file)',
    };
  return { ...readAs(kind, text, shown), lines: splitOutputLines(text) } as EvidenceFile;
}

function readAs(kind: EvidenceKind, text: string, path: string): Omit<EvidenceFile, 'lines'> {
  switch (kind) {
    case 'netstat':
      return { kind, path, ...readNetstat(text) };
    case 'ipconfig':
      return { kind, path, ...readIpconfig(text) };
    case 'displaydns':
      return { kind, path, ...readDisplayDns(text) };
    case 'reg-query':
      return { kind, path, ...readRegQuery(text) };
    case 'outgoing-queues':
      return { kind, path, ...readOutgoingQueues(text) };
    case 'queues':
      return { kind, path, ...readQueues(text) };
    case 'nslookup':
      return { kind, path, ...readNslookup(text) };
    case 'resolve-dnsname':
      return { kind, path, ...readResolveDnsName(text) };
    case 'reg-file':
      return { kind, path, ...readRegFileText(text) };
    case 'hosts':
      return { kind, path, ...readHostsText(text) };
  }
}

function readRegFileText(text: string): { value: RegFileReading; problems: TextProblem[] } {
  try {
    const document = parseRegFile(text);
    const keys: RegFileReading['keys'][number][] = [];
    for (const section of document.sections) {
      if (section.kind !== 'key') continue;
      const values: { name: string; value: RegValue }[] = [];
      for (const entry of section.entries)
        if (entry.kind === 'set-value') values.push({ name: entry.name, value: entry.value });
      keys.push({ path: section.path, values });
    }
    return { value: { keys }, problems: [] };
  } catch (error) {
    const located = error as { line?: number; column?: number; message?: string };
    const line = located.line ?? 1;
    return {
      value: { keys: [] },
      problems: [
        {
          line,
          column: located.column ?? 1,
          message: located.message ?? 'not a .reg file',
          text: splitOutputLines(text)[line - 1] ?? '',
        },
      ],
    };
  }
}

function readHostsText(text: string): { value: HostsLine[]; problems: TextProblem[] } {
  const value: HostsLine[] = [];
  const problems: TextProblem[] = [];
  splitOutputLines(text).forEach((line, index) => {
    try {
      for (const entry of parseHostsFile(line)) value.push({ ...entry, line: index + 1 });
    } catch (error) {
      problems.push({
        line: index + 1,
        column: 1,
        message: (error as Error).message,
        text: line,
      });
    }
  });
  return { value, problems };
}

/**
 * Which output a text is, from the lines each tool always prints: netstat's header, ipconfig's
 * banner, a registry root, a PowerShell property name. Localised banners are recognised where
 * the readers read them; a text nothing claims is `undefined`.
 */
export function recogniseOutput(text: string): EvidenceKind | undefined {
  const head = text.slice(0, 64 * 1024);
  if (/^\s*(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/m.test(head)) return 'reg-file';
  if (/^\s*Proto\s+\S/m.test(head) || /^\s*(TCP|UDP)\s+[[\d*][^\s]*:\d+\s/m.test(head))
    return 'netstat';
  if (/^\s*Record Name[ .]*:/m.test(head) || /^\s*Eintragsname[ .]*:/m.test(head))
    return 'displaydns';
  if (/^\s*Windows[- ]IP[- ]Kon?figura(tion|ción)|^\s*Windows IP Configuration/m.test(head))
    return 'ipconfig';
  if (/^HKEY_[A-Z_]+(\\|$)/m.test(head) || /^ERROR: The system was unable to find/m.test(head))
    return 'reg-query';
  if (/^\s*(DestinationQueueFormatName|QueueName|FormatName)\b/m.test(head)) {
    return /^\s*(State|NextHops|UnacknowledgedMessageCount)\b|\s(State|NextHops)\s/m.test(head)
      ? 'outgoing-queues'
      : 'queues';
  }
  if (
    /^\s*Name\s+Type\s+TTL\b|^\s*(IP4Address|IP6Address|IPAddress)\s*:|^Resolve-DnsName\s*:/m.test(
      head,
    )
  )
    return 'resolve-dnsname';
  if (/^(Server|Serveur|Servidor):\s/m.test(head) || /^\*\*\* .*(can't find|timed-out)/m.test(head))
    return 'nslookup';
  if (looksLikeHosts(head)) return 'hosts';
  return undefined;
}

function looksLikeHosts(text: string): boolean {
  const lines = splitOutputLines(text)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
  const comments = /^\s*#/m.test(text);
  if (lines.length === 0) return comments && /hosts/i.test(text);
  return lines.every((line) => /^[0-9a-fA-F:.]+(%\S+)?\s+\S/.test(line));
}
