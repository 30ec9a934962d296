/**
 * A city's year in Chromium at task-pane width (issue #28): the clerk of a city's Sở Nội vụ
 * selects the city's list of 168 wards, communes and its special zone (codes, kinds, contacts,
 * the wards a new ward was formed from), creates next year's round from it as a draft from the
 * blank template, sets its dates on the settings sheet, makes every unit's account before the
 * round opens, reissues one code, opens the round and follows progress with a filter. Last
 * year's officer of Phường 1 is the officer of Phường Bàn Cờ, which Phường 1 was merged into.
 */
import { newSheet, newWorkbook } from '../../addin/preview/excel-sim';
import { INVITATION_SHEET } from '../../core/rounds/secretariat-sheets';
import { api, connectPane, eventually, submitReport, useHarness, workbookOf } from './harness';

const harness = useHarness('thanh-pho');

const WARDS = ['Sài Gòn', 'Tân Định', 'Bến Thành', 'Cầu Ông Lãnh', 'Xuân Hòa', 'Nhiêu Lộc', 'Xóm Chiếu', 'Khánh Hội', 'Vĩnh Hội', 'Chợ Quán', 'An Đông', 'Chợ Lớn', 'Bình Tây', 'Bình Tiên', 'Bình Phú', 'Phú Lâm', 'Tân Thuận', 'Phú Thuận', 'Tân Mỹ', 'Tân Hưng', 'Chánh Hưng', 'Phú Định', 'Bình Đông', 'Diên Hồng', 'Vườn Lài', 'Hòa Hưng', 'Minh Phụng', 'Bình Thới', 'Hòa Bình', 'Phú Thọ'];
const COMMUNES = ['Vĩnh Lộc', 'Tân Vĩnh Lộc', 'Bình Lợi', 'Tân Nhựt', 'Bình Chánh', 'Hưng Long', 'Bình Hưng', 'Bình Khánh', 'An Thới Đông', 'Cần Giờ', 'Thạnh An', 'Củ Chi', 'Tân An Hội', 'Thái Mỹ', 'An Nhơn Tây', 'Nhuận Đức', 'Phú Hòa Đông', 'Bình Mỹ', 'Đông Thạnh', 'Hóc Môn', 'Xuân Thới Sơn', 'Bà Điểm', 'Nhà Bè', 'Hiệp Phước'];

/** The city's list as its clerk keeps it: 113 wards (Phường Bàn Cờ first), 54 communes, one special zone, 168 in all. */
function cityList(): string[][] {
  const rows: string[][] = [['STT', 'Mã ĐVHC', 'Tên đơn vị', 'Loại', 'Hình thành từ', 'Người liên hệ', 'Điện thoại', 'Thư điện tử']];
  const add = (name: string, kind: string, from = '') => {
    const n = rows.length;
    rows.push([String(n), String(26700 + n), name, kind, from, `Cán bộ ${n}`, `0912 ${String(100000 + n)}`, `vanthu${n}@tphcm.gov.vn`]);
  };
  add('Phường Bàn Cờ', 'Phường', 'Phường 1; Phường 2; Phường 3; Phường 5');
  for (let i = 0; i < 112; i++) add(`Phường ${WARDS[i % WARDS.length]}${i >= WARDS.length ? ` ${Math.floor(i / WARDS.length) + 1}` : ''}`, 'Phường');
  for (let i = 0; i < 54; i++) add(`Xã ${COMMUNES[i % COMMUNES.length]}${i >= COMMUNES.length ? ` ${Math.floor(i / COMMUNES.length) + 1}` : ''}`, 'Xã');
  add('Đặc khu Côn Đảo', 'Đặc khu');
  return rows;
}

