/**
 * The habits of real ward and office files (test/fixtures/habits/README.md), read from real .xlsx
 * files as the server and the command line read them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { demoRound, readOptions } from '../../core/rounds/round';
import type { ReportResult } from '../../core/types';
import ExcelJS from 'exceljs';
import { checkEverySheetBytes, checkWorkbookBytes } from '../../server/xlsx';
import { markedCopy } from '../../server/xlsx/mark';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/paths';

const HABITS = path.join(ROOT, 'test', 'fixtures', 'habits');
const options = readOptions(demoRound());
const bytes = (name: string) => readFileSync(path.join(HABITS, name));
const read = (name: string) => checkWorkbookBytes(name, bytes(name), options);
const codes = (result: ReportResult) => result.issues.map((i) => i.code);
const errors = (result: ReportResult) => result.issues.filter((i) => i.severity === 'error');
const SECTIONS_OF_DESCRIBE = {
  noiDung: 'phường tiếp nhận hồ sơ trực tuyến và trả kết quả tại nhà.',
  hieuQua: 'giảm 40% thời gian chờ đợi, 1.200 lượt người dân hài lòng.',
  tinhMoi: 'lần đầu áp dụng tại phường.',
};

test('column numbers, an empty numbered row, the totals row and the signature block are not entries', async () => {
  const result = await read('non-entry-rows.xlsx');
  expect(result.entries.map((e) => e.title)).toEqual(['Hồ sơ trực tuyến tận nhà', 'Tổ công nghệ số cộng đồng']);
  expect(result.entries.map((e) => e.row)).toEqual([9, 10]);
  expect(errors(result)).toEqual([]);
});

test('group rows give their field to the entries under them and are not entries', async () => {
  const result = await read('group-rows.xlsx');
  expect(result.entries.map((e) => [e.stt, e.field])).toEqual([
    ['1', 'Cải cách thủ tục hành chính'],
    ['2', 'Cải cách thủ tục hành chính'],
    ['3', 'Xây dựng và phát triển chính quyền điện tử, chính quyền số'],
    ['4', 'Cải cách chế độ công vụ'],
  ]);
  expect(result.issues).toEqual([]);
});

test('a unit, field or title merged down belongs to every entry it spans, and its cell is the merged one', async () => {
  const result = await read('merged-carry-down.xlsx');
  expect(result.entries.map((e) => [e.unit, e.field])).toEqual([
    ['Phường 7', 'Cải cách thủ tục hành chính'],
    ['Phường 7', 'Cải cách thủ tục hành chính'],
    ['Phường 7', 'Xây dựng và phát triển chính quyền điện tử, chính quyền số'],
  ]);
  // Entry 3 spans two rows (its STT and title merged): one entry, its parts from both rows.
  expect(result.entries[2]!.sections.tinhMoi).toBe('tổ viên là đoàn viên thanh niên.');
  expect(result.entries[1]!.cells?.unit).toEqual(['B2']);
  expect(errors(result)).toEqual([]);
});

test('with every Đơn vị cell empty, the unit in the title block is each entry’s, with a warning', async () => {
  const result = await read('unit-in-title-block.xlsx');
  expect(result.entries.map((e) => e.unit)).toEqual(['Phường Bến Thành', 'Phường Bến Thành']);
  expect(codes(result)).toEqual(['unit-from-title']);
  expect(result.issues[0]!.severity).toBe('warning');
  expect(result.issues[0]!.message).toContain('Phường Bến Thành');
});

test('older headers: a table from column B, short names, an extra column, sub-columns in synonyms', async () => {
  const [plain, parts] = await checkEverySheetBytes('older-headers.xlsx', bytes('older-headers.xlsx'), options);
  expect(plain!.entries[0]).toMatchObject({ unit: 'Phường 7', title: 'Hồ sơ trực tuyến tận nhà', field: 'Cải cách thủ tục hành chính', sections: SECTIONS_OF_DESCRIBE });
  expect(plain!.entries[0]!.cells?.description).toEqual(['G4']);
  expect(errors(plain!)).toEqual([]);
  expect(parts!.entries[0]!.sections).toEqual({
    thucTrang: 'Người dân phải chờ lâu.',
    noiDung: 'Bố trí thêm quầy và lấy số trực tuyến.',
    hieuQua: 'Giảm 50% thời gian chờ.',
    tinhMoi: 'Lấy số qua Zalo.',
  });
});

test('headings alone on their line, in capitals, after a dash, with a space or a full-width colon, in synonyms', async () => {
  const result = await read('heading-habits.xlsx');
  expect(result.entries.map((e) => e.sections.hieuQua)).toEqual(['Giảm 40% thời gian.', 'Giảm 50% thời gian chờ.', '85% hồ sơ nộp trực tuyến.']);
  expect(result.entries.map((e) => e.sections.thucTrang)).toEqual(['Người dân phải đi lại nhiều lần.', 'Người dân chờ lâu.', 'người dân chưa quen dịch vụ công.']);
  // A sentence that starts with a heading word stays in its part.
  expect(result.entries[2]!.sections.noiDung).toBe('tổ công nghệ số hướng dẫn tại nhà. Hiệu quả giải quyết hồ sơ được theo dõi hằng tuần.');
  expect(result.issues).toEqual([]);
});

test('text pasted from Word and web pages: bullets, spaces and escapes neither hide a heading nor stay', async () => {
  const result = await read('pasted-from-word.xlsx');
  expect(result.issues).toEqual([]);
  const [first, second] = result.entries;
  expect(first).toMatchObject({ unit: 'Phường 7', title: 'Hồ sơ trực tuyến tận nhà', field: 'Cải cách thủ tục hành chính' });
  expect(first!.sections.noiDung).toBe('tiếp nhận trực tuyến.\n• sub-bullet: hướng dẫn tại nhà.');
  expect(second!.sections).toEqual({ thucTrang: 'người dân chờ lâu.', noiDung: 'bố trí thêm quầy.', hieuQua: 'giảm 50% thời gian chờ.', tinhMoi: 'lấy số qua Zalo.' });
  const stored = JSON.stringify(result.entries.map((e) => [e.unit, e.title, e.sections]));
  expect(stored).not.toMatch(/[\u00a0\u200b\uf0b7\uf0a7]|_x00/);
});

test('a valid file of another writer (inline strings, no cell references, a formula without its value) is read, not called corrupt', async () => {
  const result = await read('other-writer.xlsx');
  expect(result.error).toBeNull();
  expect(result.entries.map((e) => [e.row, e.title, e.note])).toEqual([
    [2, 'Hồ sơ trực tuyến tận nhà', 'Cập nhật từ hệ thống'],
    [3, 'Một cửa không chờ', ''],
  ]);
  expect(result.entries[1]!.cells?.title).toEqual(['C3']);
});

test('the same file of another writer gets its marked copy too (its cells placed, nothing else changed)', async () => {
  const issue = { code: 'bad-stt' as const, severity: 'warning' as const, row: 3, cell: 'C3', message: 'Số thứ tự cần xem lại.' };
  const copy = await markedCopy(bytes('other-writer.xlsx'), 'Phụ lục', [issue]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(copy as unknown as ArrayBuffer);
  const cell = workbook.getWorksheet('Phụ lục')!.getCell('C3');
  expect(cell.value).toBe('Một cửa không chờ');
  expect(String(cell.note)).toContain('Số thứ tự cần xem lại.');
});

test('several report sheets: one result each; read as one report, the others are named', async () => {
  const every = await checkEverySheetBytes('several-sheets.xlsx', bytes('several-sheets.xlsx'), options);
  expect(every.map((r) => [r.sheet, r.entries.length])).toEqual([
    ['Trường Tiểu học Lê Lợi', 1],
    ['Trường THCS Colette', 2],
  ]);
  const one = await read('several-sheets.xlsx');
  expect(one.sheet).toBe('Trường Tiểu học Lê Lợi');
  expect(one.issues.filter((i) => i.code === 'sheet-not-read').map((i) => i.message)).toEqual([expect.stringContaining('Trường THCS Colette')]);
});

test.each([
  ['tcvn3.xlsx', 'TCVN3'],
  ['vni.xlsx', 'VNI'],
])('%s: legacy text is converted to Unicode and warned about', async (name, encoding) => {
  const result = await read(name);
  expect(result.entries[0]).toMatchObject({
    unit: 'Phường 7',
    title: 'Hồ sơ trực tuyến tận nhà',
    field: 'Cải cách thủ tục hành chính',
    sections: { thucTrang: 'người dân phải đi lại nhiều lần.', noiDung: 'tiếp nhận hồ sơ trực tuyến.', hieuQua: 'giảm thời gian chờ đợi.', tinhMoi: 'lần đầu áp dụng tại phường.' },
  });
  expect(codes(result)).toEqual(['legacy-encoding']);
  expect(result.issues[0]!.message).toContain(encoding);
});

test('an old .xls is unreadable-file, with a message that says to save it as .xlsx', async () => {
  const result = await read('old-format.xls');
  expect(result.error?.code).toBe('unreadable-file');
  expect(result.error?.message).toContain('.xlsx');
});

test('unit names as people write them are the round’s unit, with unit-normalized and its canonical name', async () => {
  const result = await read('unit-names.xlsx');
  expect(result.entries.map((e) => e.unit)).toEqual(['Phường 1', 'Phường 1', 'Phường 1']);
  expect(result.issues.map((i) => [i.code, i.cell, i.canonical])).toEqual([
    ['unit-normalized', 'B2', 'Phường 1'],
    ['unit-normalized', 'B3', 'Phường 1'],
    ['unit-normalized', 'B4', 'Phường 1'],
  ]);
});

test('a title or part typed without diacritics is warned about (official papers need them)', async () => {
  const result = await read('no-diacritics.xlsx');
  expect(result.issues.map((i) => [i.code, i.severity, i.cell])).toEqual([
    ['no-diacritics', 'warning', 'C2'],
    ['no-diacritics', 'warning', 'E2'],
  ]);
});

test('phuluc validate --json gives one element of files per report sheet', async () => {
  const run = await runCli(['validate', '--json', path.join(HABITS, 'several-sheets.xlsx')]);
  const { files } = JSON.parse(run.stdout) as { files: ReportResult[] };
  expect(files.map((f) => [f.sheet, f.entries.length])).toEqual([
    ['Trường Tiểu học Lê Lợi', 1],
    ['Trường THCS Colette', 2],
  ]);
  expect(run.code).toBe(0);
}, 60_000);

test('rows the ward hid or filtered out are withdrawn: not read, not sent, and named', async () => {
  const result = await read('hidden-rows.xlsx');
  expect(result.entries.map((e) => [e.row, e.title])).toEqual([
    [2, 'Hồ sơ trực tuyến tận nhà'],
    [3, 'Một cửa không chờ'],
    [5, 'Tổ công nghệ số cộng đồng'],
  ]);
  // The withdrawn draft (no field) is no blocking error; the two hidden rows are said, by number.
  expect(errors(result)).toEqual([]);
  const hidden = result.issues.find((i) => i.code === 'hidden-rows')!;
  expect(hidden.severity).toBe('warning');
  expect(hidden.message).toContain('có 2 dòng đang bị ẩn hoặc bị lọc khỏi bảng (dòng 4, 6)');
});

test('the Open XML SDK’s package (prefixed elements, t="str", absolute targets, a sheet named data.xml, no docProps) is read, and marked', async () => {
  const result = await read('openxml-sdk.xlsx');
  expect(result.error).toBeNull();
  expect(result.sheet).toBe('Báo cáo');
  expect(result.entries.map((e) => [e.row, e.unit, e.title, e.sections.tinhMoi])).toEqual([
    [2, 'Phường 7', 'Hồ sơ trực tuyến tận nhà', SECTIONS_OF_DESCRIBE.tinhMoi],
    [3, 'Phường 7', 'Một cửa không chờ', SECTIONS_OF_DESCRIBE.tinhMoi],
  ]);
  const issue = { code: 'bad-stt' as const, severity: 'warning' as const, row: 3, cell: 'C3', message: 'Số thứ tự cần xem lại.' };
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load((await markedCopy(bytes('openxml-sdk.xlsx'), 'Báo cáo', [issue])) as unknown as ArrayBuffer);
  expect(copy.getWorksheet('Báo cáo')!.getCell('C3').value).toBe('Một cửa không chờ');
  expect(String(copy.getWorksheet('Báo cáo')!.getCell('C3').note)).toContain('Số thứ tự cần xem lại.');
});

test('ClosedXML’s package (absolute part paths, prefixed docProps) is read', async () => {
  const result = await read('closedxml.xlsx');
  expect(result.error).toBeNull();
  expect(result.entries.map((e) => [e.title, e.note])).toEqual([
    ['Hồ sơ trực tuyến tận nhà', ''],
    ['Một cửa không chờ', 'Từ hệ thống báo cáo'],
  ]);
});

test('an office’s sheet holding three wards’ whole reports one under another: every entry, each ward from its own title block', async () => {
  const result = await read('several-tables.xlsx');
  expect(result.entries.map((e) => [e.unit, e.title])).toEqual([
    ['Phường 1', 'Hồ sơ không hẹn'],
    ['Phường 1', 'Một cửa không chờ'],
    ['Phường 4', 'Tủ sách pháp luật điện tử'],
    ['Phường 5', 'Tổ công nghệ số cộng đồng'],
  ]);
  expect(codes(result)).toContain('several-tables');
  expect(errors(result)).toEqual([]);
});

test('a Google Forms responses sheet (questions with hints, a timestamp and an email, no STT, no title block) loses no part', async () => {
  const result = await read('google-forms.xlsx');
  expect(result.error).toBeNull();
  expect(result.entries.map((e) => [e.unit, e.title, e.sections.thucTrang, e.sections.hieuQua, e.sections.tinhMoi])).toEqual([
    ['Phường 7', 'Hồ sơ trực tuyến tận nhà', 'Người dân phải đi lại nhiều lần.', 'Giảm 40% thời gian chờ; 1.200 lượt hài lòng.', 'Lần đầu áp dụng tại phường.'],
    ['Phường 7', 'Một cửa không chờ', 'Người dân chờ lâu ở bộ phận một cửa.', 'Thời gian chờ giảm từ 45 xuống 10 phút.', 'Lấy số từ xa.'],
  ]);
  expect(errors(result)).toEqual([]);
});
