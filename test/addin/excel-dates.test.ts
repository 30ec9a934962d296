/**
 * @jest-environment node
 *
 * A date cell reads the same in the add-in and on the server (issue #12): Excel gives the add-in
 * a serial number with a date format, ExcelJS gives the server a Date, and core/dates turns both
 * into one ISO text. Hidden sheets stay hidden in the simulated workbook and are not read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { cellFromExcel, isDateFormat, serialToIso } from '../../core/dates';
import { demoRound } from '../../core/rounds/round';
import { readWorkbookReport } from '../../addin/excel/report';
import { checkWorkbookFile } from '../../server/xlsx';
import { installExcel } from '../helpers/excel-host';
import { fixtureWorkbook } from '../helpers/fixture-workbook';

const HEADER = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
const DESCRIPTION = '- Thực trạng: chờ lâu\n- Nội dung: quầy riêng\n- Hiệu quả: nhanh hơn\n- Tính mới: lần đầu';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-dates-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('serials, formats and ISO text', () => {
  expect(serialToIso(45366)).toBe('2024-03-15');
  expect(serialToIso(45366.5)).toBe('2024-03-15T12:00:00Z');
  for (const f of ['m/d/yyyy', 'dd/mm/yyyy', 'd-mmm-yy', '[$-vi-VN]dd/mm/yyyy', 'h:mm AM/PM']) expect(isDateFormat(f)).toBe(true);
  for (const f of ['General', '@', '0.00%', '#,##0', '"Ngày"0', '[Red]0.00']) expect(isDateFormat(f)).toBe(false);
  expect(cellFromExcel(45366, 'dd/mm/yyyy')).toBe('2024-03-15');
  expect(cellFromExcel(45366, 'General')).toBe(45366);
});

test('a report with a date in Ghi chú and a hidden sheet: the add-in reads what the server reads', async () => {
  const wb = new ExcelJS.Workbook();
  const hidden = wb.addWorksheet('Mẫu cũ');
  hidden.state = 'hidden';
  hidden.getRow(1).values = HEADER;
  hidden.getRow(2).values = [1, 'Phường 1', 'Mô hình của năm trước', 'Cải cách thể chế', DESCRIPTION, ''];
  const ws = wb.addWorksheet('Phụ lục');
  ws.getRow(1).values = HEADER;
  ws.getRow(2).values = [1, 'Phường 1', 'Một cửa điện tử', 'Cải cách thể chế', DESCRIPTION, new Date(Date.UTC(2024, 2, 15))];
  ws.getCell('F2').numFmt = 'dd/mm/yyyy';
  const file = path.join(dir, 'ngay.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));

  const workbook = await fixtureWorkbook(file);
  expect(workbook.sheets.map((s) => [s.name, s.visibility])).toEqual([['Mẫu cũ', 'Hidden'], ['Phụ lục', 'Visible']]);
  expect(workbook.sheets[1]!.values[1]![5]).toBe(45366); // as range.values gives it
  installExcel(workbook);
  const fields = demoRound().fields;
  const inAddin = await readWorkbookReport({ fields });
  const onServer = await checkWorkbookFile(file, { fields });
  expect(inAddin.result.sheet).toBe('Phụ lục');
  expect(inAddin.result.entries.map((e) => [e.title, e.note])).toEqual([['Một cửa điện tử', '2024-03-15']]);
  expect(inAddin.result.entries.map((e) => e.note)).toEqual(onServer.entries.map((e) => e.note));
});
