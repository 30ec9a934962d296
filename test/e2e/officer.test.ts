/**
 * The officer's task pane in Chromium: settings → template → two entries → Kiểm tra (findings,
 * marks) → fix → Gửi báo cáo → the server holds the version; and a fixture report (phuong-2)
 * whose findings match the fixtures README, with the one-click field fix.
 */
import { ERROR_FILL, WARNING_FILL } from '../../addin/excel/marks';
import { report } from '../helpers/paths';
import { api, connectPane, eventually, submitReport, typeCells, useHarness, workbookOf } from './harness';

const harness = useHarness('officer');


const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';

test('settings → template → two entries → check and fix → send: the server holds the version', async () => {
  const h = harness();
  const page = await h.openPane();
  await page.getByText('Cài đặt kết nối').or(page.getByLabel('Mã truy cập')).first().waitFor();
  await h.screenshot(page, '1-cai-dat');
  await connectPane(page, h.tokens.officer);
  await page.getByText('Phường 1', { exact: true }).waitFor();
  await h.screenshot(page, '2-da-ket-noi');

  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  await page.getByRole('button', { name: 'Chèn mẫu Phụ lục' }).click();
  await page.getByText(/Đã chèn mẫu vào trang “Phụ lục”/).waitFor();
  const inserted = await workbookOf(page);
  expect(inserted.sheets.map((s) => [s.name, s.visibility])).toEqual([
    ['Sheet1', 'Visible'],
    ['Danh mục lĩnh vực', 'VeryHidden'],
    ['Phụ lục', 'Visible'],
  ]);

  // The officer types two entries; the second lacks its Tính mới, the first writes its field loosely.
  await page.evaluate((full) => {
    const type = window.phulucSim!.type;
    type('Phụ lục', 'B9', 'Phường 1');
    type('Phụ lục', 'C9', 'Một cửa liên thông');
    type('Phụ lục', 'D9', 'Cải cách TTHC');
    type('Phụ lục', 'E9', full);
    type('Phụ lục', 'B10', 'Phường 1');
    type('Phụ lục', 'C10', 'Sổ tay điện tử');
    type('Phụ lục', 'D10', 'Cải cách thể chế');
    type('Phụ lục', 'E10', full.replace(/\n- Tính mới.*$/, ''));
  }, FULL);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Trang “Phụ lục”: 2 mô hình · 1 lỗi · 1 cảnh báo').waitFor();
  await h.screenshot(page, '3-kiem-tra');
  const marked = (await workbookOf(page)).sheets.find((s) => s.name === 'Phụ lục')!;
  const markedCells = Object.entries(marked.fills).filter(([, colour]) => colour === ERROR_FILL || colour === WARNING_FILL);
  expect(markedCells.sort()).toEqual([
    ['D9', WARNING_FILL],
    ['E10', ERROR_FILL],
  ]);
  expect(marked.notes.E10).toMatch(/^Phụ lục: .*Tính mới/s);
  await expect(page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled()).resolves.toBe(true);

  await page.getByRole('button', { name: /Tính mới/ }).first().click();
  await eventually(() => workbookOf(page), (w) => expect(w.selection).toEqual({ sheet: 'Phụ lục', address: 'E10' }));
  await page.getByRole('button', { name: 'Sửa thành “Cải cách thủ tục hành chính”' }).click();
  await page.getByText('Trang “Phụ lục”: 2 mô hình · 1 lỗi · 0 cảnh báo').waitFor();
  await page.evaluate((full) => window.phulucSim!.type('Phụ lục', 'E10', full), FULL);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();

  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByText('Máy chủ đã nhận báo cáo').waitFor();
  await h.screenshot(page, '4-da-gui');
  const held = await api<{ version: number; entries: Array<{ id: string; title: string; field: string }> }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`);
  expect(held.version).toBe(1);
  expect(held.entries.map((e) => [e.title, e.field])).toEqual([
    ['Một cửa liên thông', 'Cải cách thủ tục hành chính'],
    ['Sổ tay điện tử', 'Cải cách thể chế'],
  ]);
  // The ids came back into the hidden column.
  const after = (await workbookOf(page)).sheets.find((s) => s.name === 'Phụ lục')!;
  await eventually(() => workbookOf(page), (w) => expect(w.sheets.find((s) => s.name === 'Phụ lục')!.values.slice(8, 10).map((r) => r[6])).toEqual(held.entries.map((e) => e.id)));
  expect(after.hiddenColumns).toEqual([6]);
  await page.close();
});

test('phuong-2.xlsx: the findings the fixtures README states, and the one-click field fix', async () => {
  const h = harness();
  const page = await h.openPane(report('phuong-2.xlsx'));
  await connectPane(page, h.tokens.officer2);
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText(/^Trang “.*”: 2 mô hình · 1 lỗi · 1 cảnh báo$/).waitFor();
  await h.screenshot(page, 'phuong-2-kiem-tra');
  const second = page.getByRole('region', { name: /^Dòng \d+:/ }).nth(1);
  await expect(second.getByText(/Tính mới/).count()).resolves.toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Sửa thành “Cải cách thủ tục hành chính”' }).click();
  await page.getByText(/^Trang “.*”: 2 mô hình · 1 lỗi · 0 cảnh báo$/).waitFor();
  const sheet = (await workbookOf(page)).sheets.find((s) => s.values.some((r) => r.includes('Cải cách thủ tục hành chính')));
  expect(sheet).toBeDefined();
  await page.close();
});

test('a colleague sent a newer version: the pane shows it beside the sheet, and sends only when the officer chooses', async () => {
  const h = harness();
  // A colleague at the secretariat sends a version of Phường 1's report this workbook has never seen.
  await submitReport(h, 'Phường 1', h.tokens.admin, ['Một cửa liên thông', 'Tủ sách pháp luật']);
  const theirs = (await api<{ version: number }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`)).version;
  const page = await h.openPane();
  await connectPane(page, h.tokens.officer);
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  await page.getByRole('button', { name: 'Chèn mẫu Phụ lục' }).click();
  await page.getByText(/Đã chèn mẫu/).waitFor();
  await typeCells(page, 'Phụ lục', { B9: 'Phường 1', C9: 'Một cửa liên thông', D9: 'Cải cách thủ tục hành chính', E9: FULL });
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();

  const view = page.getByLabel('Đã có phiên bản mới hơn trên máy chủ');
  await view.getByText(new RegExp(`Phiên bản ${theirs} của Phường 1 do Quản trị gửi lúc`)).waitFor();
  await expect(view.getByRole('listitem').allTextContents()).resolves.toEqual(['Giống nhauMột cửa liên thông', 'Chỉ có trên máy chủTủ sách pháp luật']);
  await h.screenshot(page, 'xung-dot-phien-ban');
  expect((await api<{ version: number }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`)).version).toBe(theirs);

  await page.getByRole('button', { name: `Vẫn gửi bản của tôi (thay phiên bản ${theirs})` }).click();
  await page.getByText('Máy chủ đã nhận báo cáo').waitFor();
  const held = await api<{ version: number; entries: Array<{ title: string }> }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`);
  expect(held.version).toBe(theirs + 1);
  expect(held.entries.map((e) => e.title)).toEqual(['Một cửa liên thông']);
  await page.close();
});
