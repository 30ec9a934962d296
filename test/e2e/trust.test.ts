/**
 * What a jury member on a shared office PC relies on (issue #27), in Chromium:
 * - what they type on the rubric card stays while the pane re-reads the sheet (offline, Đồng bộ);
 * - a score queued offline belongs to their account: after "Xóa kết nối" and another member's
 *   sign-in it is not sent under the other's token, and it goes once they are back;
 * - "Cần chấm lại" shows on the device that scored when the unit changes the entry;
 * - the officers' page keeps its own sign-in, apart from the pane's.
 */
import type { Page } from 'playwright-core';
import { api, connectPane, eventually, submitReport, useHarness, type Harness } from './harness';

const harness = useHarness('trust', async (h) => {
  await submitReport(h, 'Phường 1', h.tokens.officer, ['Một cửa liên thông', 'Sổ tay điện tử']);
});

type Score = { entryId: string; reviewerId: string; points: Record<string, number>; stale: boolean };

/** A new account made by the admin through the API; its token. */
async function newAccount(h: Harness, body: object): Promise<{ token: string; id: string }> {
  const res = await fetch(`http://127.0.0.1:${h.port}/api/accounts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.tokens.admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { token: string; account: { id: string } };
  return { token: answer.token, id: answer.account.id };
}

async function openScoring(page: Page, token: string): Promise<void> {
  await connectPane(page, token);
  await page.getByRole('tab', { name: 'Chấm điểm' }).click();
  await page.getByRole('button', { name: /Lập (lại )?phiếu chấm/ }).click();
  await page.getByRole('region', { name: /^Chấm: / }).waitFor();
}

async function typePoints(page: Page, points: number[]): Promise<void> {
  const boxes = page.getByRole('spinbutton');
  for (const [i, value] of points.entries()) {
    await boxes.nth(i).fill(String(value));
    await boxes.nth(i).blur();
  }
}

test('offline, the card keeps what the reviewer types through every re-read of the sheet', async () => {
  const h = harness();
  const page = await h.openPane();
  await openScoring(page, h.tokens.reviewer);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await h.stopServer();
  try {
    await typePoints(page, [21, 22, 13, 14]);
    await page.getByLabel('Nhận xét').fill('Đang cân nhắc');
    // Đồng bộ re-reads the sheet and tries the outbox, as every retry does; each time, once the
    // re-read is done (the sheet read back, the button free again), what was typed is still there.
    for (let i = 0; i < 3; i++) {
      const before = await page.evaluate(() => window.phulucSim!.host.stats.syncs);
      await page.getByRole('button', { name: 'Đồng bộ' }).click();
      await eventually(
        () => page.evaluate(() => window.phulucSim!.host.stats.syncs),
        (syncs) => expect(syncs).toBeGreaterThanOrEqual(before + 2),
      );
      await page.getByRole('button', { name: 'Đồng bộ' }).and(page.locator(':enabled')).waitFor();
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await page.getByRole('spinbutton').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(['21', '22', '13', '14']);
    }
    expect(await page.getByLabel('Nhận xét').inputValue()).toBe('Đang cân nhắc');
    await h.screenshot(page, '1-the-giu-diem');
  } finally {
    await h.startServer(); // the next scenarios need it, whatever happened here
  }
  await page.close();
});

test('a score queued offline by reviewer A is never sent as reviewer B’s, and goes when A signs in again', async () => {
  const h = harness();
  const a = await newAccount(h, { role: 'reviewer', name: 'Thành viên A' });
  const b = await newAccount(h, { role: 'reviewer', name: 'Thành viên B' });
  const page = await h.openPane();
  await openScoring(page, a.token);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await h.stopServer();
  await typePoints(page, [25, 24, 15, 16]);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText(/Đang chờ gửi 1 ·/).waitFor();

  // A signs out on the shared PC: the pane says what still waits and keeps it for A.
  await page.getByRole('tab', { name: 'Cài đặt' }).click();
  await page.getByRole('button', { name: 'Xóa kết nối trên máy này' }).click();
  await page.getByText(/Tài khoản này còn 1 thay đổi chưa gửi được/).waitFor();
  await h.screenshot(page, '2-xoa-ket-noi-con-cho');
  await page.getByRole('button', { name: 'Giữ lại cho tài khoản này và xóa' }).click();

  // B signs in with the server back: nothing goes under B's token.
  await h.startServer();
  await connectPane(page, b.token);
  await page.getByText(/còn 1 thay đổi của tài khoản khác chưa gửi được/).waitFor();
  // The workbook's Phiếu chấm holds A's points: B's pane says whose it is and sends none of it.
  await page.getByRole('tab', { name: 'Chấm điểm' }).click();
  await page.getByText(/Phiếu chấm trong sổ tính này do một tài khoản khác lập/).waitFor();
  await h.screenshot(page, '3-phieu-cua-nguoi-khac');
  await page.getByRole('button', { name: /Lập (lại )?phiếu chấm/ }).click();
  await page.getByRole('region', { name: /^Chấm: / }).waitFor();
  expect(await page.getByRole('spinbutton').evaluateAll((boxes) => boxes.map((x) => (x as HTMLInputElement).value))).toEqual(['', '', '', '']);
  await page.getByRole('button', { name: 'Đồng bộ' }).click();
  await page.getByRole('button', { name: 'Đồng bộ' }).waitFor();
  expect((await api<{ scores: Score[] }>(h, '/api/scores')).scores.filter((s) => s.reviewerId === b.id)).toEqual([]);

  // A is back: A's score goes, as A's.
  await page.getByRole('tab', { name: 'Cài đặt' }).click();
  await page.getByRole('button', { name: 'Xóa kết nối trên máy này' }).click();
  await page.getByLabel('Mã truy cập').fill(a.token);
  await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  await eventually(
    () => api<{ scores: Score[] }>(h, '/api/scores'),
    ({ scores }) => expect(scores.filter((s) => s.reviewerId === a.id).map((s) => s.points.tinhMoi)).toEqual([25]),
    20_000,
  );
  expect((await api<{ scores: Score[] }>(h, '/api/scores')).scores.filter((s) => s.reviewerId === b.id)).toEqual([]);
  await page.close();
});

test('the device that scored shows “Cần chấm lại” once the unit changes the entry', async () => {
  const h = harness();
  const c = await newAccount(h, { role: 'reviewer', name: 'Thành viên C' });
  const page = await h.openPane();
  await openScoring(page, c.token);
  await typePoints(page, [20, 20, 10, 10]);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await eventually(
    () => api<{ scores: Score[] }>(h, '/api/scores'),
    ({ scores }) => expect(scores.filter((s) => s.reviewerId === c.id)).toHaveLength(1),
  );
  // Phường 1 changes its first entry's text: the server marks the score stale.
  const changed = await fetch(`http://127.0.0.1:${h.port}/api/submissions/${encodeURIComponent('Phường 1')}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${h.tokens.officer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      entries: ['Một cửa liên thông', 'Sổ tay điện tử'].map((title, i) => ({
        row: 9 + i,
        stt: String(i + 1),
        unit: 'Phường 1',
        title,
        field: 'Cải cách thủ tục hành chính',
        sections: { thucTrang: 'Người dân chờ lâu.', noiDung: i === 0 ? 'Quầy riêng và hẹn giờ qua mạng.' : 'Quầy riêng.', hieuQua: 'Giảm một nửa thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
        note: '',
      })),
    }),
  });
  expect(changed.status).toBe(200);
  await eventually(
    () => api<{ scores: Score[] }>(h, '/api/scores'),
    ({ scores }) => expect(scores.filter((s) => s.reviewerId === c.id).map((s) => s.stale)).toEqual([true]),
  );
  // Đồng bộ brings the server's word: no need to rebuild the sheet, nor a fresh browser.
  await page.getByRole('button', { name: 'Đồng bộ' }).click();
  await page.getByText('Cần chấm lại: đơn vị đã sửa mô hình sau lần chấm trước').waitFor();
  await h.screenshot(page, '3-can-cham-lai');
  // Re-scoring clears it.
  await typePoints(page, [22, 20, 10, 10]);
  await page.getByRole('button', { name: 'Lưu' }).click();
  await eventually(
    () => api<{ scores: Score[] }>(h, '/api/scores'),
    ({ scores }) => expect(scores.filter((s) => s.reviewerId === c.id).map((s) => [s.stale, s.points.tinhMoi])).toEqual([[false, 22]]),
  );
  await page.getByText('Cần chấm lại: đơn vị đã sửa mô hình sau lần chấm trước').waitFor({ state: 'detached' });
  await page.close();
});

test('the officers’ page does not open signed in as whoever used the pane', async () => {
  const h = harness();
  const pane = await h.openPane();
  await connectPane(pane, h.tokens.admin);
  const page = await h.context.newPage();
  await page.goto(`http://127.0.0.1:${h.port}/nop-bao-cao.html`);
  await page.getByLabel('Mã truy cập').waitFor();
  expect(await page.getByText(/quản trị/i).count()).toBe(0);
  // And signing in on the page leaves the pane's connection alone.
  await page.getByLabel('Mã truy cập').fill(h.tokens.officer2);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText(/Phường 2/).first().waitFor();
  await pane.reload();
  await pane.getByRole('tab', { name: 'Cài đặt' }).click();
  await pane.getByText('Quản trị (Phòng Nội vụ)').waitFor();
  await page.close();
  await pane.close();
});
