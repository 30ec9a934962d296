/** The admin's Tổng hợp in Chromium: the eight summary sheets written into the workbook, with the expected rows. */
import { submitReport, useHarness, workbookOf } from './harness';

const harness = useHarness('admin');

test('Tổng hợp: the sheets exist with a row per entry and per unit not yet reported', async () => {
  const h = harness();
  // One ward reports two entries through the API, as its officer's pane would.
  await submitReport(h, 'Phường 1', h.tokens.officer, ['Một cửa liên thông', 'Sổ tay điện tử']);

  const page = await h.openPane();
  await page.getByLabel('Mã truy cập').fill(h.tokens.admin);
  await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  await page.getByText('Quản trị (Phòng Nội vụ)').waitFor();
  await page.getByRole('tab', { name: 'Tổng hợp' }).click();
  await page.getByRole('button', { name: 'Lập bảng tổng hợp' }).click();
  await page.getByText(/^Đã ghi 8 trang:/).waitFor();
  await h.screenshot(page, 'tong-hop');

  const workbook = await workbookOf(page);
  const values = (name: string) => workbook.sheets.find((s) => s.name === name)!.values as Array<unknown[] | null>;
  const filled = (row: unknown[] | null | undefined) => Boolean(row?.some((v) => v !== '' && v !== null));
  /** The sheet's table: from its header (under the four title lines and an empty row) to the first empty row. */
  const rows = (name: string) => {
    const table: unknown[][] = [];
    for (let r = 5; filled(values(name)[r]); r++) table.push(values(name)[r]!);
    return table;
  };
  expect(workbook.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Tổng hợp', 'Danh sách xếp hạng', 'Theo lĩnh vực', 'Theo đơn vị', 'Phân bố điểm', 'Chưa nộp', 'Trùng lặp', 'Giải thưởng']);
  expect(values('Tổng hợp').slice(0, 2).map((r) => r?.[0])).toEqual(['UBND QUẬN 3', 'BẢNG TỔNG HỢP MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH (TẠM TÍNH)']);
  // Tổng hợp is the working sheet; the list a council signs carries the signer.
  expect(values('Tổng hợp').flat()).not.toContain('NGƯỜI LẬP BIỂU');
  expect(values('Danh sách xếp hạng').flat()).toEqual(expect.arrayContaining(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'NGƯỜI LẬP BIỂU', 'TRƯỞNG PHÒNG']));
  // The header, two entries, and the line that says nothing is final yet (no scores).
  expect(rows('Tổng hợp')).toHaveLength(1 + 2 + 1);
  expect(rows('Tổng hợp').slice(1, 3).map((r) => r.includes('Một cửa liên thông') || r.includes('Sổ tay điện tử'))).toEqual([true, true]);
  expect(String(rows('Tổng hợp')[3]![0])).toMatch(/^TẠM TÍNH: 2 mô hình chưa đủ 3 thành viên chấm/);
  await page.getByText('TẠM TÍNH', { exact: true }).waitFor();
  expect(rows('Theo đơn vị')).toHaveLength(1 + 18);
  expect(rows('Chưa nộp')).toHaveLength(1 + 17);
  await page.close();
});
