/**
 * Index of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
 * surrogates and code points past U+10FFFF are ill-formed), or -1 when all of `bytes` is UTF-8.
 */
export function findInvalidUtf8(bytes: Uint8Array, start = 0): number {
  let index = start;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    if (index + length > bytes.length) return index;
    const second = bytes[index + 1] as number;
    if (second < low || second > high) return index;
    for (let offset = 2; offset < length; offset++) {
      const next = bytes[index + offset] as number;
      if (next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}

/** UTF-8 text of well-formed bytes (check with {@link findInvalidUtf8} first). */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(start, end));
}

/** UTF-8 bytes of `text` (call only for text without unpaired surrogates). */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
