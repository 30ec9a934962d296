/** Two versions of a report side by side, as the conflict view shows them. */
import { changeLines, compareReports } from '../../core/reader/report-diff';
import type { IncomingEntry, StoredEntry } from '../../core/rounds/submission';

const sections = { thucTrang: 'Chờ lâu.', noiDung: 'Quầy riêng.', hieuQua: 'Nhanh hơn.', tinhMoi: 'Lần đầu.' };
const stored = (id: string, title: string, extra: Partial<StoredEntry> = {}): StoredEntry => ({ id, row: 9, stt: '1', unit: 'Phường 1', title, field: 'Cải cách thể chế', sections, note: '', ...extra });
const mine = (title: string, extra: Partial<IncomingEntry> = {}): IncomingEntry => ({ row: 9, stt: '1', unit: 'Phường 1', title, field: 'Cải cách thể chế', sections, note: '', ...extra });

test('entries are matched by id, then by normalised title; what differs is named', () => {
  const rows = compareReports(
    [stored('a', 'Một cửa liên thông'), stored('b', 'Sổ tay điện tử'), stored('c', 'Tủ sách pháp luật')],
    [
      mine('Một cửa liên thông (sửa tên)', { id: 'a', sections: { ...sections, tinhMoi: 'Khác.' } }),
      mine('SỔ TAY  ĐIỆN TỬ'),
      mine('Mô hình mới', { field: 'Cải cách tài chính công' }),
    ],
  );
  expect(rows.map((r) => [r.state, r.server?.title ?? null, r.mine?.title ?? null, r.differs])).toEqual([
    ['changed', 'Một cửa liên thông', 'Một cửa liên thông (sửa tên)', ['Tên', 'Tính mới']],
    ['same', 'Sổ tay điện tử', 'SỔ TAY  ĐIỆN TỬ', []],
    ['only-server', 'Tủ sách pháp luật', null, []],
    ['only-mine', null, 'Mô hình mới', []],
  ]);
});

test('an id is matched once: a second entry with the same id falls back to its title', () => {
  const rows = compareReports([stored('a', 'Một'), stored('b', 'Hai')], [mine('Một', { id: 'a' }), mine('Hai', { id: 'a' })]);
  expect(rows.map((r) => r.state)).toEqual(['same', 'same']);
});

test('what a new version changes, as the officer reads it before it replaces the one sent', () => {
  const rows = compareReports(
    [stored('a', 'Một cửa liên thông'), stored('b', 'Sổ tay điện tử'), stored('c', 'Tủ sách pháp luật')],
    [mine('Một cửa liên thông', { id: 'a', sections: { ...sections, hieuQua: 'Giảm 40%.', tinhMoi: 'Khác.' } }), mine('Sổ tay điện tử', { id: 'b' }), mine('Mô hình mới')],
  );
  expect(changeLines(rows)).toEqual({
    counts: '1 mô hình mới, 1 mô hình sửa, 1 mô hình bỏ, 1 mô hình giữ nguyên',
    changes: ['Sửa “Một cửa liên thông”: Hiệu quả, Tính mới', 'Bỏ “Tủ sách pháp luật” (không còn trong bản mới)', 'Thêm “Mô hình mới”'],
  });
  expect(changeLines(compareReports([stored('a', 'Một')], [mine('Một', { id: 'a' })]))).toEqual({ counts: '1 mô hình giữ nguyên', changes: [] });
});
