/** The secretariat's sheets: units from a pasted list, invitations, units to remind. */
import { invitationRows, invitationsOnSheet, mergeInvitations, notReportedRows, reminderLines, contactText } from '../../core/rounds/secretariat-sheets';

test('invitations: one row per unit with its token and the day, how to connect once; the reminder list only the units still to send', () => {
  const sheet = invitationRows([{ unit: 'Phường 1', name: 'Cán bộ đơn vị Phường 1', token: 'pl_abc', accountId: 'a1', at: '2025-09-01T03:00:00Z' }], { name: 'Đợt 2025' }, 'https://phuluc.example');
  expect(sheet.rows[2]).toEqual(['Địa chỉ máy chủ', 'https://phuluc.example']);
  expect(sheet.rows[1]![0]).toContain('https://phuluc.example/nop-bao-cao.html');
  expect(sheet.rows.slice(4).map((r) => r.slice(0, 7))).toEqual([
    ['STT', 'Đơn vị', 'Tài khoản', 'Mã truy cập', 'Ngày cấp', 'Ghi chú', 'Mã tài khoản'],
    ['1', 'Phường 1', 'Cán bộ đơn vị Phường 1', 'pl_abc', '01/09/2025', '', 'a1'],
  ]);
  const remind = notReportedRows(
    [{ unit: 'Phường 1', state: 'sent' }, { unit: 'Phường 2', state: 'not-sent', contact: { person: 'Nguyễn Thị Lan', phone: '0912 345 678' } }, { unit: 'Phường 3', state: 'refused', reason: 'Thiếu Tính mới' }],
    { name: 'Đợt 2025' },
    (u) => (u.state === 'refused' ? `Bị từ chối: ${u.reason}` : 'Chưa gửi'),
  );
  expect(remind.rows.slice(3)).toEqual([
    ['STT', 'Đơn vị', 'Tình trạng', 'Người liên hệ', 'Điện thoại', 'Thư điện tử'],
    ['1', 'Phường 2', 'Chưa gửi', 'Nguyễn Thị Lan', '0912 345 678', ''],
    ['2', 'Phường 3', 'Bị từ chối: Thiếu Tính mới', '', '', ''],
  ]);
  // Copied for pasting into a sheet: one unit per line, its contact in the next columns.
  expect(reminderLines([{ unit: 'Phường 2', state: 'not-sent', contact: { person: 'Nguyễn Thị Lan', phone: '0912 345 678' } }, { unit: 'Phường 3', state: 'not-sent' }])).toBe('Phường 2\tNguyễn Thị Lan\t0912 345 678\nPhường 3');
  expect(contactText({ person: 'Nguyễn Thị Lan', email: 'lan@tphcm.gov.vn' })).toBe('Nguyễn Thị Lan · lan@tphcm.gov.vn');
});

test('each unit’s row carries a letter to mail it, whole in one cell: the page, the code, who sends it, in the organiser’s words', () => {
  const city = { name: 'Sáng kiến CCHC năm 2025', organiser: 'UBND Thành phố Hồ Chí Minh' };
  const rows = invitationRows([{ unit: 'Phường Sài Gòn', name: 'Cán bộ Phường Sài Gòn', token: 'pl_abc', accountId: 'a1' }, { unit: 'Phường 7', name: 'Cán bộ', token: 'pl_new', reissued: true }], city, 'https://cchc.tphcm.gov.vn').rows;
  expect(rows[4]![7]).toBe('Thư mời gửi đơn vị (chép nguyên ô vào email hoặc tin nhắn)');
  expect(rows[5]![7]).toBe(
    [
      'Kính gửi: Phường Sài Gòn',
      'Sở Nội vụ gửi tài khoản để đơn vị nộp báo cáo Sáng kiến CCHC năm 2025.',
      '- Trang nộp báo cáo: https://cchc.tphcm.gov.vn/nop-bao-cao.html',
      '- Mã truy cập: pl_abc',
      'Mã dùng như mật khẩu, chỉ gửi riêng cho cán bộ đầu mối của đơn vị. Trong Excel có phần bổ trợ Phụ lục: vào Cài đặt, nhập địa chỉ https://cchc.tphcm.gov.vn và mã trên, bấm Kiểm tra kết nối.',
    ].join('\n'),
  );
  expect(rows[6]![7]).toContain('gửi mã truy cập mới (mã cũ không dùng được nữa)');
  // Read back, the letter is no part of the invitation.
  expect(invitationsOnSheet(rows).map((i) => i.token)).toEqual(['pl_abc', 'pl_new']);
});

test('the invitation sheet is never cleared: a second batch adds its rows, a code issued again replaces only its account’s row; the blocks of earlier versions are read too', () => {
  const round = { name: 'Đợt 2025' };
  const first = Array.from({ length: 163 }, (_, i) => ({ unit: `Phường ${i + 1}`, name: `Cán bộ Phường ${i + 1}`, token: `pl_${i}`, accountId: `a${i}`, at: '2025-09-01T03:00:00Z' }));
  const sheet1 = invitationRows(first, round, 'https://x').rows;
  // The second press makes the one account still missing: the 163 codes stay.
  const second = mergeInvitations(invitationsOnSheet(sheet1), [{ unit: 'Đặc khu Côn Đảo', name: 'Cán bộ Côn Đảo', token: 'pl_new', accountId: 'b1', at: '2025-09-02T03:00:00Z' }]);
  expect(second).toHaveLength(164);
  expect(second.slice(0, 163).map((i) => i.token)).toEqual(first.map((i) => i.token));
  // Cấp lại mã for Phường 7: its row changes, and only it.
  const third = mergeInvitations(invitationsOnSheet(invitationRows(second, round, 'https://x').rows), [{ unit: 'Phường 7', name: 'Cán bộ Phường 7', token: 'pl_moi', accountId: 'a6', at: '2025-09-03T03:00:00Z', reissued: true }]);
  expect(third).toHaveLength(164);
  expect(third[6]).toMatchObject({ token: 'pl_moi', reissued: true });
  expect(invitationRows(third, round, 'https://x').rows[4 + 7]!.slice(0, 7)).toEqual(['7', 'Phường 7', 'Cán bộ Phường 7', 'pl_moi', '03/09/2025', 'Cấp lại: mã cũ không dùng được nữa', 'a6']);
  // A sheet written by an earlier version (one block per unit) keeps its codes when new ones are added.
  const old = [['Tài khoản nộp báo cáo: Đợt 2025'], ['…'], [], ['Phường 1'], ['Tài khoản', 'Cán bộ đơn vị Phường 1'], ['Mã truy cập', 'pl_cu'], ['Địa chỉ máy chủ', 'https://x'], ['Cách dùng', '…'], []];
  expect(mergeInvitations(invitationsOnSheet(old), [{ unit: 'Phường 2', name: 'Cán bộ Phường 2', token: 'pl_2' }]).map((i) => [i.unit, i.token])).toEqual([
    ['Phường 1', 'pl_cu'],
    ['Phường 2', 'pl_2'],
  ]);
});
