/** Unicode for bytes 0x80–0x9F of code page 1252; the rest of the page equals Latin-1. */
const HIGH_CONTROL_RANGE = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Text of bytes in Windows code page 1252, the "ANSI" code page `REGEDIT4` files store
 * `hex(2):` and `hex(7):` strings in on Western-European systems (bytes 0x81, 0x8D, 0x8F, 0x90
 * and 0x9D map to the same code points, as `MultiByteToWideChar` maps them). Node's own
 * `TextDecoder('windows-1252')` decodes Latin-1 instead, so 0x80 would not be `€`.
 *
 * @example
 * ```ts
 * decodeWindows1252(new Uint8Array([0x80, 0xe9])); // => '€é'
 * ```
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += String.fromCharCode(
      byte >= 0x80 && byte <= 0x9f ? (HIGH_CONTROL_RANGE[byte - 0x80] as number) : byte,
    );
  }
  return text;
}
