/**
 * Dates in cells. Excel keeps a date as a serial number (days since 1899-12-30 in the 1900 date
 * system, the time of day as the fraction) with a date number format; Office.js `range.values`
 * gives the number, ExcelJS a Date. Both become the same ISO text here, so the add-in and the
 * .xlsx adapter read a date cell alike ("2024-03-15", or "2024-03-15T08:30:00Z" with a time).
 */

const DAY_MS = 86_400_000;
/** Serial of 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25_569;

/** The last day Excel can show: 31/12/9999 (a larger serial shows as ####, never a date). */
const LAST_SERIAL = 2_958_465;

/**
 * The ISO text of a date serial, or null when no date has that serial (negative, past 9999, not a
 * number): a phone number typed in a date-formatted cell is that number, not a broken workbook.
 */
export function serialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL + 1) return null;
  const ms = Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS);
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** The serial of a date as ExcelJS gives it (the cell's serial read as UTC). */
export function dateToSerial(date: Date): number {
  return date.getTime() / DAY_MS + UNIX_EPOCH_SERIAL;
}

/**
 * Whether a number format shows a date or time: a d, m, y, h or s code outside quoted text,
 * bracketed parts ([Red], [$-vi-VN]) and escaped characters. "General", "@", "0.00%" are not.
 */
export function isDateFormat(format: string): boolean {
  const codes = format
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return !/^general$/i.test(codes.trim()) && /[dmyhs]/i.test(codes);
}

/** A cell as the reader wants it: a date-formatted number becomes its ISO text (one that is no date stays the number). */
export function cellFromExcel<T>(value: T, numberFormat: string | undefined): T | string {
  return typeof value === 'number' && numberFormat !== undefined && isDateFormat(numberFormat) ? (serialToIso(value) ?? value) : value;
}
