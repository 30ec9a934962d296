/**
 * "Kiểm tra": reads the report from the open workbook and hands the grid to core. Syncs: the sheet
 * list; the top of each visible sheet (to find the header); then the chosen sheet's used range in
 * row blocks, as many blocks per sync as fit an estimated 3 MB (Excel on the web refuses a
 * response over 5 MB), and its merged areas. A report of ordinary size, 10 rows or 10,000, is read
 * in four syncs; the count grows with the bytes, never with the rows.
 */
import { checkWorkbook } from '../../core/reader/report';
import { columnNumber, findLayout } from '../../core/reader/layout';
import { readReport, type ReadOptions } from '../../core/reader/read';
import { messages } from '../../core/messages';
import { entryIdsByRow } from '../../core/reader/template-sheet';
import type { Grid, MergedArea, NamedGrid, ReportResult } from '../../core/types';
import { loadRows, rowsPerSync } from './read-rows';
import { excelRun } from './run';

/** The header is looked for in the top-left 60 × 60 cells of each sheet (the reader's limit). */
const WINDOW = 60;
/** The same limits the server applies to uploaded workbooks. */
export const MAX_ROWS = 50_000;
export const MAX_COLUMNS = 60;

export interface WorkbookReport {
  result: ReportResult;
  /** 1-based header row of the report's sheet (null when no header was found). */
  headerRow: number | null;
  /** Entry ids already given by the server, by 1-based row, and the 0-based column they are kept in. */
  ids: Map<number, string>;
  idColumn: number | null;
  /** 0-based index of the last used column. */
  lastColumn: number;
}

export async function readWorkbookReport(options: ReadOptions = {}): Promise<WorkbookReport> {
  return excelRun(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name,items/visibility');
    const active = sheets.getActiveWorksheet();
    active.load('name');
    await context.sync();

    const visible = sheets.items.filter((s) => s.visibility === 'Visible');
    const windows = visible.map((s) => ({
      name: s.name,
      window: s.getRangeByIndexes(0, 0, WINDOW, WINDOW).load('values'),
      // rowHidden (ExcelApi 1.2): false when no row of it is hidden, which spares the search for hidden rows.
      used: s.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount,rowHidden'),
    }));
    await context.sync();

    const named: NamedGrid[] = windows.map((w) => ({ name: w.name, grid: w.window.values as Grid }));
    // The active sheet wins when it holds a report; otherwise the best header in the workbook.
    const chosen = named.find((g) => g.name === active.name && findLayout(g.grid)) ?? bestSheet(named, options);
    if (!chosen) {
      return { result: checkWorkbook('', [], options), headerRow: null, ids: new Map(), idColumn: null, lastColumn: 0 };
    }
    const used = windows.find((w) => w.name === chosen.name)!.used;
    const rows = used.isNullObject ? 0 : Math.min(used.rowIndex + used.rowCount, MAX_ROWS);
    const columns = used.isNullObject ? 1 : Math.min(used.columnIndex + used.columnCount, MAX_COLUMNS);
    // The rows already read tell how big a row is; the largest of them sets the estimate.
    const sheet = sheets.getItem(chosen.name);
    const grid = await loadRows(context, sheet, rows, columns, rowsPerSync(chosen.grid, columns));
    const merges = await mergedAreas(context, sheet, rows, columns);
    const hiddenRows = used.isNullObject || used.rowHidden === false ? [] : await hiddenRowsOf(context, sheet, rows);
    // The other sheets' tops are there to say when one of them holds a report too (sheet-not-read).
    const others = named.filter((g) => g.name !== chosen.name);
    const result = checkWorkbook('', [{ name: chosen.name, grid, merges, hiddenRows }, ...others], options, chosen.name);
    if (!used.isNullObject && (used.rowIndex + used.rowCount > MAX_ROWS || used.columnIndex + used.columnCount > MAX_COLUMNS)) {
      result.issues.push({ code: 'sheet-truncated', severity: 'warning', row: null, cell: null, message: messages.sheetTruncated(chosen.name, MAX_ROWS, MAX_COLUMNS) });
    }
    const headerRow = result.error ? null : headerRowOf(grid);
    const { column, ids } = headerRow ? entryIdsByRow(grid, headerRow) : { column: null, ids: new Map<number, string>() };
    return { result, headerRow, ids, idColumn: column, lastColumn: columns - 1 };
  });
}

/**
 * The sheet's merged areas (a unit merged down over several entries belongs to each), from
 * `Range.getMergedAreasOrNullObject` (ExcelApi 1.13; its `address` lists the areas, ExcelApi 1.9).
 * Without that set, or past its 512 areas, the report is read without them.
 */
async function mergedAreas(context: Excel.RequestContext, sheet: Excel.Worksheet, rows: number, columns: number): Promise<MergedArea[]> {
  if (rows > 0 && Office.context.requirements.isSetSupported('ExcelApi', '1.13')) {
    const areas = sheet.getRangeByIndexes(0, 0, rows, columns).getMergedAreasOrNullObject();
    areas.load('address');
    try {
      await context.sync();
    } catch {
      return [];
    }
    if (!areas.isNullObject) return mergedAreasOf(areas.address);
  }
  return [];
}

/**
 * The rows the sheet hides (by hand or by a filter), 0-based, when its used range says some are
 * (`Range.rowHidden`, ExcelApi 1.2: null when some rows are hidden): the visible rows are
 * `getVisibleView().cellAddresses` (ExcelApi 1.3) of the first column, and the rest are hidden.
 */
async function hiddenRowsOf(context: Excel.RequestContext, sheet: Excel.Worksheet, rows: number): Promise<number[]> {
  if (rows === 0) return [];
  const view = sheet.getRangeByIndexes(0, 0, rows, 1).getVisibleView().load('cellAddresses');
  await context.sync();
  const visible = new Set((view.cellAddresses as string[][]).map((row) => Number(/(\d+)$/.exec(String(row[0]))?.[1]) - 1));
  return Array.from({ length: rows }, (_, r) => r).filter((r) => !visible.has(r));
}

/** "Sheet1!A1:B4, 'Phụ lục'!D1:D4" → 0-based areas. */
export function mergedAreasOf(address: string): MergedArea[] {
  const out: MergedArea[] = [];
  for (const m of address.matchAll(/!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?/g)) {
    const [, c1, r1, c2 = c1, r2 = r1] = m as unknown as [string, string, string, string?, string?];
    out.push({ top: Number(r1) - 1, left: columnNumber(c1) - 1, bottom: Number(r2) - 1, right: columnNumber(c2 as string) - 1 });
  }
  return out;
}

/** The sheet whose report reads best (read once, not once per sheet compared). */
function bestSheet(named: NamedGrid[], options: ReadOptions): NamedGrid | undefined {
  const best = readReport(named, options)?.sheet;
  return named.find((g) => g.name === best);
}

function headerRowOf(grid: Grid): number | null {
  const layout = findLayout(grid);
  return layout ? layout.headerRow + 1 : null;
}
