/** Single-purpose writes the task pane asks for: go to a cell, put a value in it, keep entry ids. One sync each. */
import { ENTRY_ID_HEADER } from '../../core/reader/template-sheet';
import { byBytes } from './batches';
import { setValuesAsText } from './text-cells';
import { excelRun } from './run';

export async function selectCell(sheetName: string, cell: string): Promise<void> {
  await excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    sheet.activate();
    sheet.getRange(cell).select();
    await context.sync();
  });
}

export function writeCellValue(sheetName: string, cell: string, value: string): Promise<void> {
  return writeCellValues(sheetName, [{ cell, value }]);
}

/** The same kind of fix in many cells ("Sửa tất cả"): one sync per ~4 MB of commands, not one per cell. */
export async function writeCellValues(sheetName: string, cells: ReadonlyArray<{ cell: string; value: string }>): Promise<void> {
  await excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    for (const part of byBytes(cells, (c) => CELL_WRITE_BYTES + utf8.encode(c.value).length)) {
      for (const c of part) setValuesAsText(sheet.getRange(c.cell), [[c.value]]);
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~4 MB of cells, not per cell
      await context.sync();
    }
  });
}

const utf8 = new TextEncoder();
/** Office.js's framing of one cell's two commands (format, value), beyond the value itself. */
const CELL_WRITE_BYTES = 400;

/**
 * Writes the server's entry ids into the hidden id column (created after the last used column when
 * the sheet has none), one block from the header down: rows without an entry are emptied.
 */
export async function writeEntryIds(sheetName: string, headerRow: number, column: number, ids: ReadonlyMap<number, string>, create: boolean): Promise<void> {
  const lastRow = Math.max(headerRow, ...ids.keys());
  const values = Array.from({ length: lastRow - headerRow + 1 }, (_, i) => [i === 0 ? ENTRY_ID_HEADER : (ids.get(headerRow + i) ?? '')]);
  await excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    setValuesAsText(sheet.getRangeByIndexes(headerRow - 1, column, values.length, 1), values);
    if (create) sheet.getRangeByIndexes(0, column, 1, 1).columnHidden = true;
    await context.sync();
  });
}
