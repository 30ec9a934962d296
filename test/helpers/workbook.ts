/** Reading a summary workbook back with ExcelJS: every row of each sheet, and each sheet's table with its footer. */
import ExcelJS from 'exceljs';
import { plainValue } from '../../server/xlsx/grid';

export interface SheetsRead {
  workbook: ExcelJS.Workbook;
  /** Every row of each sheet from row 1, empty rows as [] (a grid, as the add-in's sheets are read). */
  grids: Record<string, unknown[][]>;
  /** Each sheet's table: its header, its rows and the footer line under it, if any (the title and signature blocks aside). */
  rows: Record<string, unknown[][]>;
}

// row.values is sparse (holes for empty cells): Array.from fills them, so an empty cell reads as "".
// A merged cell other than the top-left one reads as empty, as Office.js reads it (ExcelJS repeats the master's value).
const valuesOf = (row: ExcelJS.Row) => Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v, i) => (row.getCell(i + 1).type === ExcelJS.ValueType.Merge ? '' : plainValue(v)));

export async function sheetsOf(bytes: Buffer): Promise<SheetsRead> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const grids: Record<string, unknown[][]> = {};
  const rows: Record<string, unknown[][]> = {};
  for (const ws of workbook.worksheets) {
    grids[ws.name] = Array.from({ length: ws.rowCount }, (_, r) => valuesOf(ws.getRow(r + 1)));
    // The table's header row, from the table's own reference (A6:Z31); its rows and a footer follow without a gap.
    const ref = (ws.getTables()[0] as unknown as { table?: { ref?: string; tableRef?: string } } | undefined)?.table;
    const header = Number(/\d+/.exec(ref?.tableRef ?? ref?.ref ?? 'A1')![0]) - 1;
    const table: unknown[][] = [];
    for (let r = header; r < grids[ws.name]!.length && grids[ws.name]![r]!.length > 0; r++) table.push(grids[ws.name]![r]!);
    rows[ws.name] = table;
  }
  return { workbook, grids, rows };
}
