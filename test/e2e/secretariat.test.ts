/**
 * The secretariat's year in Chromium, without a terminal (issue #16): the admin adds units from a
 * pasted range, creates every unit's account and the invitation sheet; an officer connects with a
 * token from that sheet and sends; the progress view shows the unit as sent; the admin edits the
 * round's settings on a sheet, starts a second round, and the first round's summary is still there.
 */
import { INVITATION_SHEET } from '../../core/rounds/secretariat-sheets';
import { api, connectPane, eventually, useHarness, workbookOf } from './harness';

const harness = useHarness('van-phong');

const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';


test('units from a range, accounts and invitations, an officer sends with an invited token, progress, settings, a second round', async () => {
  const h = harness();
  const admin = await h.openPane();
  await connectPane(admin, h.tokens.admin);
  await admin.getByRole('tab', { name: 'Quản trị' }).click();

  // A city pastes its wards into a sheet and selects them.
  await admin.evaluate(async () => {
    const sim = window.phulucSim!;
    for (const [cell, text] of [['A1', 'Tên đơn vị'], ['A2', 'Phường Bến Thành'], ['A3', 'Phường Tân Định']] as const) await sim.type('Sheet1', cell, text);
    sim.host.workbook.selection = { sheet: 'Sheet1', address: 'A1:A3' };
  });
  await admin.getByRole('tab', { name: 'Đợt báo cáo' }).click();
  await admin.getByRole('button', { name: 'Thêm, cập nhật đơn vị từ vùng đang chọn' }).click();
  await admin.getByText(/^Đã thêm 2 đơn vị vào đợt “.*”: Phường Bến Thành, Phường Tân Định\.$/).waitFor();
  await h.screenshot(admin, '1-dot-bao-cao');

  // Every unit without an account gets one; the invitations go into the workbook.
  await admin.getByRole('tab', { name: 'Tài khoản' }).click();
  await admin.getByRole('button', { name: /^Tạo tài khoản cho mọi đơn vị \(\d+ đơn vị chưa có\)$/ }).click();
  await admin.getByText(/^Đã tạo \d+ tài khoản và thêm vào trang “Thư mời tài khoản”/).waitFor();
  await h.screenshot(admin, '2-tai-khoan');
  const invitations = (await workbookOf(admin)).sheets.find((s) => s.name === INVITATION_SHEET)!.values as string[][];
  expect(invitations[2]).toEqual(expect.arrayContaining(['Địa chỉ máy chủ', `http://127.0.0.1:${h.port}`]));
  const row = invitations.find((r) => r[1] === 'Phường Bến Thành')!;
  const token = row[3]!;
  expect(token).toMatch(/^pl_/);

  // The officer of Phường Bến Thành connects with that token and sends.
  const officer = await h.openPane();
  await connectPane(officer, token);
  await officer.getByText('Phường Bến Thành', { exact: true }).waitFor();
  await officer.getByRole('tab', { name: 'Báo cáo' }).click();
  await officer.getByRole('button', { name: 'Chèn mẫu Phụ lục' }).click();
  await officer.getByText(/Đã chèn mẫu/).waitFor();
  await officer.evaluate(async (full) => {
    const type = window.phulucSim!.type;
    await type('Phụ lục', 'B9', 'Phường Bến Thành');
    await type('Phụ lục', 'C9', 'Bến Thành một cửa số');
    await type('Phụ lục', 'D9', 'Cải cách thủ tục hành chính');
    await type('Phụ lục', 'E9', full);
  }, FULL);
  await officer.getByRole('button', { name: 'Kiểm tra' }).click();
  await officer.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();
  await officer.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await officer.getByText('Máy chủ đã nhận báo cáo').waitFor();
  await officer.close();

  // Progress: the unit is sent.
  await admin.getByRole('tab', { name: 'Tiến độ' }).click();
  await admin.getByRole('button', { name: 'Cập nhật' }).click();
  const units = admin.getByRole('list', { name: 'Các đơn vị' });
  await eventually(
    () => units.locator('li', { hasText: 'Phường Bến Thành' }).textContent(),
    (text) => expect(text).toMatch(/✓ Đã gửi phiên bản 1 lúc .* \(1 mô hình\)/),
  );
  await h.screenshot(admin, '3-tien-do');

  // Settings on a sheet: the scoring deadline set and saved.
  await admin.getByRole('tab', { name: 'Đợt báo cáo' }).click();
  await admin.getByRole('button', { name: 'Ghi cài đặt ra trang tính' }).click();
  await admin.getByText(/Đã ghi cài đặt của đợt “.*” vào trang “Cài đặt đợt”/).waitFor();
  const settings = (await workbookOf(admin)).sheets.find((s) => s.name === 'Cài đặt đợt')!;
  const deadlineRow = (settings.values as string[][]).findIndex((r) => r[0] === 'Hạn chấm điểm');
  await admin.evaluate((row) => window.phulucSim!.type('Cài đặt đợt', `B${row + 1}`, '31/12/2099'), deadlineRow);
  await admin.getByRole('button', { name: 'Lưu cài đặt từ trang tính' }).click();
  await admin.getByText(/^Đã lưu cài đặt của đợt “.*”\.$/).waitFor();
  const first = await api<{ rounds: Array<{ id: string; active: boolean; round: { rubric: { scoringCloses?: string } } }> }>(h, '/api/rounds');
  expect(first.rounds[0]!.round.rubric.scoringCloses).toBe('2099-12-31T16:59:00.000Z');
  const firstId = first.rounds[0]!.id;

  // A second round from this one's settings, put in use; last year's summary is still there.
  await admin.getByLabel('Tên đợt mới').fill('Mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025');
  await admin.getByLabel('Năm của đợt mới').fill('2025');
  await admin.getByRole('button', { name: 'Tạo đợt mới (bản nháp)' }).click();
  await admin.getByText(/^Đã tạo đợt “Mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025”/).waitFor();
  await admin.getByRole('button', { name: 'Dùng đợt này: Mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025' }).click();
  await admin.getByText(/^Chuyển sang đợt “Mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025”\?/).waitFor();
  await admin.getByRole('button', { name: 'Đồng ý' }).click();
  await admin.getByText(/^Đợt đang dùng: “Mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025”/).waitFor();
  await h.screenshot(admin, '4-dot-moi');
  const rounds = await api<{ rounds: Array<{ id: string; active: boolean }> }>(h, '/api/rounds');
  expect(rounds.rounds.map((r) => [r.id, r.active])).toEqual([
    [firstId.replace(/-\d{4}$/, '-2025'), true],
    [firstId, false],
  ]);
  const kept = await api<{ summary: { entries: Array<{ title: string }> } }>(h, `/api/summary?round=${firstId}`);
  expect(kept.summary.entries.map((e) => e.title)).toContain('Bến Thành một cửa số');

  // The audit names who did what.
  await admin.getByRole('tab', { name: 'Nhật ký' }).click();
  const latest = admin.getByRole('list', { name: 'Nhật ký' }).locator('li').first();
  await eventually(
    () => latest.textContent(),
    (text) => expect(text).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} Quản trị: Chuyển đợt đang dùng · /),
  );
  await h.screenshot(admin, '5-nhat-ky');
  await admin.close();
});
