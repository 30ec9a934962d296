/**
 * The streamed workbook writer (server/xlsx/write-xlsx.ts): the parts are ExcelJS's own, the zip
 * is one any reader takes, and a failure while writing ends the stream with it.
 */
import JSZip from 'jszip';
import { Workbook } from '../../server/xlsx/exceljs';
import { addTableOfBody, AS_IS, collect, writeXlsx, type SheetBody } from '../../server/xlsx/write-xlsx';
import { SummaryBytes } from '../../server/summary-bytes';
import { sheetsOf } from '../helpers/workbook';

const MADE = new Date('2026-11-29T08:00:00Z');

const SHEETS = ['Tổng hợp', 'Theo đơn vị'];

/** One sheet with what the summary uses: a table, notes, fills, number formats, frozen panes, print titles. */
function addSheet(workbook: InstanceType<typeof Workbook>, name: string) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { orientation: 'landscape', printTitlesRow: '2:2' } });
  sheet.getCell('A1').value = 'UBND PHƯỜNG SÀI GÒN';
  sheet.addTable({ name: name === 'Tổng hợp' ? 'TongHop' : 'TheoDonVi', ref: 'A2', headerRow: true, columns: [{ name: 'Đơn vị' }, { name: 'Số tiền' }], rows: [['Phường 1', 7_500_000], ['Phường 2', 5_000_000]] });
  sheet.getColumn(2).numFmt = '#,##0';
  sheet.getCell('A3').note = 'Có thể trùng lặp';
  sheet.getCell('A3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };
}

function emptyWorkbook() {
  const workbook = new Workbook();
  workbook.creator = 'Phụ lục';
  workbook.created = MADE;
  workbook.modified = MADE;
  return workbook;
}

/** The two sheets in one workbook. */
function sample() {
  const workbook = emptyWorkbook();
  for (const name of SHEETS) addSheet(workbook, name);
  return workbook;
}

async function parts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  // Files only: JSZip adds an entry for each folder, which no reader needs.
  for (const name of Object.keys(zip.files).sort()) if (!zip.files[name]!.dir) out.set(name, await zip.file(name)!.async('string'));
  return out;
}

