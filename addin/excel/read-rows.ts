/**
 * Reading a sheet's rows by bytes, not by rows: Excel on the web refuses a response over 5 MB, so
 * rows are loaded in blocks of about 3 MB per sync, estimated from the largest row seen so far, and
 * a sync Excel still finds too big is halved and tried again. Date-formatted numbers become ISO text
 * (core/dates), as the .xlsx adapter reads them.
 */
import { cellFromExcel } from '../../core/dates';
import type { Grid } from '../../core/types';

const BLOCK_ROWS = 1_000;
/** Estimated bytes one sync may bring back: well under Excel on the web's 5 MB. */
const READ_BUDGET = 3_000_000;
/** What one cell's number format adds to a response ("General", quoted, and a comma). */
const FORMAT_BYTES = 12;
const utf8 = new TextEncoder();

/** Rows per sync for rows like `sample` (values and their number formats). */
export function rowsPerSync(sample: Grid, columns: number): number {
  const rowBytes = Math.max(64, ...sample.map((row) => utf8.encode(JSON.stringify((row ?? []).slice(0, columns))).length)) + columns * FORMAT_BYTES;
  return Math.max(1, Math.floor(READ_BUDGET / rowBytes));
}

const tooLarge = (error: unknown) => /PayloadSizeLimitExceeded/.test(String((error as { code?: string } | null)?.code ?? ''));

/** Rows 0..rows-1 of `sheet`, `columns` wide, in syncs of `perSync` rows; a sync Excel finds too big is halved and retried. */
export async function loadRows(context: Excel.RequestContext, sheet: Excel.Worksheet, rows: number, columns: number, perSync: number): Promise<Grid> {
  const grid: Grid = [];
  let size = perSync;
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
