/**
 * Writing values so that text stays text. `Range.values` parses a string as if it were typed: one
 * starting with "=", "+" or "-" becomes a formula, "10/09/2024" a date, "30%" a number (the JSDoc
 * of `Excel.Range.values` in @types/office-js: "If the returned value starts with a plus ("+"),
 * minus ("-"), or equal sign ("="), Excel interprets this value as a formula"). A cell whose number
 * format is text ("@") keeps what is written as it is, so every string cell gets "@" first.
 */

import { byBytes, MAX_SYNC_BYTES } from './batches';

export type WrittenValue = string | number | boolean;

/** What one cell's number format adds to a request ("General" quoted, and a comma). */
const FORMAT_BYTES = 10;
const utf8 = new TextEncoder();

/** Rows cut into blocks of at most `maxBytes`, counting the formats setValuesAsText sends with them. */
export function textRowBlocks<Row extends ReadonlyArray<unknown>>(rows: ReadonlyArray<Row>, maxBytes = MAX_SYNC_BYTES): Row[][] {
  return byBytes(rows, (row) => utf8.encode(JSON.stringify(row)).length + 1 + row.length * FORMAT_BYTES, maxBytes);
}

/** "@" for each string cell, "General" for numbers and booleans. */
export function textFormats(rows: ReadonlyArray<ReadonlyArray<WrittenValue>>): string[][] {
  return rows.map((row) => row.map((v) => (typeof v === 'string' ? '@' : 'General')));
}

/** Queues `rows` into `range`, each string cell formatted as text before its value is parsed. */
export function setValuesAsText(range: Excel.Range, rows: WrittenValue[][]): void {
  range.numberFormat = textFormats(rows);
  range.values = rows;
}