/** dd/mm/yyyy of today plus `days`, in Vietnam. */
function vnDay(days: number): string {
  const d = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

test('168 units from a selected list, a draft round from the blank template, every account before it opens, one code reissued, the round opened, progress filtered', async () => {
  const h = harness();
  const list = cityList();
  expect(list).toHaveLength(169);
  const workbook = newWorkbook([newSheet('Danh sách', list)]);
  workbook.selection = { sheet: 'Danh sách', address: `A1:H${list.length}` };
  const admin = await h.openPane(workbook);
  await admin.setViewportSize({ width: 350, height: 900 });
  await connectPane(admin, h.tokens.admin);
  await admin.getByRole('tab', { name: 'Quản trị' }).click();
  await admin.getByRole('tab', { name: 'Đợt báo cáo' }).click();

  // The draft: the blank template, the units from the selected list; the live round untouched.
  const name = 'Mô hình, giải pháp, sáng kiến cải cách hành chính Thành phố Hồ Chí Minh năm 2026';
  await admin.getByLabel('Tên đợt mới').fill(name);
  await admin.getByLabel('Năm của đợt mới').fill('2026');
  await admin.getByLabel('Lĩnh vực, tiêu chí và giải thưởng').selectOption('blank');
  await admin.getByLabel('Đơn vị của đợt mới').selectOption('selection');
  await admin.getByRole('button', { name: 'Tạo đợt mới (bản nháp)' }).click();
  await admin.getByText(`Đã tạo đợt “${name}” (bản nháp, 168 đơn vị) từ mẫu trống; đợt đang dùng không đổi.`, { exact: false }).waitFor();
  const drafted = await api<{ rounds: Array<{ id: string; active: boolean; name: string; round: { units: Array<{ name: string; code?: string; kind: string; contact?: object; formedFrom?: string[] }> } }> }>(h, '/api/rounds');
  const draft = drafted.rounds.find((r) => r.name === name)!;
  expect(draft.active).toBe(false);
  expect(draft.round.units[0]).toMatchObject({ name: 'Phường Bàn Cờ', code: '26701', kind: 'phuong', formedFrom: ['phường 1', 'phường 2', 'phường 3', 'phường 5'] });
  expect(draft.round.units.map((u) => u.kind).filter((k) => k === 'xa')).toHaveLength(54);
  expect(draft.round.units.at(-1)).toMatchObject({ name: 'Đặc khu Côn Đảo', kind: 'dac-khu', contact: { person: 'Cán bộ 168', phone: '0912 100168', email: 'vanthu168@tphcm.gov.vn' } });

  // Its dates set on the settings sheet (the blank template's window has passed).
  await admin.getByRole('button', { name: 'Ghi cài đặt ra trang tính' }).click();
  await admin.getByText(`Đã ghi cài đặt của đợt “${name}”`, { exact: false }).waitFor();
  const settings = (await workbookOf(admin)).sheets.find((s) => s.name === 'Cài đặt đợt')!.values as string[][];
  expect(settings.findIndex((r) => r[1] === 'Phường Bàn Cờ')).toBeGreaterThan(0);
  const row = (label: string) => settings.findIndex((r) => r[0] === label) + 1;
  await admin.evaluate(
    async ([opens, closes, from, to]) => {
      await window.phulucSim!.type('Cài đặt đợt', `B${opens}`, from!);
      await window.phulucSim!.type('Cài đặt đợt', `B${closes}`, to!);
    },
    [String(row('Ngày mở nhận báo cáo')), String(row('Hạn chót nộp báo cáo')), vnDay(-1), vnDay(60)],
  );
  await admin.getByRole('button', { name: 'Lưu cài đặt từ trang tính' }).click();
  await admin.getByText(`Đã lưu cài đặt của đợt “${name}”. Đợt này chưa dùng`, { exact: false }).waitFor();
  await h.screenshot(admin, '1-dot-nhap');

  // Every account before the round opens: Phường Bàn Cờ already has one (Phường 1's and Phường 2's officers), so 167.
  await admin.getByRole('tab', { name: 'Tài khoản' }).click();
  await admin.getByLabel('Đơn vị của đợt', { exact: true }).selectOption(draft.id);
  await admin.getByRole('button', { name: 'Tạo tài khoản cho mọi đơn vị (167 đơn vị chưa có)' }).click();
  await admin.getByText(/^Đã tạo 167 tài khoản và thêm vào trang “Thư mời tài khoản”/).waitFor({ timeout: 120_000 });
  await admin.getByRole('button', { name: 'Tạo tài khoản cho mọi đơn vị (0 đơn vị chưa có)' }).waitFor();
  const invitations = () => workbookOf(admin).then((w) => w.sheets.find((s) => s.name === INVITATION_SHEET)!.values as string[][]);
  const thanhAn = (await invitations()).find((r) => r[1] === 'Xã Thạnh An')!;
  expect(thanhAn[3]).toMatch(/^pl_/);

  // Cấp lại mã for Xã Thạnh An: a new code on its row, the old one refused.
  await admin.getByRole('button', { name: 'Cấp lại mã cho Cán bộ đơn vị Xã Thạnh An', exact: true }).click();
  await admin.getByRole('button', { name: 'Đồng ý' }).click();
  await admin.getByText(/^Đã cấp mã mới cho “Cán bộ đơn vị Xã Thạnh An”/).waitFor();
  const reissued = (await invitations()).filter((r) => r[1] === 'Xã Thạnh An').at(-1)!;
  expect(reissued[3]).toMatch(/^pl_/);
  expect(reissued[3]).not.toBe(thanhAn[3]);
  await admin.evaluate(() => window.scrollTo(0, 0));
  await h.screenshot(admin, '2-tai-khoan', { firstScreen: true });

  // The round opened.
  await admin.getByRole('tab', { name: 'Đợt báo cáo' }).click();
  await admin.getByRole('button', { name: `Dùng đợt này: ${name}` }).click();
  await admin.getByRole('button', { name: 'Đồng ý' }).click();
  await admin.getByText(`Đợt đang dùng: “${name}”`, { exact: false }).waitFor();

  // Last year's officer of Phường 1 is Phường Bàn Cờ's now; a new commune sends with its reissued code, not its old one.
  const officer = await h.openPane();
  await officer.setViewportSize({ width: 350, height: 900 });
  await connectPane(officer, h.tokens.officer);
  await officer.getByText('Phường Bàn Cờ', { exact: true }).waitFor();
  await officer.close();
  await submitReport(h, 'Phường Bàn Cờ', h.tokens.officer, ['Một cửa số Bàn Cờ']);
  await expect(submitReport(h, 'Xã Thạnh An', thanhAn[3]!, ['Sổ tay điện tử'])).rejects.toThrow('401');
  await submitReport(h, 'Xã Thạnh An', reissued[3]!, ['Sổ tay điện tử']);

  // Progress, filtered to the units not yet sent, searched, each with its contact.
  await admin.getByRole('tab', { name: 'Tiến độ' }).click();
  await admin.getByRole('button', { name: 'Cập nhật' }).click();
  await admin.getByRole('status', { name: 'Tiến độ nộp báo cáo' }).getByText('2/168 đơn vị đã gửi', { exact: false }).waitFor();
  await admin.getByRole('tab', { name: 'Chưa gửi (166)' }).click();
  // The server pages: the pane holds 50 units at a time.
  await admin.getByText('Trang 1/4: đơn vị 1–50 trong 166 đơn vị khớp (tất cả 168)').waitFor();
  await admin.getByRole('button', { name: 'Trang sau' }).click();
  await admin.getByText('Trang 2/4: đơn vị 51–100 trong 166 đơn vị khớp (tất cả 168)').waitFor();
  expect(await admin.getByRole('list', { name: 'Các đơn vị' }).locator('li').count()).toBe(50);
  await admin.getByLabel('Tìm đơn vị').fill('con dao');
  const units = admin.getByRole('list', { name: 'Các đơn vị' });
  await eventually(
    () => units.locator('li').allTextContents(),
    (items) => expect(items).toEqual([expect.stringMatching(/^Đặc khu Côn Đảo … Chưa gửi báo cáo · Liên hệ: Cán bộ 168 · 0912 100168 · vanthu168@tphcm\.gov\.vn$/)]),
  );
  await admin.getByLabel('Tìm đơn vị').fill('xa thanh');
  await h.screenshot(admin, '3-tien-do', { firstScreen: true });
  // Nothing at 350 px reaches past the pane's edge (a long round name in a select included).
  for (const tab of ['Tiến độ', 'Tài khoản', 'Đợt báo cáo']) {
    await admin.getByRole('tab', { name: tab }).click();
    const widest = await admin.evaluate(() => Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)));
    expect([tab, widest]).toEqual([tab, expect.any(Number)]);
    expect(widest).toBeLessThanOrEqual(350);
  }
});
