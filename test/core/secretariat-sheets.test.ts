/** The secretariat's sheets: units from a pasted list, invitations, units to remind. */
import { demoRound } from '../../core/round';
import { invitationRows, notReportedRows, unitKindOf, unitsFromCells } from '../../core/secretariat-sheets';

test('a pasted list of wards becomes units with their kind, skipping a header, numbers and units already there', () => {
  const round = demoRound();
  const { units, added } = unitsFromCells(
    [['STT', 'Tên đơn vị'], ['1', 'Phường Bến Thành'], ['2', 'Xã Cần Giờ'], ['3', 'phường 1'], ['4', 'Phòng Kinh tế'], ['5', 'Trung tâm Phục vụ hành chính công'], ['', ''], ['6', 'Phường Bến Thành']],
    round.units,
  );
  expect(added).toEqual(['Phường Bến Thành', 'Xã Cần Giờ', 'Phòng Kinh tế', 'Trung tâm Phục vụ hành chính công']);
  expect(units).toHaveLength(round.units.length + 4);
  expect(units.slice(-4).map((u) => u.kind)).toEqual(['phuong', 'phuong', 'co-quan-chuyen-mon', 'don-vi-su-nghiep']);
  expect(unitKindOf('Văn phòng HĐND và UBND')).toBe('co-quan-chuyen-mon');
});

test('invitations: one block per unit with its token and how to connect; the reminder list only the units still to send', () => {
  const sheet = invitationRows([{ unit: 'Phường 1', name: 'Cán bộ đơn vị Phường 1', token: 'pl_abc' }], { name: 'Đợt 2025' }, 'https://phuluc.example');
  expect(sheet.rows.slice(3, 7)).toEqual([['Phường 1'], ['Tài khoản', 'Cán bộ đơn vị Phường 1'], ['Mã truy cập', 'pl_abc'], ['Địa chỉ máy chủ', 'https://phuluc.example']]);
  expect(sheet.rows[7]![1]).toContain('https://phuluc.example/nop-bao-cao.html');
  const remind = notReportedRows(
    [{ unit: 'Phường 1', state: 'sent' }, { unit: 'Phường 2', state: 'not-sent' }, { unit: 'Phường 3', state: 'refused', reason: 'Thiếu Tính mới' }],
    { name: 'Đợt 2025' },
    (u) => (u.state === 'refused' ? `Bị từ chối: ${u.reason}` : 'Chưa gửi'),
  );
  expect(remind.rows.slice(3)).toEqual([['STT', 'Đơn vị', 'Tình trạng'], ['1', 'Phường 2', 'Chưa gửi'], ['2', 'Phường 3', 'Bị từ chối: Thiếu Tính mới']]);
});
