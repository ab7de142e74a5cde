import type { FormatName, ObservedOutgoingQueue } from '@mqsim/queue-manager';
import type { EvidenceFile, MachineFolder } from './evidence-folder.js';

/** The MSMQ port: what the listener binding and the outgoing queues are about. */
const MSMQ_PORT = 1801;

/** Where a fact came from: the file and line an admin can open. */
export interface EvidenceSource {
  readonly file: string;
  readonly line: number;
}

/** A fact with its source. */
export interface Sourced<T> extends EvidenceSource {
  readonly value: T;
}

/** One outgoing queue as the sender's saved output shows it. */
export interface ObservedOutgoing extends EvidenceSource {
  readonly queueName: string;
  /** The destination machine, lower case, as the format name writes it. */
  readonly machine: string;
  /** The queue's path at the destination (`private$\orders`). */
  readonly path: string;
  readonly direct: 'os' | 'tcp' | 'other';
  readonly state: string | undefined;
  readonly nextHops: readonly string[];
  readonly messageCount: number;
  readonly transactional: boolean | undefined;
}

/** What the evidence says about one machine. */
export interface MachineEvidence {
  readonly machine: string;
  /** `ipconfig`: the addresses it has now; `undefined` without ipconfig output. */
  readonly addresses: readonly Sourced<string>[] | undefined;
  /** The DNS suffix ipconfig shows (primary, else the first adapter's). */
  readonly domain: string | undefined;
  /**
   * `netstat`: the addresses MSMQ (`mqsvc.exe`, or anything on port 1801) listens on;
   * `0.0.0.0` / `::` for all; `undefined` without netstat output.
   */
  readonly listeners: readonly Sourced<string>[] | undefined;
  /** `Get-MsmqOutgoingQueue`; `undefined` without it. */
  readonly outgoing: readonly ObservedOutgoing[] | undefined;
  /** Local queues: `Get-MsmqQueue`, and those other machines' outgoing queues send to. */
  readonly queues: readonly string[];
  /** What name lookups on this machine answered (nslookup, Resolve-DnsName, the DNS cache). */
  readonly answers: readonly Sourced<{
    readonly name: string;
    readonly addresses: readonly string[];
  }>[];
  /** Whether `ipconfig /displaydns` output was given: then what the DNS Client cache holds is known. */
  readonly displayDns: boolean;
  /** MSMQ Parameters values from a `.reg` export or `reg query`, by name. */
  readonly parameters: ReadonlyMap<string, Sourced<unknown>>;
  /** Files that could not be used, and lines that could not be read, as one line each. */
  readonly unreadable: readonly string[];
}

const PARAMETERS_KEY = /\\SOFTWARE\\Microsoft\\MSMQ\\Parameters$/i;

/** Builds each machine's {@link MachineEvidence} from its folder. */
export function buildEvidence(folders: readonly MachineFolder[]): MachineEvidence[] {
  const evidence = folders.map((folder) => machineEvidence(folder));
  // A queue other machines send to exists at its destination, whether or not it was listed.
  const queuesOf = new Map(evidence.map((machine) => [machine.machine.toLowerCase(), machine]));
  for (const machine of evidence) {
    for (const queue of machine.outgoing ?? []) {
      const target = queuesOf.get(queue.machine);
      if (target !== undefined && !target.queues.some((path) => sameQueue(path, queue.path)))
        (target.queues as string[]).push(queue.path);
    }
  }
  return evidence;
}

