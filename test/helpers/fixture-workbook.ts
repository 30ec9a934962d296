/** A fixture .xlsx as a simulated workbook: its sheets and values, read with the server's reader. */
import { readFile } from 'node:fs/promises';
import { newSheet, newWorkbook, type SimValue, type SimWorkbook } from '../../addin/preview/excel-sim';
import { loadWorkbook } from '../../server/xlsx';

export async function fixtureWorkbook(file: string): Promise<SimWorkbook> {
  const loaded = await loadWorkbook(await readFile(file));
  return newWorkbook(loaded.sheets.map((s) => newSheet(s.name, s.grid.map((row) => row.map((v) => (v === null || v === undefined ? '' : v)) as SimValue[]))));
}
