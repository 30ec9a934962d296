/**
 * A picture of the report as it sits on its sheet: the header and every row of the table, by
 * Excel's row numbers and column letters, each cell's text cut short. The browser page draws it
 * with the problem cells coloured, so an officer without the add-in sees where to look.
 */
import { columnLetter, columnNumber } from './layout';
import { cellText } from '../text';
import type { NamedGrid, ReportResult } from '../types';

export interface SheetPicture {
  sheet: string;
  /** 1-based sheet row of rows[0]. */
  top: number;
  /** Column letters of the picture's columns, from A. */
  columns: string[];
  rows: string[][];
  /** True when rows past PICTURE_LIMITS.rows were left out. */
  cut: boolean;
}

export const PICTURE_LIMITS = { rows: 600, columns: 26, chars: 160 };

const A1 = /^([A-Z]{1,3})(\d+)$/;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The addresses the report's entries and findings name, as [row, column] (1-based). */
function namedCells(result: ReportResult): Array<[number, number]> {
  const addresses = [...result.entries.flatMap((e) => Object.values(e.cells ?? {}).flat()), ...result.issues.map((i) => i.cell)];
  const out: Array<[number, number]> = [];
  for (const address of addresses) {
    const match = address ? A1.exec(address) : null;
    if (match) out.push([Number(match[2]), columnNumber(match[1] as string)]);
  }
  return out;
}

/** The picture of `result`'s table on `sheet` (the grid it was read from); null when there is no table. */
export function sheetPicture(sheet: NamedGrid, result: ReportResult, limits = PICTURE_LIMITS): SheetPicture | null {
  if (result.headerRow === undefined || result.error) return null;
  const top = sheet.top ?? 1;
  const left = sheet.left ?? 1;
  const cells = namedCells(result);
  const header = sheet.grid[result.headerRow - top] ?? [];
  let lastColumn = left - 1 + header.length;
  while (lastColumn >= left && cellText(header[lastColumn - left]).trim() === '') lastColumn--;
  let lastRow = result.headerRow;
  for (const [row, column] of cells) {
    lastRow = Math.max(lastRow, row);
    lastColumn = Math.max(lastColumn, column);
  }
  lastColumn = Math.min(lastColumn, limits.columns);
  const end = Math.min(lastRow, result.headerRow + limits.rows - 1);
  const columns = Array.from({ length: lastColumn }, (_, i) => columnLetter(i));
  const rows: string[][] = [];
  for (let row = result.headerRow; row <= end; row++) {
    const values = sheet.grid[row - top] ?? [];
    rows.push(columns.map((_, i) => shorten(cellText(values[i + 1 - left]).trim(), limits.chars)));
  }
  return { sheet: sheet.name, top: result.headerRow, columns, rows, cut: end < lastRow };
}
