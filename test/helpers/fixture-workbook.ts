/**
 * A fixture .xlsx as a simulated workbook, holding what Excel would hold: a date as its serial
 * number with its date format (as `range.values` gives it, not as text), each sheet's visibility,
 * formulas' cached results, rich text as its text. Read with ExcelJS, cell by cell.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { dateToSerial } from '../../core/dates';
import { newSheet, newWorkbook, type SimSheet, type SimValue, type SimWorkbook } from '../../addin/preview/excel-sim';
import { plainValue } from '../../server/xlsx/grid';

const VISIBILITY: Record<string, SimSheet['visibility']> = { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' };

export async function fixtureWorkbook(file: string): Promise<SimWorkbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  return newWorkbook(
    workbook.worksheets.map((ws) => {
      const sheet = newSheet(ws.name);
      sheet.visibility = VISIBILITY[ws.state] ?? 'Visible';
      ws.eachRow({ includeEmpty: false }, (row, r) => {
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          if (cell.type === ExcelJS.ValueType.Merge) return;
          const raw = cell.value;
          const result = raw && typeof raw === 'object' && 'result' in raw ? (raw as ExcelJS.CellFormulaValue).result : raw;
          const value: SimValue = result instanceof Date ? dateToSerial(result) : (plainValue(result as ExcelJS.CellValue) as SimValue);
          (sheet.values[r - 1] ??= [])[c - 1] = value;
          if (result instanceof Date) sheet.numberFormats.set(`${cell.address}`, cell.numFmt || 'm/d/yyyy');
          else if (cell.numFmt) sheet.numberFormats.set(cell.address, cell.numFmt);
        });
      });
      // Dense rows, "" for empty cells, as range.values gives them.
      sheet.values = Array.from(sheet.values, (row) => Array.from(row ?? [], (v) => v ?? ''));
      return sheet;
    }),
  );
}
