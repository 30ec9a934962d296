/**
 * Nộp báo cáo (/nop-bao-cao.html) in Chromium against a real `phuluc serve`: an officer without
 * the add-in checks a report with findings, sees the coloured table, downloads the marked
 * workbook, fixes it, sends it (a double click sends once) and gets a receipt; the admin enters a
 * report for another unit; a renamed CSV and a hostile file each get a clear message and the page
 * stays usable. At phone width too.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { ERROR_FILL, LEGEND_SHEET, NOTE_PREFIX, WARNING_FILL } from '../../core/reader/cell-marks';
import { mergeBomb } from '../helpers/hostile-workbooks';
import { report } from '../helpers/paths';
import { api, eventually, useHarness, type Harness } from './harness';

const harness = useHarness('nop-bao-cao');
const work = mkdtempSync(path.join(tmpdir(), 'phuluc-nop-'));

async function openPage(h: Harness, width = 1100): Promise<Page> {
  const page = await h.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  page.on('pageerror', (error) => h.errors.push(`page error: ${error.message}`));
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  await page.goto(`http://127.0.0.1:${h.port}/nop-bao-cao.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  return page;
}

async function signIn(page: Page, token: string) {
  await page.getByLabel('Mã truy cập của đơn vị').fill(token);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

const choose = (page: Page, file: string) => page.getByLabel('Tệp báo cáo').setInputFiles(file);
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** Each cell's value on every sheet, by sheet and address. */
async function cellValues(file: string | Buffer): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((typeof file === 'string' ? readFileSync(file) : file) as unknown as ArrayBuffer);
  const out = new Map<string, unknown>();
  for (const sheet of wb.worksheets) sheet.eachRow((row) => row.eachCell((cell) => out.set(`${sheet.name}!${cell.address}`, cell.value)));
  return out;
}

test('an officer checks a report with findings, downloads it marked, fixes it, sends it once and gets a receipt', async () => {
  const h = harness();
  const page = await openPage(h);
  await h.screenshot(page, '1-dang-nhap');
  await signIn(page, h.tokens.officer2);
  await page.getByText(/Phường 2 · /).waitFor();
  // The deadline before anything is chosen.
  await page.getByText(/^Hạn nộp \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(còn \d+ ngày\)\.$/).waitFor();

  await choose(page, report('phuong-2.xlsx'));
  await page.getByText('2 mô hình · 1 lỗi · 1 cảnh báo').waitFor();
  // The picture: the missing Tính mới in red on E10, the loosely written field in yellow on D9.
  expect(await page.locator('#o-E10').getAttribute('data-mark')).toBe('error');
  expect(await page.locator('#o-E10').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(ERROR_FILL));
  expect(await page.locator('#o-D9').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(WARNING_FILL));
  expect(await page.locator('td[data-mark]').count()).toBe(2);
  // Findings grouped by entry, the entry with the error first; its cell address leads to the cell.
  const groups = await page.getByRole('list', { name: 'Các điểm cần sửa' }).locator(':scope > li h3').allTextContents();
  expect(groups[0]).toMatch(/^Dòng 10/);
  expect(groups[1]).toMatch(/^Dòng 9/);
  await page.getByRole('button', { name: 'Xem ô E10 trên bảng' }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('o-E10');
  expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled()).toBe(true);
  await h.screenshot(page, '2-ket-qua');

  // Their own workbook back: the problem cells filled and noted, every value as it was.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải về bản đã đánh dấu' }).click()]);
  expect(download.suggestedFilename()).toBe('phuong-2-da-danh-dau.xlsx');
  const markedPath = path.join(work, 'phuong-2-da-danh-dau.xlsx');
  await download.saveAs(markedPath);
  // Every value as it was; the one sheet added says what the marks mean.
  const markedValues = await cellValues(markedPath);
  const legend = new Map([...markedValues].filter(([address]) => address.startsWith(`${LEGEND_SHEET}!`)));
  expect(legend.get(`${LEGEND_SHEET}!A5`)).toBe('Tô đỏ, viền đậm');
  expect(new Map([...markedValues].filter(([address]) => !legend.has(address)))).toEqual(await cellValues(report('phuong-2.xlsx')));
  const marked = new ExcelJS.Workbook();
  await marked.xlsx.readFile(markedPath);
  const sheet = marked.worksheets.find((w) => w.getCell('E10').note)!;
  expect(sheet.getCell('E10').fill).toMatchObject({ fgColor: { argb: `FF${ERROR_FILL.slice(1)}` } });
  expect(sheet.getCell('D9').fill).toMatchObject({ fgColor: { argb: `FF${WARNING_FILL.slice(1)}` } });
  const note = sheet.getCell('E10').note;
  expect(typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join('')).toMatch(new RegExp(`^${NOTE_PREFIX}Thiếu phần Tính mới`));

  // The officer fixes the marked copy in their own program and checks it again.
  const description = sheet.getCell('E10').value;
  sheet.getCell('E10').value = `${typeof description === 'string' ? description : (description as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')}\n- Tính mới: lần đầu áp dụng tại phường.`;
  const fixedPath = path.join(work, 'phuong-2-da-sua.xlsx');
  await marked.xlsx.writeFile(fixedPath);
  await choose(page, fixedPath);
  await page.getByText('2 mô hình · 0 lỗi · 1 cảnh báo').waitFor();
  await page.getByText('Không còn lỗi: có thể gửi báo cáo.').waitFor();

  // A double click sends once.
  await page.getByRole('button', { name: 'Gửi báo cáo' }).dblclick();
  await page.getByRole('heading', { name: 'Biên nhận báo cáo' }).waitFor();
  const receipt = page.getByLabel('Biên nhận báo cáo');
  expect(await receipt.textContent()).toMatch(/Đơn vịPhường 2.*Phiên bản1.*Số mô hình2.*Tệpphuong-2-da-sua\.xlsx/);
  await h.screenshot(page, '3-bien-nhan');
  const held = await api<{ version: number; source: string; entries: unknown[] }>(h, `/api/submissions/${encodeURIComponent('Phường 2')}`);
  expect(held).toMatchObject({ version: 1, source: 'xlsx' });
  expect(held.entries).toHaveLength(2);
  const audit = await api<{ audit: Array<{ action: string; target: string }> }>(h, '/api/audit?limit=100');
  expect(audit.audit.filter((a) => a.action === 'submit' && a.target === 'Phường 2')).toHaveLength(1);

  // Remembered on this browser until Đăng xuất.
  await page.reload();
  await page.getByText(/Phường 2 · /).waitFor();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByLabel('Mã truy cập của đơn vị').waitFor();
  await page.reload();
  await page.getByLabel('Mã truy cập của đơn vị').waitFor();
  await page.close();
});

