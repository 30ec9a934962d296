/**
 * POST /api/check and /api/check/marked: a workbook checked as the upload route would judge it,
 * for the browser page, by the unit's officer or the admin; nothing is stored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { ERROR_FILL, LEGEND_SHEET, NOTE_PREFIX, WARNING_FILL } from '../../core/reader/cell-marks';
import { LIMITS } from '../../server/xlsx';
import { mergeBomb } from '../helpers/hostile-workbooks';
import { report } from '../helpers/paths';
import { auth, testServer, type TestServer } from '../helpers/server';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const check = (token: string, bytes: Buffer, query = '', type = XLSX) => request(s.app).post(`/api/check${query}`).set(auth(token)).set('Content-Type', type).send(bytes);
const marked = (token: string, bytes: Buffer, query = '') =>
  request(s.app)
    .post(`/api/check/marked${query}`)
    .set(auth(token))
    .set('Content-Type', XLSX)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .send(bytes);

/**
 * Every file under the data folder with its content: what "nothing stored" is checked against,
 * after `token` was used once (its first use in the hour records its "last used" time).
 */
async function folderStateAfterUse(token: string): Promise<Record<string, string>> {
  await request(s.app).get('/api/me').set(auth(token)).expect(200);
  return folderState(s.dir);
}

function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

const phuong2 = () => readFileSync(report('phuong-2.xlsx'));

