// The negative TTL of a name, from the SOA record its DNS server sends with "no such name" or
// "no data" (RFC 2308 §3, §5): a tiny UDP DNS client, because `dns.promises.Resolver` drops the
// authority section and `resolveSoa` reports no TTL. One question (`name`, SOA), one datagram per
// server in turn; anything unexpected counts as "no SOA", which RFC 2308 §5 says not to cache.
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

/** What the negative answer's SOA says: how long (seconds) the answer may be kept. */
export interface NegativeTtl {
  /** min(TTL of the SOA record, its MINIMUM field), RFC 2308 §5. */
  readonly seconds: number;
  /** The zone the SOA belongs to, lower case. */
  readonly zone: string;
}

const TYPE_SOA = 6;
const CLASS_IN = 1;

/**
 * Asks `servers` (as `dns.Resolver#getServers()` gives them: `10.0.0.2`, `10.0.0.2:5353`,
 * `[::1]:53`) in turn for the SOA that comes with a negative answer for `name`; `undefined` when
 * none answers with one within `timeoutMs` each. Never rejects.
 */
export async function queryNegativeTtl(
  servers: readonly string[],
  name: string,
  timeoutMs: number,
): Promise<NegativeTtl | undefined> {
  for (const server of servers) {
    const target = toTarget(server);
    if (target === undefined) continue;
    const answer = await askOne(target, name, timeoutMs);
    if (answer !== undefined) return answer;
  }
  return undefined;
}

interface Target {
  readonly address: string;
  readonly port: number;
  readonly family: 4 | 6;
}

function toTarget(server: string): Target | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed !== null) {
    return isIP(bracketed[1] ?? '') === 6
      ? { address: bracketed[1] as string, port: Number(bracketed[2] ?? 53), family: 6 }
      : undefined;
  }
  if (isIP(server) === 6) return { address: server, port: 53, family: 6 };
  const [address = '', port = '53'] = server.split(':');
  return isIP(address) === 4 ? { address, port: Number(port), family: 4 } : undefined;
}

function askOne(target: Target, name: string, timeoutMs: number): Promise<NegativeTtl | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket(target.family === 4 ? 'udp4' : 'udp6');
    const id = (name.length * 7919 + target.port) & 0xffff;
    let settled = false;
    const finish = (result: NegativeTtl | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('message', (message: Buffer) => {
      if (message.length >= 2 && message.readUInt16BE(0) === id) finish(readNegativeTtl(message));
    });
    socket.send(encodeQuery(id, name), target.port, target.address, (error) => {
      if (error) finish(undefined);
    });
  });
}

/** A standard query with RD set and one question (`name`, SOA, IN). */
export function encodeQuery(id: number, name: string): Buffer {
  const labels = name.split('.').filter((label) => label !== '');
  const question = Buffer.alloc(labels.reduce((size, label) => size + 1 + label.length, 1) + 4);
  let offset = 0;
  for (const label of labels) {
    question.writeUInt8(label.length, offset++);
    offset += question.write(label, offset, 'ascii');
  }
  question.writeUInt8(0, offset++);
  question.writeUInt16BE(TYPE_SOA, offset);
  question.writeUInt16BE(CLASS_IN, offset + 2);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4); // QDCOUNT
  return Buffer.concat([header, question]);
}

/**
 * The SOA of a response (answer section at a zone apex, else authority section), as a negative
 * TTL; `undefined` for a malformed message, a failure RCODE other than NXDOMAIN, or no SOA.
 */
export function readNegativeTtl(message: Buffer): NegativeTtl | undefined {
  try {
    if (message.length < 12 || (message.readUInt16BE(2) & 0x8000) === 0) return undefined;
    const rcode = message.readUInt16BE(2) & 0x000f;
    if (rcode !== 0 && rcode !== 3) return undefined;
    const questions = message.readUInt16BE(4);
    const records = message.readUInt16BE(6) + message.readUInt16BE(8);
    let offset = 12;
    for (let index = 0; index < questions; index++) offset = readName(message, offset).end + 4;
    for (let index = 0; index < records; index++) {
      const owner = readName(message, offset);
      offset = owner.end;
      const type = message.readUInt16BE(offset);
      const ttl = message.readUInt32BE(offset + 4);
      const length = message.readUInt16BE(offset + 8);
      const data = offset + 10;
      offset = data + length;
      if (type !== TYPE_SOA || offset > message.length) continue;
      const primary = readName(message, data);
      const mailbox = readName(message, primary.end);
      const minimum = message.readUInt32BE(mailbox.end + 16);
      return { seconds: Math.min(ttl, minimum), zone: owner.name };
    }
    return undefined;
  } catch {
    return undefined; // read past the end: a truncated or malformed message
  }
}

/** A domain name at `offset`, following compression pointers; `end` is just after it. */
function readName(message: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let offset = start;
  let end: number | undefined;
  for (let jumps = 0; jumps < 64; jumps++) {
    const length = message.readUInt8(offset);
    if (length === 0) {
      return { name: labels.join('.').toLowerCase(), end: end ?? offset + 1 };
    }
    if ((length & 0xc0) === 0xc0) {
      end ??= offset + 2;
      offset = ((length & 0x3f) << 8) | message.readUInt8(offset + 1);
      continue;
    }
    if (offset + 1 + length > message.length) throw new RangeError('label past the end');
    labels.push(message.toString('ascii', offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  throw new RangeError('too many labels or pointers');
}
