const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The form registry names are compared in: each UTF-16 unit upper-cased on its own, the way the
 * kernel's `RtlUpcaseUnicodeChar` does (a unit whose upper case is longer, such as `ß`, stays).
 * Two names are the same name when their folded forms are equal; sorting by folded form (by
 * UTF-16 unit) gives the order `RegEnumKeyEx` returns subkeys in.
 */
export function foldName(name: string): string {
  if (!NON_ASCII.test(name)) return name.toUpperCase();
  let folded = '';
  for (let index = 0; index < name.length; index++) {
    const unit = name[index] as string;
    const upper = unit.toUpperCase();
    folded += upper.length === 1 ? upper : unit;
  }
  return folded;
}

/** Orders folded names by UTF-16 unit; never 0 for different names. */
export function compareFolded(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
