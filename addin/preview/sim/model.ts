/** The simulated workbook: sheets of values and what Excel keeps beside them, in plain data (kept across a page reload as JSON). */
import type { SimValue } from './errors';

export interface SimSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  /** Cell values from A1, '' for empty; rows may be ragged. */
  values: SimValue[][];
  formulas: Map<string, string>;
  fills: Map<string, string>;
  /** Number formats by cell ("General" when absent): "@" keeps written text as text. */
  numberFormats: Map<string, string>;
  notes: Map<string, string>;
  validations: Array<{ address: string; rule: unknown; errorAlert?: unknown }>;
  /** Format properties set on ranges, by range address (widths, wrap, fonts…). */
  formats: Map<string, Record<string, unknown>>;
  frozenRows: number;
  frozenColumns: number;
  hiddenColumns: Set<number>;
  /** Rows hidden by hand or filtered out (0-based). */
  hiddenRows: Set<number>;
  pageLayout: Record<string, unknown>;
  merged: string[];
  tables: Array<{ address: string; name: string }>;
  charts: SimChartRecord[];
}

/** A chart as the add-in made it: its type, source range, title, where it sits and what it shows. */
export interface SimChartRecord {
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  position: { start: string; end: string | null } | null;
  legend: boolean;
  showValue: boolean;
}

export interface SimWorkbook {
  sheets: SimSheet[];
  activeSheet: string;
  selection: { sheet: string; address: string } | null;
}

export interface SimStats {
  syncs: number;
  /** Bytes of the commands each sync sends (the request Excel on the web limits to 5 MB). */
  requestBytes: number[];
  /** Bytes of the loaded values each sync brings back. */
  responseBytes: number[];
}

export function newSheet(name: string, values: SimValue[][] = []): SimSheet {
  return {
    name,
    visibility: 'Visible',
    values,
    formulas: new Map(),
    fills: new Map(),
    numberFormats: new Map(),
    notes: new Map(),
    validations: [],
    formats: new Map(),
    frozenRows: 0,
    frozenColumns: 0,
    hiddenColumns: new Set(),
    hiddenRows: new Set(),
    pageLayout: {},
    merged: [],
    tables: [],
    charts: [],
  };
}

export function newWorkbook(sheets: SimSheet[] = [newSheet('Sheet1')]): SimWorkbook {
  return { sheets, activeSheet: sheets[0]?.name ?? 'Sheet1', selection: null };
}

/** The grid of a simulated sheet, every row as wide as the widest (what a reader sees). */
export function sheetGrid(sheet: SimSheet): SimValue[][] {
  // A loop, not map: rows never written are holes in the array, which map skips.
  let width = 0;
  for (let r = 0; r < sheet.values.length; r++) width = Math.max(width, sheet.values[r]?.length ?? 0);
  return Array.from({ length: sheet.values.length }, (_, r) => Array.from({ length: width }, (_, c) => sheet.values[r]?.[c] ?? ''));
}

/** A workbook as JSON (its maps and sets as arrays), to keep it across a page reload. */
export function workbookToJson(workbook: SimWorkbook): string {
  return JSON.stringify(workbook, (_key, value: unknown) => (value instanceof Map ? { $map: [...value] } : value instanceof Set ? { $set: [...value] } : value));
}

export function workbookFromJson(json: string): SimWorkbook {
  const workbook = JSON.parse(json, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$map' in value) return new Map((value as { $map: Array<[unknown, unknown]> }).$map);
    if (value && typeof value === 'object' && '$set' in value) return new Set((value as { $set: unknown[] }).$set);
    return value;
  }) as SimWorkbook;
  for (const sheet of workbook.sheets) {
    // Kept by an earlier version.
    sheet.numberFormats ??= new Map();
    sheet.charts ??= [];
  }
  return workbook;
}