/** Each local file header's name and general-purpose flags (APPNOTE 4.3.7). */
function localHeaders(bytes: Buffer): Array<{ name: string; flags: number; compressedSize: number }> {
  const found = [];
  for (let at = 0; at + 30 <= bytes.length; ) {
    if (bytes.readUInt32LE(at) !== 0x04034b50) break;
    const flags = bytes.readUInt16LE(at + 6);
    const compressedSize = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    found.push({ name: bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8'), flags, compressedSize });
    at += 30 + nameLength + extraLength + compressedSize;
  }
  return found;
}

test('the parts are those ExcelJS writes itself, part for part', async () => {
  const ours = await parts(await collect(writeXlsx(sample(), AS_IS, MADE)));
  const theirs = await parts(Buffer.from(await sample().xlsx.writeBuffer()));
  expect([...ours.keys()]).toEqual([...theirs.keys()]);
  for (const [name, text] of theirs) expect({ name, text: ours.get(name) }).toEqual({ name, text });
});

test('sheets made one at a time, each in a workbook of its own, give the parts of the same sheets made in one workbook', async () => {
  const ours = await parts(await collect(writeXlsx(emptyWorkbook(), AS_IS, MADE, SHEETS.map((name) => (workbook) => addSheet(workbook, name)))));
  const theirs = await parts(Buffer.from(await sample().xlsx.writeBuffer()));
  expect([...ours.keys()]).toEqual([...theirs.keys()]);
  for (const [name, text] of theirs) expect({ name, text: ours.get(name) }).toEqual({ name, text });
  // The second sheet's parts are numbered as the second sheet's, its print titles named for it.
  expect(ours.get('xl/workbook.xml')).toContain(`localSheetId="1">&apos;Theo đơn vị&apos;!$2:$2`);
  expect(ours.get('xl/worksheets/_rels/sheet2.xml.rels')).toContain('../tables/table2.xml');
});

/** A sheet of many rows: a table, a row left empty, notes and fills far down, a merge below the table, rows of their own height. */
function addLongSheet(workbook: InstanceType<typeof Workbook>) {
  const sheet = workbook.addWorksheet('Trùng lặp', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.getCell('A1').value = 'DANH SÁCH CÓ THỂ TRÙNG LẶP';
  const rows = Array.from({ length: 23 }, (_, i) => [`Mô hình ${i + 1}`, i % 3 === 0 ? 'Phường 1' : `Xã ${i}`, (i * 7) % 100]);
  sheet.addTable({ name: 'TrungLap', ref: 'A2', headerRow: true, columns: [{ name: 'Tên' }, { name: 'Đơn vị' }, { name: 'Độ tương đồng' }], rows });
  for (const r of [5, 19, 24]) {
    sheet.getCell(r, 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };
    sheet.getRow(r).height = 30;
  }
  sheet.getCell('B22').note = 'Trùng với năm trước';
  sheet.getCell('C2').note = 'Tỷ lệ cụm từ chung';
  sheet.mergeCells('A28:C28');
  sheet.getCell('A28').value = 'NGƯỜI LẬP BIỂU';
}

test('a sheet made on its own is rendered a slice of rows at a time, with the parts ExcelJS writes for it whole', async () => {
  const theirs = emptyWorkbook();
  addLongSheet(theirs);
  const expected = await parts(Buffer.from(await theirs.xlsx.writeBuffer()));
  for (const slice of [4, 1, 2000]) {
    const ours = await parts(await collect(writeXlsx(emptyWorkbook(), AS_IS, MADE, [addLongSheet], slice)));
    expect([...ours.keys()]).toEqual([...expected.keys()]);
    for (const [name, text] of expected) expect({ slice, name, text: ours.get(name) }).toEqual({ slice, name, text });
  }
});

/** The long sheet again, its table's rows left to a body made a slice at a time, as the summary workbook's are. */
function addLongSheetByBody(workbook: InstanceType<typeof Workbook>): SheetBody {
  const sheet = workbook.addWorksheet('Trùng lặp', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.getCell('A1').value = 'DANH SÁCH CÓ THỂ TRÙNG LẶP';
  const rows = Array.from({ length: 23 }, (_, i) => [`Mô hình ${i + 1}`, i % 3 === 0 ? 'Phường 1' : `Xã ${i}`, (i * 7) % 100]);
  addTableOfBody(sheet, { name: 'TrungLap', ref: 'A2', headerRow: true, columns: [{ name: 'Tên' }, { name: 'Đơn vị' }, { name: 'Độ tương đồng' }], rows });
  sheet.getCell('C2').note = 'Tỷ lệ cụm từ chung';
  sheet.mergeCells('A28:C28');
  sheet.getCell('A28').value = 'NGƯỜI LẬP BIỂU';
  sheet.getRow(24).height = 30; // a row below the table, made before the body
  const made: number[] = [];
  return {
    first: 3,
    last: 25,
    fill(from, to) {
      expect(from).toBe((made.at(-1) ?? 2) + 1); // in order, each row once
      for (let n = from; n <= to; n++) {
        made.push(n);
        rows[n - 3]!.forEach((value, c) => {
          sheet.getRow(n).getCell(c + 1).value = value;
        });
        if (n === 5 || n === 19) sheet.getRow(n).height = 30;
      }
      for (const r of [5, 19, 24]) if (r >= from && r <= to) sheet.getCell(r, 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };
      if (22 >= from && 22 <= to) sheet.getCell('B22').note = 'Trùng với năm trước';
    },
  };
}

test('a table whose rows are made a slice at a time, as they are rendered, gives the parts ExcelJS writes for the sheet made whole', async () => {
  const theirs = emptyWorkbook();
  addLongSheet(theirs);
  const expected = await parts(Buffer.from(await theirs.xlsx.writeBuffer()));
  for (const slice of [4, 1, 7, 2000]) {
    const ours = await parts(await collect(writeXlsx(emptyWorkbook(), AS_IS, MADE, [addLongSheetByBody], slice)));
    expect([...ours.keys()]).toEqual([...expected.keys()]);
    for (const [name, text] of expected) expect({ slice, name, text: ours.get(name) }).toEqual({ slice, name, text });
  }
});

test('every part carries its sizes in its own header (no data descriptors), and ExcelJS reads the workbook back', async () => {
  const bytes = await collect(writeXlsx(sample(), AS_IS, MADE));
  const headers = localHeaders(bytes);
  expect(headers.map((h) => h.name)).toContain('xl/worksheets/sheet1.xml');
  for (const h of headers) expect({ name: h.name, descriptor: (h.flags & 0x08) !== 0, sized: h.compressedSize > 0 }).toEqual({ name: h.name, descriptor: false, sized: true });
  const { workbook: read } = await sheetsOf(bytes);
  expect(read.getWorksheet('Theo đơn vị')!.getCell('B3').value).toBe(7_500_000);
  expect(read.getWorksheet('Tổng hợp')!.getTables()).toHaveLength(1);
});

test('edits reach the parts and added parts are in the zip', async () => {
  const editor = {
    edit: (name: string, xml: string) => (name === 'xl/worksheets/sheet2.xml' ? xml.replace('</worksheet>', '<!-- sửa --></worksheet>') : xml),
    more: () => [{ name: 'xl/them.xml', xml: '<them/>' }],
  };
  const written = await parts(await collect(writeXlsx(sample(), editor, MADE)));
  expect(written.get('xl/worksheets/sheet2.xml')).toContain('<!-- sửa --></worksheet>');
  expect(written.get('xl/worksheets/sheet1.xml')).not.toContain('sửa');
  expect(written.get('xl/them.xml')).toBe('<them/>');
});

test('a failure while writing ends the stream with the error, not with a short zip', async () => {
  const failing = { edit: (name: string, xml: string) => (name.startsWith('xl/worksheets/sheet2') ? (() => { throw new Error('hỏng'); })() : xml), more: () => [] };
  await expect(collect(writeXlsx(sample(), failing, MADE))).rejects.toThrow('hỏng');
});

describe('SummaryBytes: a summary read while it still arrives', () => {
  test('a reader that joins late gets every chunk from the first, and the rest as they come', async () => {
    const bytes = new SummaryBytes();
    bytes.push(Buffer.from('một '));
    const early = bytes.whole();
    bytes.push(Buffer.from('hai '));
    const late = bytes.whole();
    await bytes.started();
    bytes.push(Buffer.from('ba'));
    bytes.finish();
    expect((await early).toString()).toBe('một hai ba');
    expect((await late).toString()).toBe('một hai ba');
    expect(await bytes.over()).toBe(true);
    // Joined once: asking again (each GET /api/summary) does not copy the bytes again.
    expect(await bytes.whole()).toBe(await bytes.whole());
  });

  test('a failure before any byte rejects `started`; after some, the readers end with it', async () => {
    const none = new SummaryBytes();
    const waiting = none.started();
    none.fail(new Error('hết bộ nhớ'));
    await expect(waiting).rejects.toThrow('hết bộ nhớ');
    expect(await none.over()).toBe(false);

    const some = new SummaryBytes();
    some.push(Buffer.from('PK'));
    await some.started();
    const reading = some.whole();
    some.fail(new Error('luồng dừng'));
    await expect(reading).rejects.toThrow('luồng dừng');
  });
});