test('the server’s start banner names the page', async () => {
  const h = harness();
  await eventually(async () => h.server.stderr(), (err) => expect(err).toContain(`${h.server.url}/nop-bao-cao.html`));
});

test('the admin enters a report that arrived by email for another unit', async () => {
  const h = harness();
  const page = await openPage(h);
  await signIn(page, h.tokens.admin);
  expect(await page.getByRole('button', { name: 'Chọn tệp báo cáo' }).isDisabled()).toBe(true);
  await page.getByLabel('Đơn vị nộp báo cáo').selectOption('Phường 1');
  await choose(page, report('phuong-1.xlsx'));
  await page.getByText('3 mô hình · 0 lỗi · 0 cảnh báo').waitFor();
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByRole('heading', { name: 'Biên nhận báo cáo' }).waitFor();
  expect(await page.getByLabel('Biên nhận báo cáo').textContent()).toMatch(/Đơn vịPhường 1.*Phiên bản1.*Số mô hình3/);
  const held = await api<{ version: number; entries: unknown[] }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`);
  expect(held.version).toBe(1);
  expect(held.entries).toHaveLength(3);
  await page.close();
});

test('a renamed CSV and a hostile file each get a clear message, and the page goes on working (phone width)', async () => {
  const h = harness();
  const page = await openPage(h, 390);
  await signIn(page, h.tokens.officer);
  const csv = path.join(work, 'bao-cao.xlsx');
  writeFileSync(csv, 'STT,Đơn vị thực hiện,Tên mô hình\n1,Phường 1,Một cửa\n');
  await choose(page, csv);
  await page.getByText('Không đọc được báo cáo trong tệp này').waitFor();
  await page.getByText(/không phải là bảng tính Excel \.xlsx/).waitFor();
  await h.screenshot(page, '4-tep-csv');

  const hostile = path.join(work, 'doc-hai.xlsx');
  writeFileSync(hostile, mergeBomb());
  await choose(page, hostile);
  await page.getByText('Không đọc được báo cáo trong tệp này').waitFor();
  expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).count()).toBe(0);

  await choose(page, report('phuong-1.xlsx'));
  await page.getByText('3 mô hình · 0 lỗi · 0 cảnh báo').waitFor();
  // Nothing overflows the phone's width but the sheet's own scroller.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await h.screenshot(page, '5-dien-thoai');
  await page.close();
});
