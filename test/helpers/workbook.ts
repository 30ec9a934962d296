/** Reading a summary workbook back with ExcelJS, as plain rows per sheet. */
import ExcelJS from 'exceljs';
import { plainValue } from '../../server/xlsx/grid';

export async function sheetsOf(bytes: Buffer): Promise<{ workbook: ExcelJS.Workbook; rows: Record<string, unknown[][]> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: Record<string, unknown[][]> = {};
  for (const ws of workbook.worksheets) {
    rows[ws.name] = [];
    // row.values is sparse (holes for empty cells): Array.from fills them, so an empty cell reads as "".
    ws.eachRow((row) => rows[ws.name]!.push(Array.from((row.values as ExcelJS.CellValue[]).slice(1), (v) => plainValue(v))));
  }
  return { workbook, rows };
}
