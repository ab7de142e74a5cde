/**
 * JSON as the repository's formatter (Biome, 2 spaces, 100 columns) writes it, so the generated
 * file passes `pnpm check` untouched: objects one key per line, arrays of plain values on one
 * line when they fit.
 */
export function formatJson(value: unknown, indent: string, prefix = '', suffix = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((item) => item === null || typeof item !== 'object');
    const oneLine = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    if (plain && indent.length + prefix.length + oneLine.length + suffix.length <= 100)
      return oneLine;
    const items = value.map((item, index) => {
      const comma = index < value.length - 1 ? ',' : '';
      return `${inner}${formatJson(item, inner, '', comma)}${comma}`;
    });
    return `[\n${items.join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item], index) => {
    const comma = index < entries.length - 1 ? ',' : '';
    const head = `${JSON.stringify(key)}: `;
    return `${inner}${head}${formatJson(item, inner, head, comma)}${comma}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}