describe('POST /api/check', () => {
  test("the officer's workbook is answered as validate --json would, with the picture of its table, and nothing is stored", async () => {
    const before = await folderStateAfterUse(s.tokens.officer2);
    const res = await check(s.tokens.officer2, phuong2());
    expect(res.status).toBe(200);
    expect(res.body.files).toHaveLength(1);
    const [file] = res.body.files;
    expect(file).toMatchObject({ sheet: expect.any(String), error: null });
    expect(file.entries.map((e: { title: string }) => e.title)).toHaveLength(2);
    expect(file.issues).toContainEqual(expect.objectContaining({ code: 'missing-section', severity: 'error', section: 'tinhMoi' }));
    expect(file.issues).toContainEqual(expect.objectContaining({ code: 'field-normalized', severity: 'warning', canonical: 'Cải cách thủ tục hành chính' }));
    // The picture starts at the header row and holds every cell a finding names.
    const { picture } = file;
    expect(picture.rows[0][0]).toBe('STT');
    for (const issue of file.issues.filter((i: { cell: string | null }) => i.cell)) {
      const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(issue.cell)!;
      const text = picture.rows[Number(row) - picture.top][picture.columns.indexOf(letters)];
      expect(text).toEqual(expect.any(String));
    }
    const missing = file.issues.find((i: { code: string }) => i.code === 'missing-section');
    expect(picture.rows[missing.row - picture.top].join(' ')).toContain(file.entries[1].title);
    expect(folderState(s.dir)).toEqual(before);
    expect((await request(s.app).get('/api/submissions').set(auth(s.tokens.admin))).body.submissions).toEqual([]);
  });

  test('the findings are the upload route’s: another unit’s report is wrong-unit for this officer', async () => {
    const res = await check(s.tokens.officer1, phuong2());
    expect(res.status).toBe(200);
    expect(res.body.files[0].issues.filter((i: { code: string }) => i.code === 'wrong-unit')).toHaveLength(2);
    const upload = await request(s.app).post('/api/submissions/Phường 1/xlsx').set(auth(s.tokens.officer1)).set('Content-Type', XLSX).send(phuong2());
    expect(upload.status).toBe(422);
    expect(upload.body.issues.map((i: { code: string }) => i.code).sort()).toEqual(res.body.files[0].issues.map((i: { code: string }) => i.code).sort());
  });

  test('roles: the admin checks for any unit; an officer only for their own; a reviewer and no token are refused', async () => {
    const asAdmin = await check(s.tokens.admin, phuong2(), `?unit=${encodeURIComponent('Phường 1')}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.files[0].issues.some((i: { code: string }) => i.code === 'wrong-unit')).toBe(true);
    const adminNoUnit = await check(s.tokens.admin, phuong2());
    expect(adminNoUnit.body.files[0].issues.some((i: { code: string }) => i.code === 'wrong-unit')).toBe(false);

    const otherUnit = await check(s.tokens.officer1, phuong2(), `?unit=${encodeURIComponent('Phường 2')}`);
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body.error.message).toMatch(/không được xem hay gửi báo cáo của Phường 2/);
    expect((await check(s.tokens.reviewer, phuong2())).status).toBe(403);
    expect((await request(s.app).post('/api/check').set('Content-Type', XLSX).send(phuong2())).status).toBe(401);
    expect((await check(s.tokens.admin, phuong2(), '?unit=Phường 99')).status).toBe(404);
  });

  test('limits: a file over the limit is 413, another content type 415, an empty body 400, a renamed CSV and a hostile workbook a clear finding', async () => {
    expect((await check(s.tokens.officer1, Buffer.alloc(LIMITS.fileBytes + 1))).status).toBe(413);
    expect((await check(s.tokens.officer1, Buffer.from('a,b'), '', 'text/csv')).status).toBe(415);
    expect((await check(s.tokens.officer1, Buffer.alloc(0))).status).toBe(400);

    const csv = await check(s.tokens.officer1, Buffer.from('STT,Đơn vị,Tên\n1,Phường 1,Một cửa\n'));
    expect(csv.status).toBe(200);
    expect(csv.body.files[0].error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(/không phải là bảng tính Excel \.xlsx/) });
    expect(csv.body.files[0].picture).toBeNull();

    const hostile = await check(s.tokens.officer1, mergeBomb());
    expect(hostile.status).toBe(200);
    expect(hostile.body.files[0].error.code).toBe('unreadable-file');
    // The server is still there for the next file.
    expect((await check(s.tokens.officer2, phuong2())).body.files[0].error).toBeNull();
  });
});

describe('POST /api/check/marked', () => {
  test('the workbook comes back with each problem cell filled as the add-in fills it and a note, and every other cell unchanged', async () => {
    const before = await folderStateAfterUse(s.tokens.officer2);
    const found = (await check(s.tokens.officer2, phuong2())).body.files[0];
    const res = await marked(s.tokens.officer2, phuong2());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    expect(res.headers['content-disposition']).toContain('attachment');
    // Named after the unit and the time it was checked, not one name for every download.
    expect(res.headers['content-disposition']).toMatch(/filename="?bao-cao-phuong-2-kiem-tra-\d{8}-\d{4}\.xlsx"?$/);

    const original = new ExcelJS.Workbook();
    await original.xlsx.load(phuong2() as unknown as ArrayBuffer);
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.load(res.body as ArrayBuffer);
    // The original sheets, then the legend saying what the marks mean.
    expect(copy.worksheets.map((w) => w.name)).toEqual([...original.worksheets.map((w) => w.name), LEGEND_SHEET]);
    const legend = copy.getWorksheet(LEGEND_SHEET)!;
    expect(legend.getCell('A5').value).toBe('Tô đỏ, viền đậm');
    expect(String(legend.getCell('B5').value)).toMatch(/^Lỗi: phải sửa trước khi gửi/);
    // Its properties in Vietnamese: who checked it (the officer's account has no name of its own: the secretariat's), made with Phụ lục, its notes by the same.
    const officer = s.store.data.accounts.find((a) => a.role === 'officer' && a.unit === 'Phường 2')!;
    const by = officer.name || 'Phòng Nội vụ';
    expect(copy.lastModifiedBy).toBe(by);
    const parts = await JSZip.loadAsync(res.body as Buffer);
    expect(await parts.file('docProps/app.xml')!.async('string')).toContain('<Application>Phụ lục</Application>');
    const comments = Object.keys(parts.files).filter((n) => /^xl\/comments\d+\.xml$/.test(n));
    expect(comments.length).toBeGreaterThan(0);
    for (const name of comments) expect(await parts.file(name)!.async('string')).toContain(`<author>${by}</author>`);

    const expected = new Map<string, string>();
    for (const issue of found.issues) if (issue.cell) expected.set(issue.cell, issue.severity === 'error' || expected.get(issue.cell) === ERROR_FILL ? ERROR_FILL : WARNING_FILL);
    expect(expected.size).toBeGreaterThanOrEqual(2);
    const sheet = copy.getWorksheet(found.sheet)!;
    for (const [address, fill] of expected) {
      const cell = sheet.getCell(address);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill.slice(1)}` } });
      // In black and white too: an error's border is heavy, a warning's dashed.
      expect(cell.border?.left?.style).toBe(fill === ERROR_FILL ? 'medium' : 'dashed');
      const note = typeof cell.note === 'string' ? cell.note : (cell.note?.texts ?? []).map((t) => t.text).join('');
      expect(note.startsWith(NOTE_PREFIX)).toBe(true);
      for (const issue of found.issues.filter((i: { cell: string }) => i.cell === address)) expect(note).toContain(issue.message);
    }
    // Every value, and every other cell's fill and note, as it was.
    for (const originalSheet of original.worksheets) {
      const copied = copy.getWorksheet(originalSheet.name)!;
      originalSheet.eachRow({ includeEmpty: false }, (row, r) =>
        row.eachCell({ includeEmpty: false }, (cell, c) => {
          const other = copied.getCell(r, c);
          expect(other.value).toEqual(cell.value);
          if (originalSheet.name === found.sheet && expected.has(cell.address)) return;
          expect(other.fill ?? null).toEqual(cell.fill ?? null);
          expect(other.note ?? null).toEqual(cell.note ?? null);
        }),
      );
    }
    expect(folderState(s.dir)).toEqual(before);
  });

  test('a file that cannot be read has no marked copy: 422 with the reason', async () => {
    const res = await request(s.app).post('/api/check/marked').set(auth(s.tokens.officer1)).set('Content-Type', XLSX).send(Buffer.from('STT,Tên\n'));
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/không phải là bảng tính Excel/);
    expect((await marked(s.tokens.reviewer, phuong2())).status).toBe(403);
  });
});
