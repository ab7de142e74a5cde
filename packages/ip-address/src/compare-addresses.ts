import { readAddressOrThrow } from './internal/read-address.js';

/**
 * Orders addresses as `netstat` lists them: IPv4 before IPv6, then numerically (so `10.0.0.3`
 * before `10.0.0.20`). Returns a negative number, 0 or a positive number, 0 exactly when both
 * texts are the same address — a comparator for `Array.prototype.sort`.
 *
 * @example
 * ```ts
 * ['::1', '10.0.0.20', '10.0.0.3'].sort(compareAddresses); // => ['10.0.0.3', '10.0.0.20', '::1']
 * compareAddresses('2001:db8::1', '2001:DB8:0::1'); // => 0
 * ```
 * @throws {IpAddressParseError} when either side is not an IP address.
 */
export function compareAddresses(left: string, right: string): number {
  const a = readAddressOrThrow(left, undefined);
  const b = readAddressOrThrow(right, undefined);
  if (a.family === 'ipv4') return b.family === 'ipv4' ? a.value - b.value : -1;
  if (b.family === 'ipv4') return 1;
  for (let index = 0; index < 8; index++) {
    const difference = (a.groups[index] as number) - (b.groups[index] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}
