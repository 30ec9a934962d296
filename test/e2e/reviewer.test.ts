/**
 * The reviewer in Chromium: build the score sheet → score three entries (one typed straight into
 * a cell) → the server stops → score two more (queued) → reload the task pane → the server comes
 * back → the outbox drains: the server holds five scores, each once; the own-unit entry is absent.
 */
import type { Page } from 'playwright-core';
import { api, eventually, submitReport, useHarness, workbookOf } from './harness';

const harness = useHarness('reviewer', async (h) => {
  await submitReport(h, 'Phường 1', h.tokens.officer, ['Một cửa liên thông', 'Sổ tay điện tử', 'Hẹn giờ trực tuyến']);
  await submitReport(h, 'Phường 2', h.tokens.officer2, ['Tổ dân phố số', 'Mã QR hộ tịch']);
  await submitReport(h, 'Phòng Tư pháp', h.tokens.admin, ['Chứng thực điện tử']);
});

const POINTS: Array<[number, number, number, number]> = [
  [28, 24, 15, 16],
  [20, 20, 10, 10],
  [25, 22, 14, 15],
  [18, 19, 12, 13],
  [27, 23, 16, 17],
];

async function scoreOnCard(page: Page, title: string, points: [number, number, number, number]) {
  await page.getByRole('region', { name: `Chấm: ${title}` }).waitFor();
  const boxes = page.getByRole('spinbutton');
  for (const [i, value] of points.entries()) {
    await boxes.nth(i).fill(String(value));
    await boxes.nth(i).blur();
  }
  await page.getByRole('button', { name: 'Lưu' }).click();
}

type Score = { entryId: string; points: Record<string, number>; version: number };

test('five scores, three online (one typed in the sheet), two offline across a reload: each delivered once', async () => {
  const h = harness();
  const page = await h.openPane();
  await page.getByLabel('Mã truy cập').fill(h.tokens.reviewer);
  await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  await page.getByText('Thành viên Hội đồng chấm').waitFor();
  await page.getByRole('tab', { name: 'Chấm điểm' }).click();
  await page.getByRole('button', { name: 'Lập phiếu chấm' }).click();
  await page.getByText('0/5 đã chấm').waitFor();
  await page.getByText(/1 mô hình của Phòng Tư pháp không có trong phiếu/).waitFor();
  const sheet = (await workbookOf(page)).sheets.find((s) => s.name === 'Phiếu chấm')!;
  expect(sheet.values.slice(1).map((r) => r[2])).toEqual(['Một cửa liên thông', 'Sổ tay điện tử', 'Hẹn giờ trực tuyến', 'Tổ dân phố số', 'Mã QR hộ tịch']);
  await h.screenshot(page, '1-phieu-cham');

  await scoreOnCard(page, 'Một cửa liên thông', POINTS[0]!);
  await page.getByText('1/5 đã chấm').waitFor();
  await page.getByRole('button', { name: 'Tiếp' }).click();
  await scoreOnCard(page, 'Sổ tay điện tử', POINTS[1]!);
  await page.getByText('2/5 đã chấm').waitFor();
  // The third typed straight into the sheet's cells (row 4).
  await page.evaluate((points) => {
    const sim = window.phulucSim!;
    ['I', 'J', 'K', 'L'].forEach((column, i) => void sim.type('Phiếu chấm', `${column}4`, points[i]!));
  }, POINTS[2]!);
  await eventually(() => api<{ scores: Score[] }>(h, '/api/scores'), ({ scores }) => expect(scores).toHaveLength(3), 10_000);
  await h.screenshot(page, '2-da-cham-3');

  // The pane's files are cached by its service worker, so it can be reopened without the server.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await h.stopServer();
  await page.getByRole('tab', { name: 'Chưa chấm' }).click();
  await scoreOnCard(page, 'Tổ dân phố số', POINTS[3]!);
  await page.getByText(/Đang chờ gửi 1 ·/).waitFor();
  // "Chưa chấm" lists only what is left: the card moves on by itself.
  await scoreOnCard(page, 'Mã QR hộ tịch', POINTS[4]!);
  await page.getByText(/Đang chờ gửi 2 ·/).waitFor();
  await h.screenshot(page, '3-cho-gui');

  await page.reload();
  await page.getByRole('tab', { name: 'Chấm điểm' }).waitFor();
  await h.startServer();
  await eventually(() => api<{ scores: Score[] }>(h, '/api/scores'), ({ scores }) => expect(scores).toHaveLength(5), 20_000);
  const { scores } = await api<{ scores: Score[] }>(h, '/api/scores');
  expect(scores.map((s) => s.version)).toEqual([1, 1, 1, 1, 1]);
  expect(scores.map((s) => [s.points.tinhMoi, s.points.hieuQua, s.points.nhanRong, s.points.khaThi]).sort()).toEqual([...POINTS].sort());
  const submissions = await api<{ submissions: Array<{ unit: string; entries: Array<{ id: string }> }> }>(h, '/api/submissions');
  const own = submissions.submissions.find((s) => s.unit === 'Phòng Tư pháp')!.entries[0]!.id;
  expect(scores.some((s) => s.entryId === own)).toBe(false);
  await page.close();
});
