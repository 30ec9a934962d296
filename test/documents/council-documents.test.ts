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
import { demoRound, type Round } from '../../core/rounds/round';
import { ROOT } from '../helpers/paths';
import { variedText } from '../helpers/reports';
import { auth, NOW, POINTS, testServer, type TestServer } from '../helpers/server';
import { MEMBER_COLUMNS_AT_MOST } from '../../core/documents/council-documents';

jest.setTimeout(300_000);
const OUT = path.join(ROOT, 'test-artifacts', 'documents');

const binary = (res: request.Response, cb: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

interface Printed {
  pages: string[];
  wordHeights: number[];
  /** Each page's size in points and its words' heights. */
  bboxPages: Array<{ width: number; height: number; wordHeights: number[] }>;
}

/** A document (.docx, .xlsx) as LibreOffice prints it: its PDF's text page by page (with the layout kept), and every word's height in points. */
function asPrinted(name: string, docx: Buffer, extension = 'docx'): Printed {
  mkdirSync(OUT, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'phuluc-docs-'));
  try {
    const file = path.join(work, `${name}.${extension}`);
    writeFileSync(file, docx);
    writeFileSync(path.join(OUT, `${name}.${extension}`), docx); // kept beside its PDF, to look at
    // A profile of its own: a second LibreOffice (or a user's) never shares the first one's lock.
    execFileSync('soffice', [`-env:UserInstallation=file://${path.join(work, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, file], { stdio: 'pipe', timeout: 240_000 });
    const pdf = path.join(OUT, `${name}.pdf`);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const heightsOf = (xml: string) => [...xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => Number(m[2]) - Number(m[1]));
    const bboxPages = bbox
      .split('<page ')
      .slice(1)
      .map((page) => ({
        width: Number(/width="([\d.]+)"/.exec(page)![1]),
        height: Number(/height="([\d.]+)"/.exec(page)![1]),
        wordHeights: heightsOf(page),
      }));
    // Pages with no text (a sheet's empty page) are left out of both lists alike.
    const pages = text.split('\f');
    const kept = bboxPages.map((_, i) => (pages[i] ?? '').trim() !== '');
    return { pages: pages.filter((_, i) => kept[i]), wordHeights: heightsOf(bbox), bboxPages: bboxPages.filter((_, i) => kept[i]) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

let s: TestServer;
afterEach(() => s.close());

/**
 * A city's round with 40 prizes (so the list runs over pages), 30 units reporting 2 entries each, each scored by `reviewers` members.
 * `copied`: every unit's second entry is the same model, copied from ward to ward (435 likely duplicate pairs).
 */
async function cityRound(reviewerCount: number, copied = false, unitCount = 30): Promise<void> {
  const demo = demoRound(NOW);
  const units = Array.from({ length: unitCount }, (_, i) => ({ name: `Phường ${i + 1}`, kind: 'phuong' as const }));
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
  const reviewers = [s.tokens.reviewer, s.tokens.reviewerFree];
  for (let k = 3; k <= reviewerCount; k++) {
    const name = k === 3 ? 'Thành viên thứ ba' : `Thành viên thứ ${k}`;
    reviewers.push((await request(s.app).post('/api/accounts').set(auth(s.tokens.admin)).send({ role: 'reviewer', name }).expect(201)).body.token as string);
  }
  reviewers.splice(reviewerCount);
  for (const [u, unit] of units.entries()) {
    const entries = [0, 1].map((k) => {
      const seed = copied && k === 1 ? 1_000 : u * 10 + k;
      return {
        row: 9 + k,
        stt: String(k + 1),
        unit: unit.name,
        title: `${variedText(seed, 9)} tại bộ phận một cửa`,
        field: 'Cải cách thủ tục hành chính',
        sections: { thucTrang: variedText(seed + 1, 30), noiDung: variedText(seed + 2, 30), hieuQua: variedText(seed + 3, 20), tinhMoi: variedText(seed + 4, 20) },
        note: '',
      };
    });
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
function expectSignedLayout(printed: Printed) {
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
  expect(all).not.toMatch(/\d{1,3}(?:\.\d{3})+\s*\n\s*đ(?!\p{L})/u);
}

test('a jury of eleven side by side, each column’s label whole; of twelve, each entry’s members listed with their totals, never apart', async () => {
  await cityRound(MEMBER_COLUMNS_AT_MOST, false, 6);
  const grid = asPrinted(`bien-ban-${MEMBER_COLUMNS_AT_MOST}-thanh-vien`, await download('bien-ban-hop-hoi-dong'));
  expectSignedLayout(grid);
  const gridLines = grid.pages.flatMap((p) => p.split('\n'));
  // The header's labels on one line, none broken over two (at twelve, TV10 printed as “TV1” above “0”), STT too.
  const labels = gridLines.find((l) => /TV1\s+TV2/.test(l))!;
  for (let m = 1; m <= MEMBER_COLUMNS_AT_MOST; m++) expect(labels).toMatch(new RegExp(`TV${m}(?!\\d)`));
  expect(gridLines.some((l) => /^\s*STT\b/.test(l))).toBe(true);
  await s.close();

  await cityRound(MEMBER_COLUMNS_AT_MOST + 1, false, 6);
  const listed = asPrinted(`bien-ban-${MEMBER_COLUMNS_AT_MOST + 1}-thanh-vien`, await download('bien-ban-hop-hoi-dong'));
  expectSignedLayout(listed);
  const text = flat(listed);
  says(text, 'Tổng điểm của từng thành viên đã chấm');
  expect(text).not.toMatch(/TV\d+TV\d+/); // no longer a column each
  // Every entry (12) lists every member (12) with a total, and a member's label never ends a line without its total.
  for (let m = 1; m <= MEMBER_COLUMNS_AT_MOST + 1; m++) expect(text.match(new RegExp(`TV${m}:\\d+`, 'g'))).toHaveLength(12);
  expect(listed.pages.flatMap((p) => p.split('\n')).filter((l) => /TV\d+:\s*$/.test(l))).toEqual([]);
});

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
  const titles = await entryTitles();
  expectRowsWhole(report, titles.filter((_, i) => i < 40));

  const minutes = asPrinted('bien-ban-hop-hoi-dong', await download('bien-ban-hop-hoi-dong'));
  expectSignedLayout(minutes);
  // Across A4: a column per member, the mean, the decision.
  expect(minutes.bboxPages[0]!.width).toBeGreaterThan(minutes.bboxPages[0]!.height);
  for (const part of ['BIÊN BẢN', 'TV1', 'TV2', 'TV3', 'Trung bình', 'THƯ KÝ HỘI ĐỒNG', 'CHỦ TỊCH HỘI ĐỒNG', 'Mô hình được công nhận khi điểm trung bình đạt từ 50 điểm trở lên.']) says(flat(minutes), part);
  expectRowsWhole(minutes, titles);

  const annex = asPrinted('danh-sach-khen-thuong', await download('danh-sach-khen-thuong'));
  expectSignedLayout(annex);
  const annexText = flat(annex);
  says(annexText, '(Kèm theo Quyết định số ……/QĐ-SNV ngày …… tháng …… năm …… của Sở Nội vụ)');
  says(annexText, 'Tổng số tiền thưởng: 549.000.000 đ (bằng chữ: Năm trăm bốn mươi chín triệu đồng).');
  expect(annexText).not.toMatch(/Nơinhận|KT\.GIÁMĐỐC/);
});

test('a model every ward copied: Báo cáo kết quả names what the council must settle before awarding and counts the rest, in a few pages', async () => {
  await cityRound(3, true);
  const { summary } = (await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200)).body as {
    summary: { entries: Array<{ id: string; title: string; unit: string; prize?: { tier: string } }>; duplicates: Array<{ a: { id: string }; b: { id: string } }> };
  };
  expect(summary.duplicates).toHaveLength((30 * 29) / 2);
  const prized = new Set(summary.entries.filter((e) => e.prize).map((e) => e.id));
  const prizedAlike = summary.entries.filter((e) => prized.has(e.id) && summary.duplicates.some((d) => d.a.id === e.id || d.b.id === e.id));
  expect(prizedAlike.length).toBeGreaterThan(3);
  const others = summary.duplicates.filter((d) => !prized.has(d.a.id) && !prized.has(d.b.id)).length;
  const report = asPrinted('bao-cao-ket-qua-mo-hinh-nhan-rong', await download('bao-cao-ket-qua'));
  expectSignedLayout(report);
  const text = flat(report);
  // Each prized copy once, with its three most alike and how many more; the other pairs counted, with where they are listed.
  expect(text.split(squeeze('có khả năng trùng lặp với')).length - 1).toBe(prizedAlike.length);
  expect(text.split(squeeze(`và ${29 - 3} mô hình khác (xem sheet “Trùng lặp” của bảng tổng hợp)`)).length - 1).toBe(prizedAlike.length);
  // Its row in the table says how many, and where they are named (the cell's lines print among its neighbours').
  expect(text.split(squeeze('(xem mục')).length - 1).toBe(prizedAlike.length);
  says(text, `Ngoài ra, có ${others} cặp mô hình khác có khả năng trùng lặp, trong đó không có mô hình được đề xuất khen thưởng (xem sheet “Trùng lặp” của bảng tổng hợp)`);
  // A sentence per pair, and every partner named in each prize's row, printed 176 pages (measured on the code before this test); 10 now.
  expect(report.pages.length).toBeLessThanOrEqual(12);
});

/** The round's entry titles, as the summary ranks them. */
async function entryTitles(): Promise<string[]> {
  const summary = (await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200)).body.summary as { entries: Array<{ title: string }> };
  return summary.entries.map((e) => e.title);
}

/**
 * Whether a page shows every word of a cell's text: a sheet's wrapped cells interleave line by
 * line in the PDF's text, so a title is not one run of text there.
 */
const showsWords = (page: string, text: string) => text.split(/\s+/).every((w) => page.includes(w));

/** No table row split across pages: each title printed whole on one page. */
function expectRowsWhole(printed: Printed, titles: string[]) {
  const pages = printed.pages.map(squeeze);
  for (const title of titles) expect(pages.some((p) => showsWords(p, title))).toBe(true);
}

/** The pages of one signed sheet of a workbook: from the page with its title to the first page that shows its signer. */
function sheetPages(printed: Printed, title: string, signer: string) {
  const pages = printed.pages.map(squeeze);
  const first = pages.findIndex((p) => p.includes(squeeze(title)));
  const last = pages.findIndex((p, i) => i >= first && p.includes(squeeze(signer)));
  expect(first).toBeGreaterThanOrEqual(0);
  expect(last).toBeGreaterThanOrEqual(first);
  return { pages: pages.slice(first, last + 1), boxes: printed.bboxPages.slice(first, last + 1) };
}

test('the summary workbook’s signed sheets as LibreOffice prints them: A4 across, 10 pt or more, numbered, TẠM TÍNH, the signature with the last rows', async () => {
  await cityRound(1);
  const workbook = (await request(s.app).get('/api/summary.xlsx').set(auth(s.tokens.admin)).buffer(true).parse(binary).expect(200)).body as Buffer;
  const printed = asPrinted('tong-hop', workbook, 'xlsx');
  const titles = await entryTitles();
  for (const [title, lastRow] of [
    ['DANH SÁCH XẾP HẠNG MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH NĂM 2024 (TẠM TÍNH)', titles.at(-1)!],
    ['DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024 (TẠM TÍNH)', 'Tổng kinh phí (TẠM TÍNH)'],
  ] as const) {
    const sheet = sheetPages(printed, title, 'Nguyễn Văn An');
    expect(sheet.pages.length).toBeGreaterThan(1);
    sheet.boxes.forEach((box, i) => {
      // A4 landscape (842 × 595 pt), nothing under 10 pt, and the page's number in its footer.
      expect([Math.round(box.width), Math.round(box.height)]).toEqual([842, 595]);
      expect(Math.min(...box.wordHeights)).toBeGreaterThanOrEqual(10);
      expect(sheet.pages[i]).toMatch(/Trang\d+\/\d+/);
    });
    // The heading of Nghị định 30 on the first page; TẠM TÍNH across the table's width, whole.
    expect(sheet.pages[0]).toContain(squeeze('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    expect(sheet.pages[0]).toContain(squeeze('SỞ NỘI VỤ'));
    expect(sheet.pages.join('')).toContain(squeeze('TẠM TÍNH: 60 mô hình chưa đủ 3 thành viên chấm.'));
    // The signature never alone: the last row is on the signer's page, with the signer's authority.
    expect(showsWords(sheet.pages.at(-1)!, lastRow)).toBe(true);
    expect(sheet.pages.at(-1)!).toContain(squeeze('KT. GIÁM ĐỐC'));
  }
  // Every entry's row whole on one page of the ranked list.
  const ranked = sheetPages(printed, 'DANH SÁCH XẾP HẠNG', 'Nguyễn Văn An');
  for (const t of titles) expect(ranked.pages.some((page) => showsWords(page, t))).toBe(true);
});

test('unfinished judging: TẠM TÍNH in the title and before the table, naming the entries short of scores', async () => {
  await cityRound(1);
  const report = asPrinted('bao-cao-ket-qua-tam-tinh', await download('bao-cao-ket-qua'));
  const text = flat(report);
  says(text, 'BÁO CÁO (TẠM TÍNH)');
  says(text, 'TẠM TÍNH: 60/60 mô hình chưa đủ 3 thành viên hội đồng chấm');
  says(text, '0/60 mô hình đã được chấm đủ 3 thành viên hội đồng; 60 mô hình chưa đủ.');
  // The list for the units: every entry not (yet) recognised, with its reason; signed, for the units.
  const list = asPrinted('danh-sach-khong-cong-nhan-tam-tinh', await download('danh-sach-khong-cong-nhan'));
  expectSignedLayout(list);
  says(flat(list), 'DANH SÁCH (TẠM TÍNH)');
  says(flat(list), 'Chưa đủ 3 thành viên chấm');
  says(flat(list), '(mới có 1)');
  says(flat(list), 'Các đơn vị có tên trong danh sách;');
  expectRowsWhole(list, await entryTitles());
});
