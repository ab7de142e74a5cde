import { ScenarioError } from './scenario-error.js';

/**
 * A scenario file's bytes as text: UTF-8 (with or without a BOM), or UTF-16 with its BOM (what
 * PowerShell's `>` and Notepad's "Unicode" write). UTF-32 and bytes that are not UTF-8 (a
 * Windows-1252 file) are refused at their line and column rather than read as U+FFFD.
 * @throws {ScenarioError} naming the file, the position and the encoding to save it in.
 */
export function decodeScenarioBytes(bytes: Uint8Array, file: string): string {
  const refuse = (line: number, column: number, message: string): never => {
    throw new ScenarioError([
      {
        file,
        line,
        column,
        path: '',
        message,
        allowed: 'a file saved as UTF-8 (or UTF-16 with a BOM)',
      },
    ]);
  };
  const [b0, b1, b2, b3] = bytes;
  if (
    (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) ||
    (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)
  )
    refuse(1, 1, 'the file is UTF-32, which mqsim does not read');
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    return refuse(
      line,
      column,
      `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} is not UTF-8 (a Windows-1252 file?)`,
    );
  }
}

/** The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const byte = bytes[index] as number;
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0;
    if (length === 0) return index;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(index, index + length));
    } catch {
      return index;
    }
    index += length;
  }
  return bytes.length;
}
