import type { RegValue } from './reg-value.js';

/** The header line of a `.reg` file: version 5 (Unicode) or the older ANSI `REGEDIT4`. */
export type RegFileHeader = 'Windows Registry Editor Version 5.00' | 'REGEDIT4';

/** How a parsed `.reg` file's bytes were decoded (`text` when a string was given). */
export type RegFileEncoding = 'utf16le' | 'utf8' | 'text';

/** `"name"=data` or `@=data`: write a value. */
export interface RegFileValueAssignment {
  readonly kind: 'set-value';
  /** The value name; `''` for `@`, the default value. */
  readonly name: string;
  readonly value: RegValue;
}

/** `"name"=-` or `@=-`: delete a value. */
export interface RegFileValueDeletion {
  readonly kind: 'delete-value';
  readonly name: string;
}

/** One line below a `[key]` line. */
export type RegFileEntry = RegFileValueAssignment | RegFileValueDeletion;

/** `[path]` and the value lines below it: create the key, then apply the entries in order. */
export interface RegFileKeySection {
  readonly kind: 'key';
  /** The key path as written between the brackets. */
  readonly path: string;
  readonly entries: readonly RegFileEntry[];
}

/** `[-path]`: delete the key and everything below it. */
export interface RegFileKeyDeletion {
  readonly kind: 'delete-key';
  readonly path: string;
}

/** One bracketed line of a `.reg` file and what belongs to it. */
export type RegFileSection = RegFileKeySection | RegFileKeyDeletion;

/** A parsed `.reg` file as plain data: its header and its sections in file order. */
export interface RegFileDocument {
  readonly header: RegFileHeader;
  readonly encoding: RegFileEncoding;
  /** Whether the bytes began with a byte-order mark (always `false` for `text`). */
  readonly bom: boolean;
  readonly sections: readonly RegFileSection[];
}
