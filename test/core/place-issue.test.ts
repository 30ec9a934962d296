/** A finding the server made by row is put on the sheet's own cell for it (a table that starts in column B). */
import { readReport } from '../../core/reader/read';
import { placeIssue } from '../../core/reader/validate';

test("the server's wrong-unit at row 9 lands on the unit cell of that row, wherever the table starts", () => {
  const grid = [
    ['', 'STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'],
    ['', 1, 'Phường 2', 'Một cửa', 'Cải cách thể chế', '- Thực trạng: a\n- Nội dung: b\n- Hiệu quả: c\n- Tính mới: d', ''],
  ];
  const report = readReport([{ name: 'Phụ lục', grid, top: 8 }])!;
  const entries = report.entries;
  expect(entries[0]!.row).toBe(9);
  const fromServer = { code: 'wrong-unit' as const, severity: 'error' as const, row: 9, cell: 'B9', message: 'Ô B9 ghi đơn vị “Phường 2”…' };
  expect(placeIssue(fromServer, entries).cell).toBe('C9');
  expect(placeIssue({ ...fromServer, code: 'missing-section', section: 'tinhMoi', cell: 'E9' }, entries).cell).toBe('F9');
  expect(placeIssue({ ...fromServer, row: null, cell: null }, entries).cell).toBeNull(); // a finding about the whole report stays so
});
