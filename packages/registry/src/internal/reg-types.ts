/** Registry type numbers, as `winnt.h` defines them. */
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_DWORD_BIG_ENDIAN = 5;
export const REG_MULTI_SZ = 7;
export const REG_QWORD = 11;

const TYPE_NAMES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
] as const;

/** The Windows name of a type number, or `REG_UNKNOWN(0x…)` for a number Windows does not name. */
export function typeName(kind: number): string {
  return TYPE_NAMES[kind] ?? `REG_UNKNOWN(0x${kind.toString(16)})`;
}

/** Whether data of this type number is UTF-16LE text (`REG_SZ`, `REG_EXPAND_SZ`, `REG_MULTI_SZ`). */
export function isTextKind(kind: number): boolean {
  return kind === REG_SZ || kind === REG_EXPAND_SZ || kind === REG_MULTI_SZ;
}
