/**
 * Finding a report's table on a sheet (DESIGN §4): candidate header rows in the top 60 rows are
 * scored by the template columns they name; the best one gives each column's place, with the four
 * parts' columns under a merged Mô tả on a second header row. Also the column letters of A1 addresses.
 */
import { classifyHeader } from './template';
import { SECTION_KEYS, type ColumnKey, type Grid, type SectionKey } from '../types';

/** Where the columns of the report are, as 0-based indexes into the grid's rows. */
export interface ReportLayout {
  headerRow: number;
  dataStart: number;
  columns: Partial<Record<ColumnKey, number>>;
  /** Part columns when the description is split under a merged Mô tả header. */
  parts: Partial<Record<SectionKey, number>> | null;
}

/** How many rows from the top of a sheet may hold the header (a title block is 6–10 rows). */
const HEADER_SEARCH_ROWS = 60;
const CORE_COLUMNS: ColumnKey[] = ['stt', 'unit', 'title', 'field', 'description'];

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The 1-based column number of column letters: A → 1, AA → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function rowKeys(row: ReadonlyArray<unknown> | undefined): Array<ColumnKey | SectionKey | null> {
  return (row ?? []).map((v) => (typeof v === 'string' ? classifyHeader(v) : null));
}

export function headerScore(keys: Array<ColumnKey | SectionKey | null>): number {
  const present = new Set(keys);
  const parts = SECTION_KEYS.filter((k) => present.has(k)).length;
  const core = CORE_COLUMNS.filter((k) => present.has(k) || (k === 'description' && parts >= 2)).length;
  if (core < 3 || !(present.has('title') || present.has('description') || parts >= 2)) return 0;
  return core + (present.has('note') ? 0.5 : 0);
}

/** The layout of the best header row of a grid, or null when it has none. */
export function findLayout(grid: Grid): ReportLayout | null {
  let best: { row: number; score: number } | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const score = headerScore(rowKeys(grid[r]));
    if (score > 0 && (!best || score > best.score)) best = { row: r, score };
  }
  if (!best) return null;

  const columns: Partial<Record<ColumnKey, number>> = {};
  const parts: Partial<Record<SectionKey, number>> = {};
  const assign = (keys: Array<ColumnKey | SectionKey | null>) =>
    keys.forEach((key, col) => {
      if (!key) return;
      if ((SECTION_KEYS as readonly string[]).includes(key)) {
        parts[key as SectionKey] ??= col;
      } else {
        columns[key as ColumnKey] ??= col;
      }
    });
  assign(rowKeys(grid[best.row]));

  // A second header row naming the parts under a merged "Mô tả" header.
  const below = rowKeys(grid[best.row + 1]);
  const partsBelow = below.filter((k) => k && (SECTION_KEYS as readonly string[]).includes(k)).length;
  const twoRowHeader = partsBelow >= 2;
  if (twoRowHeader) assign(below);

  const hasParts = Object.keys(parts).length >= 2;
  return {
    headerRow: best.row,
    dataStart: best.row + (twoRowHeader ? 2 : 1),
    columns,
    parts: hasParts ? parts : null,
  };
}

/** The header again (a pasted second page): looked for only where the STT cell (or, without one, the title cell) holds text. */
export function isRepeatedHeader(row: ReadonlyArray<unknown>, layout: ReportLayout): boolean {
  const key = layout.columns.stt !== undefined ? 'stt' : 'title';
  const col = layout.columns[key];
  const value = col === undefined ? undefined : row[col];
  if (typeof value !== 'string' || value.length > 120 || classifyHeader(value) !== key) return false;
  return headerScore(rowKeys(row)) > 0;
}

