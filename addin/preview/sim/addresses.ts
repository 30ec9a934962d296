/** A1 addresses as Excel writes them: cells, ranges, whole rows and columns, sheet-qualified. */
import { SimError } from './errors';
import type { SimSheet } from './model';

export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** The host's own column names (not core's columnLetter), so a bug there cannot hide in the host it is tested against. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function parseCell(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref.toUpperCase());
  if (!m) throw new SimError('InvalidArgument', `Invalid cell address: ${ref}`);
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** "E12", "A1:F9", "'Phụ lục'!A1:B2" → the sheet name (if any) and the rectangle. */
export function parseAddress(address: string): { sheet: string | null; rect: Rect } {
  const bang = address.lastIndexOf('!');
  const sheet = bang < 0 ? null : address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  const [a, b = a] = address.slice(bang + 1).split(':') as [string, string?];
  // Whole columns ("A:A") and whole rows ("8:8").
  const whole = (ref: string, last: boolean) =>
    /^\$?[A-Z]{1,3}$/i.test(ref) ? `${ref}${last ? 1_048_576 : 1}` : /^\$?\d+$/.test(ref) ? `${last ? 'XFD' : 'A'}${ref.replace('$', '')}` : ref;
  const start = parseCell(whole(a, false));
  const end = parseCell(whole(b as string, true));
  return {
    sheet,
    rect: { row: Math.min(start.row, end.row), col: Math.min(start.col, end.col), rows: Math.abs(end.row - start.row) + 1, cols: Math.abs(end.col - start.col) + 1 },
  };
}

export function rectAddress(rect: Rect): string {
  const first = `${columnName(rect.col)}${rect.row + 1}`;
  if (rect.rows === 1 && rect.cols === 1) return first;
  return `${first}:${columnName(rect.col + rect.cols - 1)}${rect.row + rect.rows}`;
}

export function qualified(sheet: string, rect: Rect): string {
  const name = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${rectAddress(rect)}`;
}

export const cellKey = (row: number, col: number) => `${columnName(col)}${row + 1}`;

export function usedRect(sheet: SimSheet): Rect | null {
  let lastRow = -1;
  let lastCol = -1;
  let firstRow = Infinity;
  let firstCol = Infinity;
  sheet.values.forEach((row, r) =>
    row?.forEach((v, c) => {
      if (v === '' || v === null || v === undefined) return;
      lastRow = Math.max(lastRow, r);
      lastCol = Math.max(lastCol, c);
      firstRow = Math.min(firstRow, r);
      firstCol = Math.min(firstCol, c);
    }),
  );
  if (lastRow < 0) return null;
  return { row: firstRow, col: firstCol, rows: lastRow - firstRow + 1, cols: lastCol - firstCol + 1 };
}
