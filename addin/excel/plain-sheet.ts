/**
 * The secretariat's sheets (invitations, units not yet reported, the round's settings): a table
 * written as text on a sheet of its own, in blocks under the request limit; read back as text;
 * and the values of the range the clerk selected (a pasted list of wards).
 */
import { excelRun } from './run';
import { setValuesAsText, textRowBlocks } from './text-cells';

/** A cell's value as text (the sheets this module writes hold text; a number typed later reads as its digits). */
const cellString = (value: unknown): string => (value === null || value === undefined ? '' : String(value).trim());

export interface PlainSheet {
  name: string;
  /** Every row from A1; rows may be shorter than the widest. */
  rows: string[][];
  /** 0-based rows shown bold (titles and table headers). */
  boldRows?: number[];
  /** Column widths in points, from column A. */
  widths?: number[];
}

/** Writes `sheet` on a sheet of that name (cleared first when it exists) and shows it. */
export async function writePlainSheet(sheet: PlainSheet): Promise<void> {
  const width = Math.max(1, ...sheet.rows.map((r) => r.length));
  const rows = sheet.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  await excelRun(async (context) => {
    const existing = context.workbook.worksheets.getItemOrNullObject(sheet.name);
    await context.sync();
    const target = existing.isNullObject ? context.workbook.worksheets.add(sheet.name) : existing;
    if (!existing.isNullObject) target.getRange().clear();
    let top = 0;
    for (const block of textRowBlocks(rows)) {
      setValuesAsText(target.getRangeByIndexes(top, 0, block.length, width), block);
      top += block.length;
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~4 MB of rows, not per row
      await context.sync();
    }
    for (const row of sheet.boldRows ?? []) target.getRangeByIndexes(row, 0, 1, width).format.font.bold = true;
    (sheet.widths ?? []).forEach((w, i) => {
      target.getRangeByIndexes(0, i, 1, 1).format.columnWidth = w;
    });
    target.getRangeByIndexes(0, 0, rows.length, width).format.wrapText = true;
    target.activate();
    await context.sync();
  });
}

/** The text of every cell of `name`'s used range from A1, or null when there is no such sheet. */
export async function readPlainSheet(name: string): Promise<string[][] | null> {
  return excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(name);
    await context.sync();
    if (sheet.isNullObject) return null;
    // From A1, so row and column numbers are the sheet's own.
    const used = sheet.getUsedRangeOrNullObject(true).load('rowCount,columnCount,rowIndex,columnIndex');
    await context.sync();
    if (used.isNullObject) return [];
    const range = sheet.getRangeByIndexes(0, 0, used.rowIndex + used.rowCount, used.columnIndex + used.columnCount).load('values');
    await context.sync();
    return range.values.map((row) => row.map(cellString));
  });
}

/** The text of the cells the clerk selected. */
export async function readSelectedText(): Promise<string[][]> {
  return excelRun(async (context) => {
    const range = context.workbook.getSelectedRange().load('values');
    await context.sync();
    return range.values.map((row) => row.map(cellString));
  });
}
