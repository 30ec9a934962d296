/**
 * A colleague of the same unit sent a newer version (issue #19, item 1): the officer's send is
 * refused (412) and the pane shows the server's version (who, when, its entries beside the
 * sheet's) with three explicit choices. Reconnecting never turns the refusal into an overwrite,
 * and a workbook that never sent cannot replace a version it has not seen.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import request from 'supertest';
import { addAccount } from '../../server/auth';
import type { InstalledHost } from '../helpers/excel-host';
import { click, clickWhenEnabled, renderPane, typeInto, usePaneServer } from '../helpers/pane';
import { auth, entry, NOW, type TestServer } from '../helpers/server';

const fixture = usePaneServer((server) => server.tokens.officer1);
let s: TestServer;
let url: string;
let host: InstalledHost;
let colleague: string;

beforeEach(async () => {
  ({ s, url, host } = fixture());
  colleague = await s.store.write((data) => addAccount(data, { role: 'officer', unit: 'Phường 1', name: 'Trần Thị Bình' }, NOW).token);
});

const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';
const latest = async () => (await request(s.app).get('/api/submissions/Phường 1').set(auth(s.tokens.admin))).body;

/** The officer's sheet with one entry, checked. */
async function typeAndCheck(title = 'Một cửa liên thông') {
  typeInto(host, { B9: 'Phường 1', C9: title, D9: 'Cải cách thể chế', E9: FULL });
  click('Kiểm tra');
  await screen.findByText('Không còn lỗi. Có thể gửi báo cáo.');
}

/** The officer has sent version 1 from this workbook; then the colleague sends version 2 with a changed entry and a new one. */
async function colleagueSentAfterMe() {
  renderPane(url);
  await clickWhenEnabled('Chèn mẫu Phụ lục');
  await screen.findByText(/Đã chèn mẫu/);
  await typeAndCheck();
  await clickWhenEnabled('Gửi báo cáo');
  await screen.findByText('Máy chủ đã nhận báo cáo');
  await waitFor(() => expect(host.settings.get('phuluc.baseVersion')).toBe(1));
  const res = await request(s.app)
    .put('/api/submissions/Phường 1')
    .set(auth(colleague))
    .send({
      entries: [
        entry('Phường 1', 'Một cửa liên thông', { field: 'Cải cách thể chế', sections: { thucTrang: 'người dân chờ lâu.', noiDung: 'quầy riêng.', hieuQua: 'giảm một nửa thời gian.', tinhMoi: 'áp dụng từ tháng 3.' } }),
        entry('Phường 1', 'Sổ tay điện tử', { row: 10, stt: '2' }),
      ],
    });
  expect(res.body.version).toBe(2);
}

async function sendAndMeetConflict() {
  typeInto(host, { F9: 'Sửa ghi chú' });
  await typeAndCheck();
  await clickWhenEnabled('Gửi báo cáo');
  return screen.findByLabelText('Đã có phiên bản mới hơn trên máy chủ');
}

test('the newer version is shown with who sent it, when, and entry by entry what differs; reconnecting does not overwrite it', async () => {
  await colleagueSentAfterMe();
  const view = await sendAndMeetConflict();
  expect(within(view).getByText(/Phiên bản 2 của Phường 1 do Trần Thị Bình gửi lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, 2 mô hình/)).toBeTruthy();
  const rows = within(within(view).getByRole('list', { name: 'So sánh hai bản' })).getAllByRole('listitem');
  expect(rows.map((r) => r.textContent)).toEqual(['Khác nhauMột cửa liên thông (khác ở: Tính mới, Ghi chú)', 'Chỉ có trên máy chủSổ tay điện tử']);
  expect((await latest()).version).toBe(2);

  // The old escape: Cài đặt → Kiểm tra kết nối, then send again. Still refused, still shown.
  fireEvent.click(screen.getByRole('tab', { name: 'Cài đặt' }));
  click('Kiểm tra kết nối');
  await screen.findByText('Vai trò');
  fireEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
  await sendAndMeetConflict();
  expect((await latest()).version).toBe(2);
});

test('"Giữ bản trên máy chủ": nothing is sent and the choice is confirmed', async () => {
  await colleagueSentAfterMe();
  await sendAndMeetConflict();
  click(/Giữ bản trên máy chủ/);
  await screen.findByText('Đã giữ phiên bản 2 trên máy chủ. Báo cáo trong trang này chưa được gửi.');
  expect(screen.queryByLabelText('Đã có phiên bản mới hơn trên máy chủ')).toBeNull();
  expect((await latest()).version).toBe(2);
});

test('"Vẫn gửi bản của tôi": the sheet replaces version 2, and only because the officer chose it', async () => {
  await colleagueSentAfterMe();
  await sendAndMeetConflict();
  click(/Vẫn gửi bản của tôi \(thay phiên bản 2\)/);
  await screen.findByText('Máy chủ đã nhận báo cáo');
  const held = await latest();
  expect(held.version).toBe(3);
  expect(held.entries.map((e: { title: string; note: string }) => [e.title, e.note])).toEqual([['Một cửa liên thông', 'Sửa ghi chú']]);
  await waitFor(() => expect(host.settings.get('phuluc.baseVersion')).toBe(3));
});

test('"Chép bản trên máy chủ sang trang mới": version 2 on a new sheet with its ids; the next send replaces it', async () => {
  await colleagueSentAfterMe();
  await sendAndMeetConflict();
  click('Chép bản trên máy chủ sang trang mới');
  await screen.findByText(/Đã chép phiên bản 2 ở trang “Bản máy chủ v2”/);
  const copy = host.grid('Bản máy chủ v2');
  const server = await latest();
  expect(copy[8]!.slice(0, 4)).toEqual(['1', 'Phường 1', 'Một cửa liên thông', 'Cải cách thể chế']);
  expect(copy[9]![2]).toBe('Sổ tay điện tử');
  expect(String(copy[8]![4])).toContain('- Tính mới: áp dụng từ tháng 3.');
  expect(copy[8]!.includes(server.entries[0].id)).toBe(true);
  expect(host.settings.get('phuluc.baseVersion')).toBe(2);

  // The officer merges into their sheet and sends: what it changes against version 2 is shown, then it is accepted as version 3.
  typeInto(host, { B10: 'Phường 1', C10: 'Sổ tay điện tử', D10: 'Cải cách thể chế', E10: FULL });
  click('Kiểm tra');
  await screen.findByText('Không còn lỗi. Có thể gửi báo cáo.');
  await clickWhenEnabled('Gửi báo cáo');
  await screen.findByText(/^Bản này sẽ thay phiên bản 2 đã gửi lúc .*: .*\.$/);
  await clickWhenEnabled('Gửi và thay phiên bản 2');
  await screen.findByText('Máy chủ đã nhận báo cáo');
  expect((await latest()).version).toBe(3);
});

test('a workbook that never sent cannot replace the unit’s version: the officer chooses', async () => {
  await request(s.app).put('/api/submissions/Phường 1').set(auth(colleague)).send({ entries: [entry('Phường 1', 'Sổ tay điện tử')] });
  renderPane(url);
  await clickWhenEnabled('Chèn mẫu Phụ lục');
  await screen.findByText(/Đã chèn mẫu/);
  await typeAndCheck();
  await clickWhenEnabled('Gửi báo cáo');
  await screen.findByLabelText('Đã có phiên bản mới hơn trên máy chủ');
  expect(screen.getByText(/Phiên bản 1 của Phường 1 do Trần Thị Bình/)).toBeTruthy();
  expect((await latest()).entries.map((e: { title: string }) => e.title)).toEqual(['Sổ tay điện tử']);
});
