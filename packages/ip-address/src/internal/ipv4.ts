// IPv4 in dotted decimal, read strictly: exactly four decimal octets 0–255, no leading zeros
// (inet_aton would read `010` as octal 8), no short forms (`10.1`), no hex, no prefix length.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number, or why `text` is not a dotted-decimal IPv4 address. */
export function readIpv4(text: string): number | string {
  const match = IPV4.exec(text);
  if (match === null) return 'it is neither dotted-decimal IPv4 nor IPv6';
  let value = 0;
  for (let index = 1; index <= 4; index++) {
    const octet = match[index] as string;
    if (octet.length > 1 && octet.startsWith('0')) {
      return `octet ${octet} has a leading zero (ambiguous: octal or decimal)`;
    }
    const number = Number(octet);
    if (number > 255) return `octet ${octet} is above 255`;
    value = value * 256 + number;
  }
  return value;
}

/** Dotted decimal of an unsigned 32-bit number. */
export function writeIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}
