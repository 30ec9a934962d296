/**
 * ExcelJS fed the zip guard's parts directly (server/xlsx/read-xlsx.ts) builds the same workbook
 * as its own `xlsx.load` of the file: on every real-shaped report, the template, and a workbook
 * with what reports rarely hold (notes, a table, a picture, a theme).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Workbook } from '../../server/xlsx/exceljs';
import { loadParts } from '../../server/xlsx/read-xlsx';
import { checkXlsxBytes, placeable } from '../../server/xlsx/zip-guard';
import { FIXTURES, REPORTS } from '../helpers/paths';

/** What ExcelJS built, as comparable text (its model holds dates and buffers, which JSON writes out). */
async function both(bytes: Buffer) {
  const theirs = new Workbook();
  await theirs.xlsx.load(bytes as unknown as ArrayBuffer);
  const ours = new Workbook();
  await loadParts(ours, checkXlsxBytes(bytes));
  return { theirs: JSON.stringify(theirs.model), ours: JSON.stringify(ours.model) };
}

const files = [...readdirSync(REPORTS).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(REPORTS, f)), path.join(FIXTURES, 'phu-luc-mau.xlsx')];

test.each(files.map((f) => [path.basename(f), f]))('%s: the same workbook as ExcelJS’s own load', async (_name, file) => {
  const bytes = readFileSync(file);
  // Some fixtures leave out cell references, which ExcelJS cannot place: both are given them first.
  const placed = await (async () => {
    const parts = placeable(checkXlsxBytes(bytes));
    const ours = new Workbook();
    await loadParts(ours, parts);
    return ours;
  })();
  expect(placed.worksheets.length).toBeGreaterThan(0);
  const written = Buffer.from(await placed.xlsx.writeBuffer());
  const { theirs, ours } = await both(written);
  expect(ours).toBe(theirs);
});

test('notes, a table, a picture and a theme come through as ExcelJS reads them', async () => {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('Phụ lục');
  sheet.getCell('A1').value = 'UBND PHƯỜNG SÀI GÒN';
  sheet.getCell('B2').note = 'Thiếu phần Tính mới';
  sheet.addTable({ name: 'Bang', ref: 'A4', headerRow: true, columns: [{ name: 'STT' }, { name: 'Tên mô hình' }], rows: [[1, 'Một cửa số']] });
  // A 1×1 PNG.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  sheet.addImage(workbook.addImage({ buffer: png as unknown as ArrayBuffer, extension: 'png' }), 'D1:E3');
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  const names = [...checkXlsxBytes(bytes).keys()];
  expect(names.some((n) => n.startsWith('xl/media/'))).toBe(true);
  expect(names).toEqual(expect.arrayContaining(['xl/theme/theme1.xml', 'xl/comments1.xml', 'xl/tables/table1.xml']));
  const { theirs, ours } = await both(bytes);
  expect(ours).toBe(theirs);
  expect(JSON.parse(ours).media).toHaveLength(1);
});
