/** UTF-16LE bytes of `text`, unit by unit (unpaired surrogates are kept, not replaced). */
export function encodeUtf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes[index * 2] = unit & 0xff;
    bytes[index * 2 + 1] = unit >> 8;
  }
  return bytes;
}

/** Text from UTF-16LE bytes `[start, end)`, unit by unit; `end - start` must be even. */
export function decodeUtf16le(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const chunk = 8192;
  let text = '';
  let units: number[] = [];
  for (let index = start; index + 1 < end; index += 2) {
    units.push((bytes[index] as number) | ((bytes[index + 1] as number) << 8));
    if (units.length === chunk) {
      text += String.fromCharCode(...units);
      units = [];
    }
  }
  return text + String.fromCharCode(...units);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a UTF-16 surrogate without its pair (text that has no UTF-8 form). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
