/**
 * The summary from the command line (reports received by email) and from the server (reports
 * uploaded, scores given): the workbook read back with ExcelJS, and both doors agreeing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { demoRound } from '../../core/rounds/round';
import { runCli } from '../helpers/cli';
import { REPORTS, report } from '../helpers/paths';
import { auth, POINTS, testServer, type TestServer } from '../helpers/server';
import { sheetsOf } from '../helpers/workbook';
import JSZip from 'jszip';
import { installExcel } from '../helpers/excel-host';
import { writeSummarySheets } from '../../addin/excel/summary';
import { summaryTables } from '../../core/consolidation/summary-sheets';

const SHEETS = ['Tổng hợp', 'Danh sách xếp hạng', 'Theo lĩnh vực', 'Theo đơn vị', 'Phân bố điểm', 'Chưa nộp', 'Trùng lặp', 'Giải thưởng'];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-consolidate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('phuluc consolidate', () => {
  test('--json prints files and summary; the workbook has the seven sheets as Excel tables, printable, with their charts', async () => {
    const out = path.join(dir, 'tong-hop.xlsx');
    const run = await runCli(['consolidate', REPORTS, '-o', out, '--json']);
    expect(run.code).toBe(1); // some fixture reports have errors
    const doc = JSON.parse(run.stdout);
    expect(doc.files).toHaveLength(16);
    expect(doc.summary.missing).toEqual(['Văn phòng HĐND và UBND quận', 'Phòng Giáo dục và Đào tạo']);
    expect(doc.summary.duplicates).toHaveLength(1);
    expect(doc.summary.entries).toHaveLength(25);
    // The reader's own bookkeeping (the raw description, cell addresses) stays in its thread.
    for (const entry of doc.summary.entries) {
      expect(entry).not.toHaveProperty('description');
      expect(entry).not.toHaveProperty('cells');
      expect(entry.sections).toHaveProperty('thucTrang');
    }

    const { workbook, rows, grids } = await sheetsOf(readFileSync(out));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEETS);
    const SIGNED = ['Danh sách xếp hạng', 'Giải thưởng'];
    for (const ws of workbook.worksheets) {
      expect(ws.getTables()).toHaveLength(1);
      if (SIGNED.includes(ws.name)) {
        // Nghị định 30's heading (rows 1–3), the title (rows 4–5): the header is row 7; A4 at a scale of its own, Times New Roman.
        expect([ws.getCell('A1').value, ws.getCell('A2').value]).toEqual(['ỦY BAN NHÂN DÂN QUẬN 3', 'PHÒNG NỘI VỤ']);
        expect(String(ws.getCell('A4').value)).toMatch(/ NĂM 2024 \(TẠM TÍNH\)$/);
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
        expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: false, paperSize: 9, printTitlesRow: '7:7' });
        expect(ws.pageSetup.scale).toBeGreaterThanOrEqual(10);
        expect(ws.getCell('A7').font).toMatchObject({ name: 'Times New Roman', bold: true });
        expect(ws.getCell('A7').border).toMatchObject({ top: { style: 'thin' }, bottom: { style: 'thin' } });
        expect(ws.headerFooter.oddFooter).toContain('Trang &P/&N');
        continue;
      }
      // The title block takes rows 1–5: the header is row 6, frozen with it and repeated on every printed page.
      expect(ws.getCell('A1').value).toBe('UBND QUẬN 3');
      expect(String(ws.getCell('A2').value)).toMatch(/ \(TẠM TÍNH\)$/);
      expect(ws.getCell('A2').font).toMatchObject({ bold: true });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
      // A working sheet prints at its own size, over as many pages as it takes (never shrunk to 4.5 pt).
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: false, paperSize: ws.name === 'Tổng hợp' ? 8 : 9, printTitlesRow: '6:6' });
    }
    // Native bar charts beside three tables: entries per field, per unit, and the score distribution.
    const zip = await JSZip.loadAsync(readFileSync(out));
    const charts = await Promise.all([1, 2, 3].map((n) => zip.file(`xl/charts/chart${n}.xml`)!.async('string')));
    expect(charts.map((c) => /<a:t>([^<]+)<\/a:t>/.exec(c)![1])).toEqual(['Số mô hình theo lĩnh vực', 'Số mô hình theo đơn vị', 'Phân bố tổng điểm trung bình']);
    expect(charts[1]).toContain(`<c:f>'Theo đơn vị'!$A$7:$A$${6 + 18}</c:f>`); // 18 units, under the header in row 6
    expect(charts[1]).toContain(`<c:f>'Theo đơn vị'!$B$7:$B$${6 + 18}</c:f>`);
    expect(charts[1]).toContain('<c:v>Phường 13</c:v>'); // the cached categories, for programs that do not recalculate
    const types = await zip.file('[Content_Types].xml')!.async('string');
    for (const n of [1, 2, 3]) expect(types).toContain(`<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
    // Each chart's drawing is on its own sheet (sheet 3, 4, 5), placed before the table parts as the schema orders them.
    for (const [n, sheet] of [[1, 3], [2, 4], [3, 5]]) {
      expect(await zip.file(`xl/worksheets/_rels/sheet${sheet}.xml.rels`)!.async('string')).toContain(`Target="../drawings/drawing${n}.xml"`);
      const xml = await zip.file(`xl/worksheets/sheet${sheet}.xml`)!.async('string');
      expect(xml.indexOf(`<drawing r:id="rIdChart${n}"/>`)).toBeLessThan(xml.indexOf('<tableParts'));
    }
    expect(zip.file('xl/worksheets/_rels/sheet1.xml.rels')?.async('string')).not.toBeUndefined();
    expect(await zip.file('xl/worksheets/sheet1.xml')!.async('string')).not.toContain('<drawing ');
    // Who signs, under the two sheets a council signs; the working sheet signs nothing.
    for (const name of SIGNED) {
      expect(grids[name]!.slice(-8).flat()).toEqual(expect.arrayContaining(['NGƯỜI LẬP BIỂU', '(Ký, ghi rõ họ tên)', 'TRƯỞNG PHÒNG', '(Ký tên, đóng dấu)']));
    }
    expect(grids['Tổng hợp']!.flat()).not.toContain('NGƯỜI LẬP BIỂU');
    // The file's properties in Vietnamese: made with Phụ lục, by Phụ lục, and every note's author too (not "Author").
    expect(await zip.file('docProps/app.xml')!.async('string')).toContain('<Application>Phụ lục</Application>');
    expect(workbook.lastModifiedBy).toBe('Phụ lục');
    for (const name of Object.keys(zip.files).filter((n) => /^xl\/comments\d+\.xml$/.test(n))) expect(await zip.file(name)!.async('string')).not.toContain('<author>Author</author>');
    expect(rows['Tổng hợp']![0]).toEqual(expect.arrayContaining(['Hạng', 'Đơn vị', 'Thực trạng', 'Tính mới, sáng tạo (30)', 'Giải đề xuất']));
    // 25 entries, then the line that says the result is provisional (emailed reports carry no scores).
    expect(rows['Tổng hợp']!.slice(1, -1)).toHaveLength(25);
    expect(rows['Tổng hợp']!.at(-1)![0]).toMatch(/^TẠM TÍNH: 25 mô hình chưa đủ 3 thành viên chấm/);
    expect(rows['Tổng hợp']!.slice(1, -1).every((r) => r[0] === '')).toBe(true); // no scores: rank empty
    expect(rows['Chưa nộp']!.slice(1).map((r) => [r[0], r[2]])).toEqual([
      ['Văn phòng HĐND và UBND quận', 'Chưa gửi báo cáo'],
      ['Phòng Giáo dục và Đào tạo', 'Chưa gửi báo cáo'],
      ['Phường 5', 'Báo cáo không có mô hình nào'],
    ]);
    expect(rows['Trùng lặp']!.slice(1)[0]!.slice(0, 4)).toEqual(['Phường 1', 'Hồ sơ không hẹn', 'Phường 13', 'Hồ sơ không hẹn tại Bộ phận một cửa']);
    // Each pair's similarity coloured; what it measures said once, on its header, not again in a note on every row.
    const duplicates = workbook.getWorksheet('Trùng lặp')!;
    const similarity = (rows['Trùng lặp']![0] as string[]).indexOf('Độ tương đồng') + 1;
    expect(String(duplicates.getCell(6, similarity).note)).toMatch(/^Mức giống nhau cao hơn trong hai cách đo/);
    expect(duplicates.getCell(7, similarity).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFE0B2' } });
    expect(duplicates.getCell(7, similarity).note).toBeUndefined();
    // Each entry's findings beside it (Ghi chú kiểm tra): phường 2's second entry has no Tính mới, coloured as an error.
    const header = rows['Tổng hợp']![0] as string[];
    const findings = header.indexOf('Ghi chú kiểm tra');
    const phuong2 = rows['Tổng hợp']!.filter((r) => r[header.indexOf('Nguồn')] === 'phuong-2.xlsx');
    expect(phuong2.map((r) => String(r[findings]))).toEqual([expect.stringMatching(/^Cảnh báo: Lĩnh vực “Cải cách TTHC”/), expect.stringMatching(/^Lỗi: Thiếu phần Tính mới/)]);
    // Money with thousands separators (7.500.000 in a Vietnamese Excel); technical columns explained on their header.
    const prizes = workbook.getWorksheet('Giải thưởng')!;
    expect(prizes.getColumn(6).numFmt).toBe('#,##0');
    const main = workbook.getWorksheet('Tổng hợp')!;
    const trimmed = (rows['Tổng hợp']![0] as string[]).indexOf('Trung bình cắt') + 1;
    expect(String(main.getCell(6, trimmed).note)).toMatch(/bỏ tổng điểm cao nhất và thấp nhất/);
  }, 60_000);

  test('--round reads a round file; a bad one is a usage error in Vietnamese', async () => {
    const round = demoRound();
    writeFileSync(path.join(dir, 'dot.json'), JSON.stringify({ ...round, units: round.units.slice(0, 2) }));
    const run = await runCli(['consolidate', report('phuong-1.xlsx'), '-o', path.join(dir, 'a.xlsx'), '--round', path.join(dir, 'dot.json'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.missing).toEqual(['Phường 2']);
    writeFileSync(path.join(dir, 'sai.json'), JSON.stringify({ ...round, units: [] }));
    const bad = await runCli(['consolidate', REPORTS, '-o', path.join(dir, 'b.xlsx'), '--round', path.join(dir, 'sai.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('không hợp lệ tại “units”');
    expect((await runCli(['consolidate', REPORTS])).code).toBe(2); // no -o
  }, 60_000);
});

describe('the add-in door', () => {
  test('the sheets the add-in writes hold the same rows as the command line workbook', async () => {
    const out = path.join(dir, 'cli.xlsx');
    const run = await runCli(['consolidate', REPORTS, '-o', out, '--json']);
    const summary = JSON.parse(run.stdout).summary;
    const round = demoRound();
    const host = installExcel();
    await writeSummarySheets(summaryTables(round, summary));
    // Every cell of every sheet, the title and signature blocks with the table.
    const cli = (await sheetsOf(readFileSync(out))).grids;
    // ExcelJS reads a row back without its trailing empty cells; the add-in writes them as "".
    const trimmed = (rows: unknown[][]) => rows.map((r) => {
      const row = r.map((v) => (v === undefined || v === null ? '' : v));
      while (row.length > 0 && row.at(-1) === '') row.pop();
      return row;
    });
    expect(Object.keys(cli)).toEqual(host.workbook.sheets.slice(1).map((s) => s.name));
    for (const [sheet, rows] of Object.entries(cli)) {
      expect(trimmed(host.grid(sheet))).toEqual(trimmed(rows));
    }
  }, 60_000);
});

describe('GET /api/summary and /api/summary.xlsx', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await testServer();
  });
  afterEach(() => s.close());

  const upload = (unit: string, file: string) =>
    request(s.app)
      .post(`/api/submissions/${encodeURIComponent(unit)}/xlsx`)
      .set(auth(s.tokens.admin))
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(readFileSync(report(file)));

  test('scores rank the entries; only the admin may read it; the server and the command line hold the same rows', async () => {
    const files: Array<[string, string]> = [['Phường 1', 'phuong-1.xlsx'], ['Phường 13', 'phuong-13.xlsx'], ['Phòng Văn hóa và Thông tin', 'phong-van-hoa-thong-tin.xlsx']];
    for (const [unit, file] of files) expect((await upload(unit, file)).status).toBe(200);
    const submissions = (await request(s.app).get('/api/submissions').set(auth(s.tokens.admin))).body.submissions;
    const first = submissions.find((x: { unit: string }) => x.unit === 'Phường 13').entries[0].id;
    await request(s.app).put(`/api/scores/${first}`).set(auth(s.tokens.reviewer)).send({ points: POINTS });

    expect((await request(s.app).get('/api/summary').set(auth(s.tokens.officer1))).status).toBe(403);
    const json = await request(s.app).get('/api/summary').set(auth(s.tokens.admin));
    expect(json.status).toBe(200);
    expect(json.body.summary.entries[0]).toMatchObject({ id: first, rank: 1, prize: { tier: 'Giải Nhất', amount: 7_500_000 } });
    expect(json.body.summary.duplicates).toHaveLength(1);

    const xlsx = await request(s.app).get('/api/summary.xlsx').set(auth(s.tokens.admin)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(xlsx.headers['content-disposition']).toMatch(/attachment; filename="?tong-hop-quan-3-2024\.xlsx"?/);
    const server = (await sheetsOf(xlsx.body as Buffer)).rows;
    expect(server['Tổng hợp']![1]![0]).toBe(1);

    // The command line over the same three workbooks; the server's scored entry aside, the rows agree.
    const out = path.join(dir, 'cli.xlsx');
    await runCli(['consolidate', ...files.map(([, f]) => report(f)), '-o', out]);
    const cli = (await sheetsOf(readFileSync(out))).rows;
    // Entry rows only (the TẠM TÍNH line under a provisional table is not an entry).
    const comparable = (rows: unknown[][]) =>
      rows
        .slice(1)
        .filter((r) => r[2] !== undefined && r[2] !== null && r[2] !== '')
        .map((r) => [r[1], r[2], r[3], r[4], r[5], r[6], r[7]])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(comparable(server['Tổng hợp']!)).toEqual(comparable(cli['Tổng hợp']!));
    for (const sheet of ['Theo đơn vị', 'Chưa nộp', 'Trùng lặp']) {
      // The server knows when each report came (Đúng hạn, its date); an emailed file does not (Đã nộp).
      const withoutDates = (rows: unknown[][]) => rows.map((r) => r.filter((_, i) => sheet !== 'Theo đơn vị' || i < 3));
      expect(withoutDates(server[sheet]!)).toEqual(withoutDates(cli[sheet]!));
    }
  }, 60_000);
});

describe('consolidation reads reports only', () => {
  test('consolidating twice into the reports folder gives the same entries; its own summaries and Excel’s lock files are skipped, and said so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-twice-'));
    try {
      for (const name of ['phuong-1.xlsx', 'phuong-2.xlsx']) writeFileSync(path.join(dir, name), readFileSync(report(name)));
      writeFileSync(path.join(dir, '~$phuong-1.xlsx'), 'lock');
      const entries = async (out: string) => {
        const run = await runCli(['consolidate', dir, '-o', path.join(dir, out), '--json']);
        expect(run.code).toBe(1); // phuong-2 has an error
        return JSON.parse(run.stdout) as { files: Array<{ file: string; error: { code: string } | null }>; summary: { entries: unknown[] } };
      };
      const first = await entries('tong-hop.xlsx');
      // Again with the same output: it is never read as a report.
      const second = await entries('tong-hop.xlsx');
      // Into another file: the first summary is in the folder now, known by its marks, and skipped.
      const third = await entries('tong-hop-2.xlsx');
      expect(first.summary.entries).toHaveLength(5);
      expect(second.summary.entries).toHaveLength(5);
      expect(third.summary.entries).toHaveLength(5);
      expect(third.files.find((f) => f.file.endsWith('tong-hop.xlsx'))!.error).toEqual({ code: 'not-a-report', message: expect.stringMatching(/sổ tổng hợp do Phụ lục lập/) });
      expect(third.files.some((f) => f.file.includes('~$'))).toBe(false);
      const text = await runCli(['consolidate', dir, '-o', path.join(dir, 'tong-hop-3.xlsx')]);
      expect(text.stdout).toMatch(/tong-hop\.xlsx\n {4}↷ Bỏ qua: Đây là sổ tổng hợp do Phụ lục lập, không phải báo cáo của một đơn vị\./);
      // An officer who uploads the summary by mistake is told what it is.
      const s = await testServer();
      try {
        const up = await request(s.app)
          .post('/api/submissions/Phường 1/xlsx')
          .set(auth(s.tokens.officer1))
          .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(readFileSync(path.join(dir, 'tong-hop.xlsx')));
        expect([up.status, up.body.error.code]).toEqual([422, 'not-a-report']);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
