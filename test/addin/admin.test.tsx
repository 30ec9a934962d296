/**
 * The Quản trị tab against the real server over the simulated Excel host: settings saved from
 * the sheet (and refused, with the reason, when a change would orphan data), a reviewer's account
 * with its token shown once, an account revoked, the units to remind on a sheet, the audit by
 * person.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import request from 'supertest';
import { INVITATION_SHEET, NOT_REPORTED_SHEET } from '../../core/rounds/secretariat-sheets';
import type { InstalledHost } from '../helpers/excel-host';
import { clickWhenEnabled, renderPane, typeInto, usePaneServer } from '../helpers/pane';
import { auth, entries, POINTS, type TestServer } from '../helpers/server';

const fixture = usePaneServer((server) => server.tokens.admin);
let s: TestServer;
let url: string;
let host: InstalledHost;
beforeEach(() => ({ s, url, host } = fixture()));

async function openAdmin(section: string) {
  renderPane(url);
  fireEvent.click(await screen.findByRole('tab', { name: 'Quản trị' }));
  fireEvent.click(screen.getByRole('tab', { name: section }));
}

test('settings written to a sheet, edited, saved; a change that would orphan a report is refused with the reason', async () => {
  await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
  await openAdmin('Đợt báo cáo');
  await clickWhenEnabled('Ghi cài đặt ra trang tính');
  await screen.findByText(/Đã ghi cài đặt của đợt “.*” vào trang “Cài đặt đợt”/);
  const grid = () => host.grid('Cài đặt đợt').map((r) => r.map((v) => String(v ?? '')));
  const nameRow = grid().findIndex((r) => r[0] === 'Tên đợt');
  typeInto(host, { [`B${nameRow + 1}`]: 'Đợt đã đổi tên' }, 'Cài đặt đợt');
  await clickWhenEnabled('Lưu cài đặt từ trang tính');
  await screen.findByText('Đã lưu cài đặt của đợt “Đợt đã đổi tên”.');
  await waitFor(() => expect(grid()[0]![0]).toBe('Cài đặt đợt báo cáo: Đợt đã đổi tên'));
  expect(s.store.data.round.name).toBe('Đợt đã đổi tên');

  // Phường 1 has reported: renaming it away is refused by the server, and the pane says why.
  const unitRow = grid().findIndex((r) => r[1] === 'Phường 1');
  typeInto(host, { [`B${unitRow + 1}`]: 'Phường Một' }, 'Cài đặt đợt');
  await clickWhenEnabled('Lưu cài đặt từ trang tính');
  expect(await screen.findByText(/Không bỏ được đơn vị “Phường 1”: đơn vị này đã có báo cáo/)).toBeTruthy();
  expect(s.store.data.round.units.some((u) => u.name === 'Phường 1')).toBe(true);

  // A unit's own deadline, past the round's.
  fireEvent.change(screen.getByLabelText('Đơn vị được gia hạn'), { target: { value: 'Phường 3' } });
  fireEvent.change(screen.getByLabelText('Đến hết ngày (ngày/tháng/năm)'), { target: { value: '30/12/2024' } });
  await clickWhenEnabled('Gia hạn');
  await screen.findByText('Phường 3 được gửi báo cáo đến hết ngày 30/12/2024.');
  expect(s.store.data.extensions['Phường 3']).toBe('2024-12-30T16:59:00.000Z');

  // A date that is not one is said at its cell.
  const closesRow = grid().findIndex((r) => r[0] === 'Hạn chót nộp báo cáo');
  typeInto(host, { [`B${closesRow + 1}`]: '31/13/2024' }, 'Cài đặt đợt');
  await clickWhenEnabled('Lưu cài đặt từ trang tính');
  expect(await screen.findByText(`Ngày “31/13/2024” ở ô B${closesRow + 1} chưa đúng: ghi dạng ngày/tháng/năm, ví dụ 15/09/2025.`)).toBeTruthy();
  // Marked at its cell, and what was typed stays on the sheet to be fixed.
  await waitFor(() => expect(host.workbook.sheets.find((x) => x.name === 'Cài đặt đợt')!.fills.get(`B${closesRow + 1}`)).toBeDefined());
  expect(grid()[closesRow]![1]).toBe('31/13/2024');
});

test('a round prepared as a draft beside the one in use: created from it, its settings edited and saved without touching the live round, then opened', async () => {
  // Phường 2 has its official code and a contact: a unit's record goes whole through the pane.
  const given = s.store.data.round;
  const withContact = { ...given, units: given.units.map((u) => (u.name === 'Phường 2' ? { ...u, code: '26740', contact: { person: 'Nguyễn Thị Lan', phone: '0912 345 678' } } : u)) };
  await request(s.app).put(`/api/rounds/${given.id}`).set(auth(s.tokens.admin)).send(withContact).expect(200);
  await openAdmin('Đợt báo cáo');
  const live = s.store.data.round;
  fireEvent.change(screen.getByLabelText('Tên đợt mới'), { target: { value: 'Sáng kiến CCHC năm 2025' } });
  fireEvent.change(screen.getByLabelText('Năm của đợt mới'), { target: { value: '2025' } });
  await clickWhenEnabled('Tạo đợt mới (bản nháp)');
  await screen.findByText(/Đã tạo đợt “Sáng kiến CCHC năm 2025” \(bản nháp, 18 đơn vị\) từ cài đặt của đợt đang dùng/);
  // The draft is the one the sheet now edits.
  expect((screen.getByLabelText('Đợt đang sửa cài đặt') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('Sáng kiến CCHC năm 2025 (bản nháp, chưa dùng)');
  await clickWhenEnabled('Ghi cài đặt ra trang tính');
  await screen.findByText(/Đã ghi cài đặt của đợt “Sáng kiến CCHC năm 2025”/);
  const grid = () => host.grid('Cài đặt đợt').map((r) => r.map((v) => String(v ?? '')));
  const units = grid().findIndex((r) => r[0] === 'ĐƠN VỊ') + 2;
  typeInto(host, { [`B${units + 1}`]: 'Phường Sài Gòn' }, 'Cài đặt đợt');
  await clickWhenEnabled('Lưu cài đặt từ trang tính');
  await screen.findByText(/Đã lưu cài đặt của đợt “Sáng kiến CCHC năm 2025”\. Đợt này chưa dùng/);
  const draft = s.store.data.rounds.find((r) => r.round.name === 'Sáng kiến CCHC năm 2025')!.round;
  expect(draft.units[0]!.name).toBe('Phường Sài Gòn');
  expect(draft.units.find((u) => u.name === 'Phường 2')).toEqual({ id: 'phường 2', code: '26740', name: 'Phường 2', kind: 'phuong', contact: { person: 'Nguyễn Thị Lan', phone: '0912 345 678' } });
  // The live round is untouched, and still the one units send to.
  expect(s.store.data.round).toEqual(live);
  // The sheet of one round is never saved into another.
  fireEvent.change(screen.getByLabelText('Đợt đang sửa cài đặt'), { target: { value: live.id } });
  await clickWhenEnabled('Lưu cài đặt từ trang tính');
  await screen.findByText(`Trang “Cài đặt đợt” đang là cài đặt của đợt “Sáng kiến CCHC năm 2025”, không phải đợt đang chọn “${live.name}”. Hãy chọn đúng đợt, hoặc ghi lại trang.`);
  // Opened when ready.
  await clickWhenEnabled('Dùng đợt này: Sáng kiến CCHC năm 2025');
  fireEvent.click(await screen.findByRole('button', { name: 'Đồng ý' }));
  await screen.findByText('Đợt đang dùng: “Sáng kiến CCHC năm 2025”. Đơn vị gửi báo cáo và Hội đồng chấm điểm trong đợt này.');
  expect(s.store.data.round.units[0]!.name).toBe('Phường Sài Gòn');
});

test('a reviewer is added with the token shown once; an officer’s account is revoked and refused at once', async () => {
  await openAdmin('Tài khoản');
  await screen.findByRole('list', { name: 'Các tài khoản' });
  fireEvent.change(screen.getByLabelText('Họ tên'), { target: { value: 'Nguyễn Thị Hoa' } });
  fireEvent.change(screen.getByLabelText(/Đơn vị công tác/), { target: { value: 'Phòng Nội vụ' } });
  await clickWhenEnabled('Thêm thành viên');
  const shown = await screen.findByText(/Mã truy cập của Nguyễn Thị Hoa \(chỉ hiện một lần\)/);
  const token = within(shown.closest('.fui-MessageBarBody') as HTMLElement).getByText(/^pl_/).textContent!;
  expect((await request(s.app).get('/api/me').set(auth(token))).body).toMatchObject({ role: 'reviewer', unit: 'Phòng Nội vụ', name: 'Nguyễn Thị Hoa' });

  // The reviewer's code is on the invitation sheet too.
  await waitFor(() => expect(host.grid(INVITATION_SHEET).some((r) => r.includes(token))).toBe(true));

  // Thu hồi asks first and says what it does; Hủy does nothing.
  await clickWhenEnabled('Thu hồi Cán bộ đơn vị Phường 1');
  await screen.findByText(/Thu hồi tài khoản “Cán bộ đơn vị Phường 1”\? Mã truy cập của tài khoản này sẽ không dùng được nữa/);
  fireEvent.click(screen.getByRole('button', { name: 'Hủy' }));
  expect((await request(s.app).get('/api/me').set(auth(s.tokens.officer1))).status).toBe(200);
  await clickWhenEnabled('Thu hồi Cán bộ đơn vị Phường 1');
  fireEvent.click(await screen.findByRole('button', { name: 'Đồng ý' }));
  await screen.findByText('Đã thu hồi mã truy cập của “Cán bộ đơn vị Phường 1”: mã này không dùng được nữa.');
  expect((await request(s.app).get('/api/me').set(auth(s.tokens.officer1))).status).toBe(401);
});

test('a named officer for a unit and a second admin are made from the pane, each code shown once and put on the invitation sheet', async () => {
  await openAdmin('Tài khoản');
  await screen.findByRole('list', { name: 'Các tài khoản' });
  fireEvent.change(screen.getByLabelText('Loại tài khoản'), { target: { value: 'officer' } });
  fireEvent.change(screen.getByLabelText('Họ tên'), { target: { value: 'Lê Thị Mai' } });
  // An officer without a unit is told, in Vietnamese, before anything is made.
  await clickWhenEnabled('Thêm tài khoản');
  await screen.findByText('Tài khoản cán bộ đầu mối phải thuộc một đơn vị: hãy chọn đơn vị.');
  fireEvent.change(screen.getByLabelText(/^Đơn vị/), { target: { value: 'Phường 3' } });
  await clickWhenEnabled('Thêm tài khoản');
  const officer = within((await screen.findByText(/Mã truy cập của Lê Thị Mai/)).closest('.fui-MessageBarBody') as HTMLElement).getByText(/^pl_/).textContent!;
  expect((await request(s.app).get('/api/me').set(auth(officer))).body).toMatchObject({ role: 'officer', unit: 'Phường 3', name: 'Lê Thị Mai' });

  fireEvent.change(screen.getByLabelText('Loại tài khoản'), { target: { value: 'admin' } });
  fireEvent.change(screen.getByLabelText('Họ tên'), { target: { value: 'Trần Văn Bình' } });
  await clickWhenEnabled('Thêm tài khoản');
  const admin = within((await screen.findByText(/Mã truy cập của Trần Văn Bình/)).closest('.fui-MessageBarBody') as HTMLElement).getByText(/^pl_/).textContent!;
  expect((await request(s.app).get('/api/me').set(auth(admin))).body).toMatchObject({ role: 'admin', unit: null, name: 'Trần Văn Bình' });
  await waitFor(() => expect(host.grid(INVITATION_SHEET).filter((r) => r.includes(officer) || r.includes(admin))).toHaveLength(2));
});

test('Cấp lại mã: Phường 2 gets a new code (the old one refused, the account and its unit kept), written over its row of the invitation sheet, every other code kept', async () => {
  await openAdmin('Tài khoản');
  await clickWhenEnabled(/^Tạo tài khoản cho mọi đơn vị/);
  await screen.findByText(/^Đã tạo 16 tài khoản/);
  const before = host.grid(INVITATION_SHEET).map((r) => r.map((v) => String(v ?? '')));
  const codes = before.filter((r) => /^pl_/.test(r[3] ?? ''));
  expect(codes).toHaveLength(16);
  // Pressing it again (nothing left to make) or adding a reviewer never clears the sheet.
  fireEvent.change(screen.getByLabelText('Họ tên'), { target: { value: 'Trần Văn Nam' } });
  await clickWhenEnabled('Thêm thành viên');
  await screen.findByText(/Mã truy cập của Trần Văn Nam/);
  await waitFor(() => expect(host.grid(INVITATION_SHEET).filter((r) => /^pl_/.test(String(r[3] ?? '')))).toHaveLength(17));

  await clickWhenEnabled('Cấp lại mã cho Cán bộ đơn vị Phường 2');
  fireEvent.click(await screen.findByRole('button', { name: 'Đồng ý' }));
  await screen.findByText(/Đã cấp mã mới cho “Cán bộ đơn vị Phường 2”; mã cũ không dùng được nữa/);
  expect((await request(s.app).get('/api/me').set(auth(s.tokens.officer2))).status).toBe(401);
  const after = host.grid(INVITATION_SHEET).map((r) => r.map((v) => String(v ?? '')));
  const rowOf = (grid: string[][], unit: string) => grid.filter((r) => r[1] === unit && /^pl_/.test(r[3] ?? ''));
  const [reissued] = rowOf(after, 'Phường 2');
  expect(rowOf(after, 'Phường 2')).toHaveLength(1);
  expect(reissued![5]).toBe('Cấp lại: mã cũ không dùng được nữa');
  expect((await request(s.app).get('/api/me').set(auth(reissued![3]!))).body).toMatchObject({ role: 'officer', unit: 'Phường 2' });
  // Every other unit's code is as it was.
  for (const row of codes.filter((r) => r[1] !== 'Phường 2')) expect(rowOf(after, row[1]!)[0]![3]).toBe(row[3]);
});

test('the units to remind go to a sheet; the audit shows one person’s doings', async () => {
  await request(s.app).put('/api/submissions/Phường 2').set(auth(s.tokens.officer2)).send({ entries: entries('Phường 2', ['Mã QR']) }).expect(200);
  await openAdmin('Tiến độ');
  await screen.findByText('1/18 đơn vị đã gửi · 0 bị từ chối · 17 chưa gửi');
  await clickWhenEnabled('Ghi danh sách chưa gửi ra trang tính');
  await waitFor(() => expect(host.workbook.sheets.some((x) => x.name === NOT_REPORTED_SHEET)).toBe(true));
  const remind = host.grid(NOT_REPORTED_SHEET).map((r) => r.map((v) => String(v ?? '')));
  expect(remind[1]![0]).toBe('17 đơn vị');
  expect(remind.some((r) => r[1] === 'Phường 2')).toBe(false);
  expect(remind.find((r) => r[1] === 'Phường 1')![2]).toBe('… Chưa gửi báo cáo');

  fireEvent.click(screen.getByRole('tab', { name: 'Nhật ký' }));
  const officer2 = s.store.data.accounts.find((a) => a.unit === 'Phường 2' && a.role === 'officer')!;
  await waitFor(() => expect(within(screen.getByLabelText('Người thực hiện')).getAllByRole('option').length).toBeGreaterThan(1));
  fireEvent.change(screen.getByLabelText('Người thực hiện'), { target: { value: officer2.id } });
  await waitFor(() => expect(within(screen.getByRole('list', { name: 'Nhật ký' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/Cán bộ đơn vị Phường 2: Gửi báo cáo · Phường 2 · \(không có\) → phiên bản 1: Mã QR$/)]));
});

test('Chốt điểm from the round list: the scores are locked on the server, said with the time, and opened again', async () => {
  await openAdmin('Đợt báo cáo');
  const round = s.store.data.round;
  await clickWhenEnabled(`Chốt điểm đợt ${round.name}`);
  // Asked first, naming the consequence; nothing happens until Đồng ý.
  await screen.findByText(/Chốt điểm đợt “.*”\? 0 điểm được giữ nguyên; Hội đồng không sửa được điểm nữa/);
  expect(s.store.data.round.scoresLocked).toBeUndefined();
  fireEvent.click(screen.getByRole('button', { name: 'Đồng ý' }));
  await screen.findByText(/Đã chốt điểm đợt “.*”: 0 điểm được giữ nguyên/);
  expect(s.store.data.round.scoresLocked).toBeDefined();
  expect(await screen.findByText(/· Đã chốt điểm \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)).toBeTruthy();
  await clickWhenEnabled(`Mở lại chấm điểm đợt ${round.name}`);
  fireEvent.click(await screen.findByRole('button', { name: 'Đồng ý' }));
  await screen.findByText(/Đã mở lại việc chấm điểm đợt/);
  expect(s.store.data.round.scoresLocked).toBeUndefined();
});

test('Tiến độ at a city’s size: filter by state with counts, search without diacritics, and the entries short of scores with who is still to score them', async () => {
  await request(s.app).put('/api/submissions/Phường 2').set(auth(s.tokens.officer2)).send({ entries: entries('Phường 2', ['Mã QR']) }).expect(200);
  const sent = await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: entries('Phường 1', ['Một cửa số']) }).expect(200);
  await request(s.app).put(`/api/scores/${sent.body.entries[0].id}`).set(auth(s.tokens.reviewer)).send({ points: POINTS }).expect(200);
  await openAdmin('Tiến độ');
  const filters = await screen.findByRole('tablist', { name: 'Lọc đơn vị theo tình trạng' });
  // (Fluent draws a tab's label twice, one copy hidden to reserve its bold width: the accessible names are what count.)
  for (const name of ['Tất cả (18)', 'Chưa gửi (16)', 'Bị trả lại (0)', 'Đã gửi (2)', 'Thiếu điểm (2)']) expect(within(filters).getByRole('tab', { name })).toBeTruthy();
  fireEvent.click(within(filters).getByRole('tab', { name: 'Đã gửi (2)' }));
  await waitFor(() => expect(within(screen.getByRole('list', { name: 'Các đơn vị' })).getAllByRole('listitem')).toHaveLength(2));
  fireEvent.click(within(filters).getByRole('tab', { name: 'Tất cả (18)' }));
  fireEvent.change(screen.getByLabelText('Tìm đơn vị'), { target: { value: 'vo thi sau' } });
  await waitFor(() => expect(within(screen.getByRole('list', { name: 'Các đơn vị' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([expect.stringMatching(/^Phường Võ Thị Sáu/)]));
  // Each entry short of scores, with how many it has and the reviewers still to score it (never its own unit's).
  const short = within(screen.getByRole('list', { name: 'Mô hình còn thiếu điểm' })).getAllByRole('listitem').map((li) => li.textContent);
  expect(short).toEqual(
    expect.arrayContaining([expect.stringMatching(/^“Một cửa số” \(Phường 1\): 1\/3 điểm · chưa chấm: (?!.*Phường 1\)).*Thành viên hội đồng/), expect.stringMatching(/^“Mã QR” \(Phường 2\): 0\/3 điểm/)]),
  );
});
