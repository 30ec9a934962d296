/** The ExcelJS adapter gives the grid Office.js `range.values` would give, for a real .xlsx. */
import ExcelJS from 'exceljs';
import { checkWorkbookBytes, loadWorkbook } from '../../server/xlsx';
import { cellFromExcel, serialToIso } from '../../core/dates';

async function workbookBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Hướng dẫn').getCell('A1').value = 'Điền báo cáo ở trang sau.';
  const ws = wb.addWorksheet('Báo cáo');
  ws.getCell('A1').value = 'ỦY BAN NHÂN DÂN QUẬN 3';
  ws.mergeCells('A1:C1');
  ws.getRow(3).values = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
  ws.getCell('A4').value = { formula: 'ROW()-3', result: 1 };
  ws.getCell('B4').value = 'Phường 7';
  ws.getCell('C4').value = { text: 'Cổng tra cứu hồ sơ', hyperlink: 'https://example.invalid/tra-cuu' };
  ws.getCell('D4').value = 'Cải cách thủ tục hành chính';
  ws.getCell('E4').value = {
    richText: [
      { font: { bold: true }, text: 'Thực trạng: ' },
      { text: 'Chậm.\n' },
      { font: { bold: true }, text: 'Nội dung: ' },
      { text: 'Tra cứu trực tuyến.\n' },
      { font: { bold: true }, text: 'Hiệu quả: ' },
      { text: 'Nhanh.\n' },
      { font: { bold: true }, text: 'Tính mới: ' },
      { text: 'Lần đầu.' },
    ],
  };
  ws.getCell('F4').value = new Date(Date.UTC(2024, 8, 15));
  ws.getCell('H4').value = { formula: 'NA()', result: { error: '#N/A' } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('ExcelJS worksheet → grid', () => {
  test('merged cells, formulas, hyperlinks, rich text and dates become plain values', async () => {
    const { sheets } = await loadWorkbook(await workbookBytes());
    expect(sheets.map((s) => s.name)).toEqual(['Hướng dẫn', 'Báo cáo']);
    const grid = sheets[1]!.grid;
    expect(grid[0]).toEqual(['ỦY BAN NHÂN DÂN QUẬN 3']); // merged: top-left only; a row is as long as its last value
    expect(grid[3]![0]).toBe(1); // the formula's cached result
    expect(grid[3]![2]).toBe('Cổng tra cứu hồ sơ');
    expect(grid[3]![4]).toBe('Thực trạng: Chậm.\nNội dung: Tra cứu trực tuyến.\nHiệu quả: Nhanh.\nTính mới: Lần đầu.');
    expect(grid[3]![5]).toBe('2024-09-15');
    expect(grid[3]![7]).toBe('#N/A');
  });

  test('the report is found on the second sheet and read through the same core reader', async () => {
    const result = await checkWorkbookBytes('bao-cao.xlsx', await workbookBytes());
    expect(result.sheet).toBe('Báo cáo');
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ row: 4, stt: '1', title: 'Cổng tra cứu hồ sơ', note: '2024-09-15' });
    expect(result.entries[0]!.sections).toEqual({ thucTrang: 'Chậm.', noiDung: 'Tra cứu trực tuyến.', hieuQua: 'Nhanh.', tinhMoi: 'Lần đầu.' });
  });
});

describe('a date-formatted cell whose value is no date (issue #30)', () => {
  test('a phone number, a formula giving text and #N/A in date-formatted cells: the report is read, not refused as corrupt', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Phụ lục');
    ws.getRow(1).values = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú', 'Số điện thoại'];
    ws.getRow(2).values = [1, 'Phường 7', 'Cổng tra cứu hồ sơ', 'Cải cách thủ tục hành chính', 'Thực trạng: Chậm. Nội dung: Nhanh. Hiệu quả: Tốt. Tính mới: Có.'];
    for (const [address, value] of [
      ['F2', { formula: 'IF(1,"chưa có","")', result: 'chưa có' }],
      ['G2', 912_345_678],
      ['H2', { formula: 'NA()', result: { error: '#N/A' } }],
      ['I2', -5],
    ] as const) {
      const cell = ws.getCell(address);
      cell.value = value as ExcelJS.CellValue;
      cell.numFmt = 'dd/mm/yyyy';
    }
    const result = await checkWorkbookBytes('so-dien-thoai.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(result.error).toBeNull();
    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ title: 'Cổng tra cứu hồ sơ' });
  });

  test('in the add-in’s conversion too: a serial no date has stays its number', () => {
    expect(cellFromExcel(912_345_678, 'dd/mm/yyyy')).toBe(912_345_678);
    expect(cellFromExcel(-1, 'dd/mm/yyyy')).toBe(-1);
    expect(cellFromExcel(45_550, 'dd/mm/yyyy')).toBe('2024-09-15');
    expect(serialToIso(Number.NaN)).toBeNull();
  });
});

describe('zip entries as other writers store them (issue #30)', () => {
  test('an empty entry stored as deflated with no stream (a 0-byte thumbnail) is read, not called corrupt', async () => {
    const JSZip = (await import('jszip')).default;
    const { makeZip } = await import('../helpers/zip');
    const { reportWorkbook } = await import('../helpers/report-workbook');
    const { entries } = await import('../helpers/server');
    const zip = await JSZip.loadAsync(await reportWorkbook('Phường 1', entries('Phường 1', ['Một cửa số'])));
    const items = await Promise.all(Object.values(zip.files).filter((f) => !f.dir).map(async (f) => ({ name: f.name, data: Buffer.from(await f.async('uint8array')) })));
    const bytes = makeZip([...items, { name: 'docProps/thumbnail.jpeg', data: Buffer.alloc(0), packed: Buffer.alloc(0) }]);
    const result = await checkWorkbookBytes('thumbnail.xlsx', bytes);
    expect(result.error).toBeNull();
    expect(result.entries.map((e) => e.title)).toEqual(['Một cửa số']);
  });
});

describe('files that are not .xlsx, told by what they are (issue #30)', () => {
  const ole = (...streams: string[]) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), ...streams.map((s) => Buffer.from(s, 'utf16le')), Buffer.alloc(512)]);
  test.each([
    ['an encrypted workbook (password to open)', ole('EncryptionInfo', 'EncryptedPackage'), /đã được đặt mật khẩu mở tệp.*Mã hóa bằng Mật khẩu, xóa mật khẩu/],
    ['an old .xls', ole('Workbook', 'SummaryInformation'), /Excel cũ \(\.xls, Excel 97–2003\)/],
    ['a compound file that says neither', ole('Something'), /Excel cũ \(\.xls\) hoặc đã được đặt mật khẩu/],
  ])('%s', async (_name, bytes, message) => {
    const result = await checkWorkbookBytes('tep.xlsx', bytes);
    expect(result.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(message) });
  });

  test('an .ods from LibreOffice is told how to save it as .xlsx there, not to “open it in Excel”', async () => {
    const { makeZip } = await import('../helpers/zip');
    const ods = makeZip([{ name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), packed: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') }, { name: 'content.xml', data: Buffer.from('<office:document-content/>') }]);
    const result = await checkWorkbookBytes('bao-cao.ods', ods);
    expect(result.error?.message).toMatch(/^Tệp là bảng tính LibreOffice\/OpenOffice \(\.ods\)\. Trong LibreOffice Calc, chọn Tệp → Lưu thành/);
  });
});
