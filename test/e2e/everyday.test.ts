/**
 * The officer's and the reviewer's everyday flow in Chromium (issue #19, items 2-8): the deadline
 * before anything is sent, "Sửa tất cả" for the same fix in several rows, another unit's name found
 * by the pane as the server would, marked on its cell and gone once fixed, a send waiting offline with
 * "Gửi lại ngay", a reviewer's save confirmed where they look, and a withdrawn entry told.
 */
import { ERROR_FILL } from '../../core/reader/cell-marks';
import { api, connectPane, eventually, submitReport, useHarness, workbookOf } from './harness';

const harness = useHarness('hang-ngay');

const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';

test('officer: deadline first, one fix for three rows, another unit’s name on its cell and then gone, a send waiting offline and sent with Gửi lại ngay', async () => {
  const h = harness();
  const page = await h.openPane();
  await connectPane(page, h.tokens.officer);
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  // The deadline in Vietnam time before anything is done.
  await page.getByText(/^Hạn nộp \d{2}\/\d{2}\/\d{4} 23:59 \(còn \d+ ngày\)\.$/).waitFor();

  await page.getByRole('button', { name: 'Chèn mẫu Phụ lục' }).click();
  await page.getByText(/Đã chèn mẫu/).waitFor();
  // Three rows with the field written "Cải cách TTHC"; the third names another unit, which the pane finds as the server would.
  await page.evaluate((full) => {
    const type = window.phulucSim!.type;
    ['Một cửa liên thông', 'Sổ tay điện tử', 'Hẹn giờ trực tuyến'].forEach((title, i) => {
      const row = 9 + i;
      void type('Phụ lục', `B${row}`, i === 2 ? 'Phường 2' : 'Phường 1');
      void type('Phụ lục', `C${row}`, title);
      void type('Phụ lục', `D${row}`, 'Cải cách TTHC');
      void type('Phụ lục', `E${row}`, full);
    });
  }, FULL);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Trang “Phụ lục”: 3 mô hình · 1 lỗi · 3 cảnh báo').waitFor();
  await page.getByRole('button', { name: 'Sửa tất cả 3 ô thành “Cải cách thủ tục hành chính”' }).click();
  await page.getByText('Trang “Phụ lục”: 3 mô hình · 1 lỗi · 0 cảnh báo').waitFor();

  // Another unit's name: marked on B11, and sending waits until it is fixed.
  await eventually(() => workbookOf(page), (w) => expect(w.sheets.find((s) => s.name === 'Phụ lục')!.fills.B11).toBe(ERROR_FILL));
  expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled()).toBe(true);
  await h.screenshot(page, '1-don-vi-khac');
  // Fixed and checked again: the finding belongs to the sheet as it was, and goes.
  await page.evaluate(() => window.phulucSim!.type('Phụ lục', 'B11', 'Phường 1'));
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();

  // Offline: the send waits, says it will go by itself, and goes with Gửi lại ngay once the server is back.
  await h.stopServer();
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.getByText(/^Đang chờ gửi \(1\)/).waitFor();
  await page.getByText(/sẽ tự gửi khi kết nối được với máy chủ/).waitFor();
  await h.screenshot(page, '2-cho-gui');
  await h.startServer();
  await page.getByRole('button', { name: 'Gửi lại ngay' }).click();
  await page.getByText('Máy chủ đã nhận báo cáo').waitFor();
  const held = await api<{ version: number; entries: unknown[] }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`);
  expect(held.version).toBe(1);
  expect(held.entries).toHaveLength(3);
  await page.close();
});

test('reviewer: a save confirmed under the card with its delivery; a withdrawn entry told when the sheet is built again', async () => {
  const h = harness();
  await submitReport(h, 'Phường 2', h.tokens.officer2, ['Tổ dân phố số', 'Mã QR hộ tịch']);
  const page = await h.openPane();
  await connectPane(page, h.tokens.reviewer);
  await page.getByText('Thành viên Hội đồng chấm').waitFor();
  await page.getByText('Phòng Nội vụ chưa đặt hạn chấm.').waitFor();
  await page.getByRole('tab', { name: 'Chấm điểm' }).click();
  await page.getByRole('button', { name: 'Lập phiếu chấm' }).click();
  await page.getByText(/^0\/\d+ đã chấm$/).waitFor();
  await page.getByRole('tab', { name: 'Chưa chấm' }).click();
  const title = await page.getByRole('region', { name: /^Chấm: / }).getAttribute('aria-label');
  const boxes = page.getByRole('spinbutton');
  for (const [i, value] of [28, 24, 15, 16].entries()) {
    await boxes.nth(i).fill(String(value));
    await boxes.nth(i).blur();
  }
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText(`✓ Đã lưu điểm “${title!.slice('Chấm: '.length)}”: 83 điểm, máy chủ đã nhận.`).waitFor();
  await h.screenshot(page, '3-da-luu');

  // Phường 2 withdraws one entry; the reviewer builds the sheet again and is told.
  await submitReport(h, 'Phường 2', h.tokens.officer2, ['Tổ dân phố số']);
  await page.getByRole('button', { name: 'Lập lại phiếu chấm' }).click();
  await page.getByText('Thay đổi từ lần lập phiếu trước').waitFor();
  await page.getByText(/1 mô hình đã được đơn vị rút khỏi báo cáo nên không còn trong phiếu: “Mã QR hộ tịch” \(Phường 2\)/).waitFor();
  await h.screenshot(page, '4-thay-doi');
  await page.close();
});
