/**
 * How Excel takes a value written through `Range.values`: as if the user typed it. From the JSDoc of
 * `Excel.Range.values` in @types/office-js ("If the returned value starts with a plus ("+"), minus
 * ("-"), or equal sign ("="), Excel interprets this value as a formula"; locale-neutral dates such
 * as ISO "2025-08-19" are stored as dates), and Excel's own entry rules (en-US): numbers, percents,
 * dates and TRUE/FALSE become what they look like. A cell whose number format is text ("@") keeps
 * the string as written. Where Excel's behaviour is not documented the stricter one is modelled: a
 * "+" or "-" text that is no number fails the request as an invalid formula would.
 */
import { SimError, type SimValue } from './errors';
import type { SimSheet } from './model';

export type Typed = { value: SimValue; formula?: string; numberFormat?: string };

/** Days from Excel's day 0 (1899-12-30, the 1900 system past its leap-year bug) to 1970-01-01. */
const EPOCH_OFFSET_DAYS = 25_569;
const DAY_MS = 86_400_000;

/** The serial number Excel stores for a date (1900 date system). */
export function dateSerial(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS + EPOCH_OFFSET_DAYS;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?%?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function number(text: string): number {
  const percent = text.endsWith('%');
  const n = Number(text.replace(/[,%]/g, ''));
  return percent ? n / 100 : n;
}

function date(text: string): number | null {
  const us = US_DATE.exec(text);
  const iso = ISO_DATE.exec(text);
  let [y, m, d] = [0, 0, 0];
  if (us) [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  if (y < 100) y += y < 30 ? 2000 : 1900; // Excel's two-digit year window
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return dateSerial(y, m, d);
}

/** Puts what `typed` made of a value into `sheet`'s cell at 0-based `row`, `col` (`key`: its A1 address). */
export function putTyped(sheet: Pick<SimSheet, 'values' | 'formulas' | 'numberFormats'>, row: number, col: number, key: string, cell: Typed): void {
  (sheet.values[row] ??= [])[col] = cell.value;
  if (cell.formula) sheet.formulas.set(key, cell.formula);
  else sheet.formulas.delete(key);
  if (cell.numberFormat) sheet.numberFormats.set(key, cell.numberFormat);
}

/** What a cell holds after `value` is written to it with `numberFormat` in place. */
export function typed(value: SimValue, numberFormat: string): Typed {
  if (typeof value !== 'string' || numberFormat === '@' || value === '') return { value };
  const text = value.trim();
  if (/^[=+\-@]/.test(value)) {
    if (NUMBER.test(text)) return { value: number(text) }; // "-5", "+30%": a number, as typed
    if (value.startsWith('=')) return { value: '#NAME?', formula: value }; // a formula: this host does not calculate
    throw new SimError('InvalidArgument', `Excel reads “${value.slice(0, 40)}” as a formula and it is not a valid one. Format the cell as text ("@") first.`);
  }
  if (NUMBER.test(text)) return { value: number(text) };
  const serial = date(text);
  if (serial !== null) return { value: serial, numberFormat: 'm/d/yyyy' };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  return { value };
}
