/**
 * Ward files are untrusted: a zip bomb, a renamed CSV, random bytes, a 0-byte file and an .xlsm
 * each give a clear unreadable-file, the process stays up, and the other files are still reported.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { checkWorkbookBytes, LIMITS } from '../../server/xlsx';
import { runCli } from '../helpers/cli';
import { report } from '../helpers/paths';
import { CONTENT_TYPES, makeZip } from '../helpers/zip';

let folder: string;

/** A zip whose sheet inflates past the uncompressed limit, its headers claiming 1 KB. */
function zipBomb(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(LIMITS.uncompressedBytes + 1024 * 1024, 0x20), declaredSize: 1024 },
  ]);
}

async function xlsm(): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(report('phuong-1.xlsx')));
  const types = (await zip.file('[Content_Types].xml')!.async('string')).replace(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  );
  zip.file('[Content_Types].xml', types);
  zip.file('xl/vbaProject.bin', randomBytes(512));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'phuluc-hostile-'));
  writeFileSync(path.join(folder, 'a-bomb.xlsx'), zipBomb());
  writeFileSync(path.join(folder, 'b-renamed-csv.xlsx'), 'STT,Đơn vị thực hiện,Tên mô hình\n1,Phường 1,Hồ sơ không hẹn\n');
  writeFileSync(path.join(folder, 'c-random.xlsx'), randomBytes(4096));
  writeFileSync(path.join(folder, 'd-empty.xlsx'), Buffer.alloc(0));
  writeFileSync(path.join(folder, 'e-macro.xlsm'), await xlsm());
  writeFileSync(path.join(folder, 'f-old.xls'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(1024)]));
  copyFileSync(report('phuong-1.xlsx'), path.join(folder, 'g-phuong-1.xlsx'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('hostile files', () => {
  test.each([
    ['a-bomb.xlsx', /giải nén quá lớn/],
    ['b-renamed-csv.xlsx', /không phải là bảng tính Excel \.xlsx/],
    ['c-random.xlsx', /không phải là bảng tính Excel \.xlsx/],
    ['d-empty.xlsx', /Tệp rỗng/],
    ['f-old.xls', /Excel cũ \(\.xls\)/],
  ])('%s is an unreadable-file with a message a clerk understands', async (name, message) => {
    const result = await checkWorkbookBytes(name, readFileSync(path.join(folder, name)));
    expect(result.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(message) });
    expect(result.entries).toEqual([]);
  });

  test('a macro-enabled workbook (.xlsm with a vbaProject) is read like any other: the reader runs no code (issue #30)', async () => {
    const result = await checkWorkbookBytes('e-macro.xlsm', readFileSync(path.join(folder, 'e-macro.xlsm')));
    expect(result.error).toBeNull();
    expect(result.entries).toHaveLength(3);
  });

  test('a file over the size cap is refused before it is opened', async () => {
    const result = await checkWorkbookBytes('big.xlsx', readFileSync(report('phuong-1.xlsx')), {}, { ...LIMITS, fileBytes: 1024 });
    expect(result.error?.message).toMatch(/lớn hơn/);
  });

  test('too many zip entries is refused', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ name: `xl/media/${i}.bin`, data: Buffer.from('x') }));
    const result = await checkWorkbookBytes('many.xlsx', makeZip(items), {}, { ...LIMITS, zipEntries: 20 });
    expect(result.error?.message).toMatch(/quá nhiều thành phần/);
  });

  test('a sheet beyond the row limit is read up to the limit, with a warning', async () => {
    const result = await checkWorkbookBytes('p1.xlsx', readFileSync(report('phuong-1.xlsx')), {}, { ...LIMITS, rows: 10 });
    expect(result.entries.map((e) => e.row)).toEqual([9, 10]);
    expect(result.issues[0]).toMatchObject({ code: 'sheet-truncated', severity: 'warning' });
  });

  test('the command line reports every file of a hostile folder and stays up', async () => {
    const run = await runCli(['validate', folder, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    const byName = Object.fromEntries(doc.files.map((f: { file: string }) => [path.basename(f.file), f]));
    expect(Object.keys(byName).sort()).toEqual(['a-bomb.xlsx', 'b-renamed-csv.xlsx', 'c-random.xlsx', 'd-empty.xlsx', 'e-macro.xlsm', 'f-old.xls', 'g-phuong-1.xlsx']);
    for (const [name, file] of Object.entries(byName) as Array<[string, { error: { code: string } | null; entries: unknown[] }]>) {
      if (name === 'g-phuong-1.xlsx' || name === 'e-macro.xlsm') {
        expect(file.error).toBeNull();
        expect(file.entries).toHaveLength(3);
      } else {
        expect(file.error?.code).toBe('unreadable-file');
      }
    }
  }, 60_000);
});
