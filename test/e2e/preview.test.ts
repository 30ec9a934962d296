/**
 * The "Xem thử" page (xem-thu.html): the task pane beside a simulated sheet, for a newcomer with
 * no Excel. Typed into the sheet's cells like a spreadsheet, checked, the findings coloured.
 */
import { eventually, useHarness, workbookOf } from './harness';

const harness = useHarness('xem-thu');

test('type into the simulated sheet, check, see the marks', async () => {
  const h = harness();
  const page = await h.context.newPage();
  page.on('pageerror', (error) => h.errors.push(`page error: ${error.message}`));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`http://127.0.0.1:${h.port}/xem-thu.html`);
  await page.getByLabel('Mã truy cập').fill(h.tokens.officer);
  await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  await page.getByText('Vai trò').waitFor();
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  await page.getByRole('button', { name: 'Chèn mẫu Phụ lục' }).click();
  await page.getByText(/Đã chèn mẫu/).waitFor();

  // Typing in the grid's cells, as in a spreadsheet.
  const cell = (address: string) => page.locator(`td[data-address="${address}"]`);
  for (const [address, text] of [
    ['B9', 'Phường 1'],
    ['C9', 'Một cửa liên thông'],
    ['D9', 'TTHC'],
    ['E9', 'Thực trạng: chờ lâu. Nội dung: quầy riêng. Hiệu quả: nhanh. Tính mới: lần đầu.'],
  ] as const) {
    await cell(address).fill(text);
  }
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Trang “Phụ lục”: 1 mô hình · 0 lỗi · 1 cảnh báo').waitFor();
  await eventually(() => workbookOf(page), (w) => expect(w.sheets.find((s) => s.name === 'Phụ lục')!.fills.D9).toBe('#FFE699'));
  await h.screenshot(page, 'xem-thu');
  await page.close();
});