function sameQueue(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function machineEvidence(folder: MachineFolder): MachineEvidence {
  let addresses: Sourced<string>[] | undefined;
  let domain: string | undefined;
  let listeners: Sourced<string>[] | undefined;
  let outgoing: ObservedOutgoing[] | undefined;
  const queues: string[] = [];
  const answers: Sourced<{ name: string; addresses: readonly string[] }>[] = [];
  const parameters = new Map<string, Sourced<unknown>>();
  const unreadable: string[] = [];
  let displayDns = false;
  for (const file of folder.files) {
    for (const problem of file.problems)
      unreadable.push(`${file.path}:${problem.line}:${problem.column}: ${problem.message}`);
    switch (file.kind) {
      case 'ipconfig': {
        addresses ??= [];
        // Two ipconfig files (a copy, /all and plain) give each address once.
        for (const adapter of file.value.adapters)
          for (const address of adapter.addresses)
            if (
              address.kind !== 'link-local-ipv6' &&
              !addresses.some((known) => known.value === address.address)
            )
              addresses.push({
                file: file.path,
                line: lineWith(file, address.address),
                value: address.address,
              });
        domain ??=
          file.value.primaryDnsSuffix ||
          file.value.adapters.find((adapter) => adapter.connectionSuffix)?.connectionSuffix ||
          undefined;
        break;
      }
      case 'netstat':
        listeners ??= [];
        for (const row of file.value.rows)
          if (
            row.proto === 'TCP' &&
            row.state === 'LISTENING' &&
            row.localEndpoint.port === MSMQ_PORT
          )
            listeners.push({ file: file.path, line: row.line, value: row.localEndpoint.address });
        break;
      case 'outgoing-queues':
        outgoing ??= [];
        for (const row of file.value) {
          const observed = toObservedOutgoing(row, file);
          if (observed !== undefined) outgoing.push(observed);
        }
        break;
      case 'queues':
        for (const row of file.value) {
          const path = row.queueName;
          if (path !== undefined && !path.toLowerCase().startsWith('system$')) queues.push(path);
        }
        break;
      case 'nslookup':
        for (const answer of file.value.answers)
          answers.push({
            file: file.path,
            line: lineWith(file, answer.addresses[0] ?? answer.name),
            value: answer,
          });
        break;
      case 'resolve-dnsname': {
        const byName = new Map<string, string[]>();
        for (const record of file.value.records) {
          if ((record.type !== 'A' && record.type !== 'AAAA') || record.data === undefined)
            continue;
          const name = record.name.toLowerCase();
          byName.set(name, [...(byName.get(name) ?? []), record.data]);
        }
        for (const [name, found] of byName)
          answers.push({
            file: file.path,
            line: lineWith(file, found[0] ?? name),
            value: { name, addresses: found },
          });
        break;
      }
      case 'displaydns': {
        displayDns = true;
        // Entries are printed in order, so each is looked for after the one before: one name can
        // head two entries (its A and its AAAA), and one address can answer several names.
        let from = 0;
        for (const entry of file.value) {
          const name = entry.name.toLowerCase();
          // An SRV entry's Additional records (the DC's A record) answer another name.
          const found = entry.records
            .filter(
              (record) =>
                (record.type === 'A' || record.type === 'AAAA') &&
                record.name.toLowerCase() === name,
            )
            .map((record) => record.data);
          // An entry starts at a line that is its name alone (over its row of dashes).
          const header = file.lines.findIndex(
            (line, index) => index >= from && line.trim().toLowerCase() === name,
          );
          if (header >= 0) from = header;
          if (found.length === 0) continue;
          const line = lineWith(file, found[0] ?? name, from);
          answers.push({ file: file.path, line, value: { name, addresses: found } });
          from = line;
        }
        break;
      }
      case 'reg-query':
        for (const key of file.value.keys)
          if (PARAMETERS_KEY.test(key.path))
            for (const value of key.values)
              if (value.value !== undefined)
                parameters.set(value.name, {
                  file: file.path,
                  line: value.line,
                  value: value.value,
                });
        break;
      case 'reg-file':
        for (const key of file.value.keys)
          if (PARAMETERS_KEY.test(key.path))
            for (const value of key.values)
              parameters.set(value.name, {
                file: file.path,
                line: lineWith(file, `"${value.name}"`),
                value: value.value,
              });
        break;
      case 'hosts':
        break;
    }
  }
  return {
    machine: folder.machine,
    addresses,
    domain,
    listeners,
    outgoing,
    queues,
    answers,
    displayDns,
    parameters,
    unreadable,
  };
}

function toObservedOutgoing(
  row: ObservedOutgoingQueue,
  file: EvidenceFile,
): ObservedOutgoing | undefined {
  const formatName: FormatName | undefined = row.formatName;
  if (row.queueName === undefined || formatName === undefined) return undefined;
  const target = destinationOf(formatName);
  if (target === undefined) return undefined;
  return {
    file: file.path,
    line: row.line,
    queueName: row.queueName,
    machine: target.machine,
    path: target.path,
    direct: target.direct,
    state: row.state,
    nextHops: row.nextHops ?? [],
    messageCount: row.messageCount ?? 0,
    transactional: row.transactional,
  };
}

function destinationOf(
  name: FormatName,
): { machine: string; path: string; direct: ObservedOutgoing['direct'] } | undefined {
  switch (name.kind) {
    case 'direct-os':
    case 'path':
      return {
        machine: name.machine.toLowerCase().split('.')[0] ?? name.machine.toLowerCase(),
        path: queuePath(name.queue),
        direct: 'os',
      };
    case 'direct-tcp':
      return { machine: name.address, path: queuePath(name.queue), direct: 'tcp' };
    default:
      return undefined;
  }
}

function queuePath(queue: { readonly private: boolean; readonly name: string }): string {
  return queue.private ? `private$\\${queue.name}` : queue.name;
}

/** The first line of `file` that shows `text` (1 when none does: the fact is the whole file's). */
/**
 * The first line, from index `from` on, that holds `text` as a whole word (10.0.0.2 is not in
 * `10.0.0.20`, nor app01 in `app01x`), case-insensitively; 1 when none does.
 */
function lineWith(file: EvidenceFile, text: string, from = 0): number {
  const wanted = text.toLowerCase();
  for (let index = Math.max(0, from); index < file.lines.length; index++)
    if (holdsWord((file.lines[index] ?? '').toLowerCase(), wanted)) return index + 1;
  return from > 0 ? lineWith(file, text, 0) : 1;
}

const WORD_CHAR = /[\w:-]/;

function holdsWord(line: string, word: string): boolean {
  if (word === '') return false;
  for (let at = line.indexOf(word); at >= 0; at = line.indexOf(word, at + 1)) {
    const before = line[at - 1] ?? ' ';
    const after = line[at + word.length] ?? ' ';
    const next = line[at + word.length + 1] ?? ' ';
    if (WORD_CHAR.test(before) || before === '.') continue;
    // A trailing dot ends a name (`app01.corp.example.`); a dot and a digit continue an address.
    if (WORD_CHAR.test(after) || (after === '.' && WORD_CHAR.test(next))) continue;
    return true;
  }
  return false;
}
