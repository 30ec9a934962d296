/**
 * The documents a council signs (issue #29), opened as the council would: each .docx downloaded
 * from the server, turned into a PDF by LibreOffice (headless, Debian's package), read back with
 * pdftotext. What is checked is what a reader sees on A4: the national title and the motto each on
 * one line, no text under 10 pt, money never broken, page numbers from page 2, TẠM TÍNH while the
 * judging is unfinished, the number and place-date lines, the signer, the recipients.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { demoRound, type Round } from '../../core/round';
import { ROOT } from '../helpers/paths';
import { variedText } from '../helpers/reports';
import { auth, NOW, POINTS, testServer, type TestServer } from '../helpers/server';

jest.setTimeout(300_000);
const OUT = path.join(ROOT, 'test-artifacts', 'documents');

const binary = (res: request.Response, cb: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The .docx as LibreOffice prints it: its PDF's text page by page (with the layout kept), and every word's height in points. */
function asPrinted(name: string, docx: Buffer): { pages: string[]; wordHeights: number[] } {
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'phuluc-docs-'));
  try {
    const file = path.join(work, `${name}.docx`);
    writeFileSync(file, docx);
    // A profile of its own: a second LibreOffice (or a user's) never shares the first one's lock.
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, file], { stdio: 'pipe', timeout: 240_000 });
    const pdf = path.join(OUT, `${name}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    const wordHeights = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => Number(m[2]) - Number(m[1]));
    return { pages: text.split('\f').filter((p) => p.trim() !== ''), wordHeights };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let s: TestServer;
afterEach(() => s.close());

/** A city's round with 40 prizes (so the list runs over pages), 30 units reporting 2 entries each, each scored by `reviewers` members. */
async function cityRound(reviewerCount: number): Promise<void> {
  const demo = demoRound(NOW);
  const units = Array.from({ length: 30 }, (_, i) => ({ name: `Phường ${i + 1}`, kind: 'phuong' as const }));
  const round: Round = {
    ...demo,
    organiser: 'UBND Thành phố Hồ Chí Minh',
    units: [...units, { name: 'Phòng Tư pháp', kind: 'co-quan-chuyen-mon' }],
    prizes: [
      { name: 'Giải Nhất', count: 4, amount: { tapThe: 31_500_000, caNhan: 21_000_000 } },
      { name: 'Giải Nhì', count: 12, amount: { tapThe: 15_000_000, caNhan: 10_000_000 } },
      { name: 'Giải Ba', count: 24, amount: { tapThe: 7_500_000, caNhan: 5_000_000 } },
    ],
    documents: { signerAuthority: 'KT. GIÁM ĐỐC', signerTitle: 'PHÓ GIÁM ĐỐC', signerName: 'Nguyễn Văn An' },
  };
  s = await testServer(round);
  const third = (await request(s.app).post('/api/accounts').set(auth(s.tokens.admin)).send({ role: 'reviewer', name: 'Thành viên thứ ba' }).expect(201)).body.token as string;
  const reviewers = [s.tokens.reviewer, s.tokens.reviewerFree, third].slice(0, reviewerCount);
  for (const [u, unit] of units.entries()) {
    const entries = [0, 1].map((k) => ({
      row: 9 + k,
      stt: String(k + 1),
      unit: unit.name,
      title: `${variedText(u * 10 + k, 9)} tại bộ phận một cửa`,
      field: 'Cải cách thủ tục hành chính',
      sections: { thucTrang: variedText(u * 10 + k + 1, 30), noiDung: variedText(u * 10 + k + 2, 30), hieuQua: variedText(u * 10 + k + 3, 20), tinhMoi: variedText(u * 10 + k + 4, 20) },
      note: '',
    }));
    const sent = await request(s.app).put(`/api/submissions/${encodeURIComponent(unit.name)}`).set(auth(s.tokens.admin)).send({ entries }).expect(200);
    for (const [k, e] of (sent.body.entries as Array<{ id: string }>).entries()) {
      for (const token of reviewers) await request(s.app).put(`/api/scores/${e.id}`).set(auth(token)).send({ points: { ...POINTS, tinhMoi: 10 + ((u * 2 + k) % 20) } }).expect(200);
    }
  }
}

const download = async (name: string) => (await request(s.app).get(`/api/summary/documents/${name}`).set(auth(s.tokens.admin)).buffer(true).parse(binary).expect(200)).body as Buffer;

/**
 * The printed text without its spaces: what a sentence says, wherever the lines break (pdftotext
 * also splits words of a justified line where its letters are spread). Compare with squeeze(...).
 */
const squeeze = (text: string) => text.replace(/\s+/g, '');
const flat = (printed: { pages: string[] }) => squeeze(printed.pages.join(''));
const says = (printed: string, sentence: string) => expect(printed).toContain(squeeze(sentence));

/** What every signed document shows, whatever it is. */
function expectSignedLayout(printed: { pages: string[]; wordHeights: number[] }) {
  const first = printed.pages[0]!;
  // Each on one line of its own (not broken over two): the line holds the whole phrase.
  expect(first.split('\n').some((l) => /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/.test(l))).toBe(true);
  expect(first.split('\n').some((l) => /Độc lập - Tự do - Hạnh phúc/.test(l))).toBe(true);
  // The issuing body under its superior (the decree lets a long name run over two lines).
  expect(first.replace(/\s+/g, ' ')).toMatch(/ỦY BAN NHÂN DÂN .*THÀNH PHỐ HỒ CHÍ MINH .*SỞ NỘI VỤ/);
  // Nothing a reader must squint at: every word at least 10 pt tall (a glyph box is about the font size).
  expect(Math.min(...printed.wordHeights)).toBeGreaterThanOrEqual(10);
  // Several pages, numbered from the second (the number is the page's first text).
  expect(printed.pages.length).toBeGreaterThan(1);
  printed.pages.slice(1).forEach((page, i) => expect(page.trim().split('\n')[0]!.trim()).toBe(String(i + 2)));
  expect(first.trim().split('\n')[0]!.trim()).not.toBe('1');
  // Money is never broken between the figure and "đ".
  const all = printed.pages.join('\n');
  expect(all).not.toMatch(/\d\s*\n\s*đ\b/);
}

test('judged: Báo cáo kết quả and the prize list as LibreOffice prints them', async () => {
  await cityRound(3);
  const report = asPrinted('bao-cao-ket-qua', await download('bao-cao-ket-qua'));
  expectSignedLayout(report);
  const text = flat(report);
  says(text, 'Số: ……/BC-SNV');
  // The place-date line whole on one line.
  expect(report.pages[0]!.split('\n').some((l) => /Thành phố Hồ Chí Minh, ngày\s+tháng\s+năm 2024/.test(l))).toBe(true);
  for (const part of ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Nguyễn Văn An', 'Nơi nhận:', '31.500.000 đ', 'bằng chữ: Năm trăm bốn mươi chín triệu đồng']) says(text, part);
  expect(text).not.toContain(squeeze('TẠM TÍNH'));

  const annex = asPrinted('danh-sach-khen-thuong', await download('danh-sach-khen-thuong'));
  expectSignedLayout(annex);
  const annexText = flat(annex);
  says(annexText, '(Kèm theo Quyết định số ……/QĐ-SNV ngày …… tháng …… năm …… của Sở Nội vụ)');
  says(annexText, 'Tổng số tiền thưởng: 549.000.000 đ (bằng chữ: Năm trăm bốn mươi chín triệu đồng).');
  expect(annexText).not.toMatch(/Nơinhận|KT\.GIÁMĐỐC/);
});

test('unfinished judging: TẠM TÍNH in the title and before the table, naming the entries short of scores', async () => {
  await cityRound(1);
  const report = asPrinted('bao-cao-ket-qua-tam-tinh', await download('bao-cao-ket-qua'));
  const text = flat(report);
  says(text, 'BÁO CÁO (TẠM TÍNH)');
  says(text, 'TẠM TÍNH: 60/60 mô hình chưa đủ 3 thành viên hội đồng chấm');
  says(text, '0/60 mô hình đã được chấm đủ 3 thành viên hội đồng; 60 mô hình chưa đủ.');
});
