// IPv4 in dotted decimal, read strictly: exactly four decimal octets 0–255, no leading zeros
// (inet_aton would read `010` as octal 8), no short forms (`10.1`), no hex, no prefix length.
// A character scan, no regular expression or allocation: `ipFamily` runs on every machine name.

const NEITHER = 'it is neither dotted-decimal IPv4 nor IPv6';
const DOT = 46;
const ZERO = 48;
const NINE = 57;

/** The address as an unsigned 32-bit number, or why `text` is not a dotted-decimal IPv4 address. */
export function readIpv4(text: string): number | string {
  // The shape first (four runs of 1–3 digits between dots), then each octet in order.
  let dots = 0;
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= ZERO && code <= NINE) {
      if (++digits > 3) return NEITHER;
    } else if (code === DOT && digits > 0 && dots < 3) {
      dots++;
      digits = 0;
    } else {
      return NEITHER;
    }
  }
  if (dots !== 3 || digits === 0) return NEITHER;
  let value = 0;
  let start = 0;
  for (let index = 0; index <= text.length; index++) {
    if (index < text.length && text.charCodeAt(index) !== DOT) continue;
    let octet = 0;
    for (let at = start; at < index; at++) octet = octet * 10 + text.charCodeAt(at) - ZERO;
    if (index - start > 1 && text.charCodeAt(start) === ZERO) {
      return `octet ${text.slice(start, index)} has a leading zero (ambiguous: octal or decimal)`;
    }
    if (octet > 255) return `octet ${text.slice(start, index)} is above 255`;
    value = value * 256 + octet;
    start = index + 1;
  }
  return value;
}

/** Dotted decimal of an unsigned 32-bit number. */
export function writeIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}
