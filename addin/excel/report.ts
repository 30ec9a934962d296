/**
 * "Kiểm tra": reads the report from the open workbook and hands the grid to core. Syncs: the sheet
 * list; the top of each visible sheet (to find the header); then the chosen sheet's used range in
 * row blocks, as many blocks per sync as fit an estimated 3 MB (Excel on the web refuses a
 * response over 5 MB). A report of ordinary size, 10 rows or 10,000, is read in three syncs; the
 * count grows with the bytes, never with the rows.
 */
import { checkWorkbook } from '../../core/report';
import { findLayout, readReport, type ReadOptions } from '../../core/read';
import { cellFromExcel } from '../../core/dates';
import { messages } from '../../core/messages';
import { entryIdsByRow } from '../../core/template-sheet';
import type { Grid, NamedGrid, ReportResult } from '../../core/types';
import { excelRun } from './run';

/** The header is looked for in the top-left 60 × 60 cells of each sheet (the reader's limit). */
const WINDOW = 60;
const BLOCK_ROWS = 1_000;
/** Estimated bytes one sync may bring back: well under Excel on the web's 5 MB. */
const READ_BUDGET = 3_000_000;
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
      used: s.getUsedRangeOrNullObject(true).load('rowIndex,columnIndex,rowCount,columnCount'),
    }));
    await context.sync();

    const named: NamedGrid[] = windows.map((w) => ({ name: w.name, grid: w.window.values as Grid }));
    // The active sheet wins when it holds a report; otherwise the best header in the workbook.
    const chosen = named.find((g) => g.name === active.name && findLayout(g.grid)) ?? named.find((g) => g.name === readReport(named, options)?.sheet);
    if (!chosen) {
      return { result: checkWorkbook('', [], options), headerRow: null, ids: new Map(), idColumn: null, lastColumn: 0 };
    }
    const used = windows.find((w) => w.name === chosen.name)!.used;
    const rows = used.isNullObject ? 0 : Math.min(used.rowIndex + used.rowCount, MAX_ROWS);
    const columns = used.isNullObject ? 1 : Math.min(used.columnIndex + used.columnCount, MAX_COLUMNS);
    // The rows already read tell how big a row is; the largest of them sets the estimate.
    const rowBytes = Math.max(64, ...chosen.grid.map((row) => utf8.encode(JSON.stringify(row.slice(0, columns))).length)) + columns * FORMAT_BYTES;
    const grid = await loadRows(context, sheets.getItem(chosen.name), rows, columns, Math.max(1, Math.floor(READ_BUDGET / rowBytes)));
    const result = checkWorkbook('', [{ name: chosen.name, grid }], options);
    if (!used.isNullObject && (used.rowIndex + used.rowCount > MAX_ROWS || used.columnIndex + used.columnCount > MAX_COLUMNS)) {
      result.issues.push({ code: 'sheet-truncated', severity: 'warning', row: null, cell: null, message: messages.sheetTruncated(chosen.name, MAX_ROWS, MAX_COLUMNS) });
    }
    const headerRow = result.error ? null : headerRowOf(grid);
    const { column, ids } = headerRow ? entryIdsByRow(grid, headerRow) : { column: null, ids: new Map<number, string>() };
    return { result, headerRow, ids, idColumn: column, lastColumn: columns - 1 };
  });
}

const utf8 = new TextEncoder();
/** What one cell's number format adds to a response ("General", quoted, and a comma). */
const FORMAT_BYTES = 12;

const tooLarge = (error: unknown) => /PayloadSizeLimitExceeded/.test(String((error as { code?: string } | null)?.code ?? ''));

/** Rows 0..rows-1 in syncs of `rowsPerSync` rows (blocks of BLOCK_ROWS each); a sync Excel finds too big is halved and retried. */
async function loadRows(context: Excel.RequestContext, sheet: Excel.Worksheet, rows: number, columns: number, rowsPerSync: number): Promise<Grid> {
  const grid: Grid = [];
  let size = rowsPerSync;
  while (grid.length < rows) {
    const from = grid.length;
    const count = Math.min(size, rows - from);
    const blocks: Excel.Range[] = [];
    // numberFormat too: Excel gives a date as its serial number, and only the format says it is one.
    for (let b = 0; b < count; b += BLOCK_ROWS) blocks.push(sheet.getRangeByIndexes(from + b, 0, Math.min(BLOCK_ROWS, count - b), columns).load('values,numberFormat'));
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~3 MB of rows, not per row
      await context.sync();
    } catch (error) {
      if (!tooLarge(error) || count === 1) throw error;
      size = Math.ceil(count / 2);
      continue;
    }
    for (const block of blocks) {
      const formats = block.numberFormat as string[][];
      grid.push(...(block.values as Grid).map((row, r) => row.map((v, c) => cellFromExcel(v, formats[r]?.[c]))));
    }
  }
  return grid;
}

function headerRowOf(grid: Grid): number | null {
  const layout = findLayout(grid);
  return layout ? layout.headerRow + 1 : null;
}
