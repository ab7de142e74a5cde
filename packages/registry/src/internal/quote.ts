const MAX_SHOWN = 60;

/**
 * `text` in double quotes for a message: control characters escaped as in JSON, backslashes left
 * alone (so `\\b` reads as written), shortened with `…` past 60 characters.
 */
export function quote(text: string): string {
  const shown = text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN)}…`;
  return JSON.stringify(shown).replace(/\\\\/g, '\\');
}
