/** The round's settings as a sheet: written, edited as a clerk would, read back. */
import { readRoundSheet, roundSheetRows } from '../../core/rounds/round-sheet';
import { readReport } from '../../core/reader/read';
import { demoRound, readOptions } from '../../core/rounds/round';

const HEADER = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả'];
const DESC = '- Thực trạng: A.\n- Nội dung: B.\n- Hiệu quả: C.\n- Tính mới: D.';

const round = demoRound(new Date('2025-08-20T03:00:00Z'));
const grid = () => roundSheetRows(round).rows.map((r) => [...r]);
const labelOf = (key: string) => round.rubric.criteria.find((c) => c.key === key)!.label;
const rowOf = (g: string[][], label: string) => g.findIndex((r) => r[0] === label);

test('written and read back unchanged', () => {
  const { round: read, problems } = readRoundSheet(grid(), round);
  expect(problems).toEqual([]);
  expect(read).toEqual(round);
});

test('a clerk’s edits: name, dates in Vietnam time, a unit added, a field removed, a prize changed, the scoring deadline set', () => {
  const g = grid();
  g[rowOf(g, 'Tên đợt')]![1] = 'Sáng kiến cải cách hành chính 2025';
  g[rowOf(g, 'Hạn chót nộp báo cáo')]![1] = '30/9/2025';
  g[rowOf(g, 'Hạn chấm điểm')]![1] = '15/10/2025';
  const units = rowOf(g, 'ĐƠN VỊ') + 2;
  g.splice(units, 0, ['', 'Phường Bến Thành', 'Phường']);
  const fields = rowOf(g, 'LĨNH VỰC') + 2;
  g.splice(fields, 1);
  const prizes = rowOf(g, 'GIẢI THƯỞNG') + 2;
  g[prizes]![2] = '8.000.000';
  g[rowOf(g, 'Cơ quan tổ chức')]![1] = 'UBND Phường Bến Thành';
  g[rowOf(g, 'Số thành viên chấm tối thiểu mỗi mô hình')]![1] = '5';
  // A band of Tính mới reworded.
  const band = g.findIndex((r) => r[0] === labelOf('tinhMoi') && r[1] === '27');
  g[band]![3] = 'Rất mới';
  const { round: read, problems } = readRoundSheet(g, round);
  expect(problems).toEqual([]);
  expect(read!.name).toBe('Sáng kiến cải cách hành chính 2025');
  expect(read!.window.closes).toBe('2025-09-30T16:59:00.000Z'); // 23:59 in Vietnam
  expect(read!.rubric.scoringCloses).toBe('2025-10-15T16:59:00.000Z');
  expect(read!.units[0]).toEqual({ id: 'phường bến thành', name: 'Phường Bến Thành', kind: 'phuong' });
  expect(read!.fields).toHaveLength(round.fields.length - 1);
  expect(read!.prizes[0]!.amount.tapThe).toBe(8_000_000);
  expect(read!.organiser).toBe('UBND Phường Bến Thành');
  expect(read!.rubric.minReviewers).toBe(5);
  expect(read!.rubric.criteria.find((c) => c.key === 'tinhMoi')!.bands[0]).toEqual({ min: 27, max: 30, label: 'Rất mới' });
});

test('each problem is said at its cell, in Vietnamese', () => {
  const g = grid();
  const closes = rowOf(g, 'Hạn chót nộp báo cáo');
  g[closes]![1] = '31/02/2025';
  const units = rowOf(g, 'ĐƠN VỊ') + 2;
  g[units]![2] = 'Quận';
  const band = g.findIndex((r) => r[0] === labelOf('hieuQua') && r[1] === '27');
  g[band]![2] = '45';
  const { round: read, problems } = readRoundSheet(g, round);
  expect(read).toBeNull();
  expect(problems).toEqual([
    { cell: `B${closes + 1}`, message: `Ngày “31/02/2025” ở ô B${closes + 1} chưa đúng: ghi dạng ngày/tháng/năm, ví dụ 15/09/2025.` },
    { cell: `C${units + 1}`, message: `Ô C${units + 1}: Loại đơn vị “Quận” của Phường 1 phải là một trong: Phường; Xã; Đặc khu; Sở, ngành; Ban; Cơ quan chuyên môn; Đơn vị sự nghiệp.` },
    { cell: `B${band + 1}`, message: `Mức ở dòng ${band + 1} phải từ điểm nhỏ đến điểm lớn, không quá 30 điểm của tiêu chí.` },
  ]);
  const swapped = grid();
  swapped[rowOf(swapped, 'Ngày mở nhận báo cáo')]![1] = '01/01/2026';
  expect(readRoundSheet(swapped, round).problems.map((p) => p.message)).toEqual(['Mục “Ngày mở và hạn chót” chưa hợp lệ: hạn chót phải sau ngày mở.']);
});

test('assignment by field: the clerk names the appraising offices beside each field, as the plan does; unknown offices are pointed out', () => {
  const g = grid();
  const mode = rowOf(g, 'Phân công chấm (Không phân công, Theo lĩnh vực hoặc Chia đều)');
  expect(g[mode]![1]).toBe('Không phân công');
  g[mode]![1] = 'theo linh vuc'; // as typed, without diacritics
  const fields = rowOf(g, 'LĨNH VỰC') + 2;
  g[fields + 1]![1] = 'Phòng Tư pháp';
  g[fields + 2]![1] = 'Văn phòng HĐND và UBND quận; Phòng Văn hoá và Thông tin';
  const { round: read, problems } = readRoundSheet(g, round);
  expect(problems).toEqual([]);
  expect(read!.assignment).toEqual({
    mode: 'by-field',
    offices: [
      { field: round.fields[1]!.name, units: ['Phòng Tư pháp'] },
      { field: round.fields[2]!.name, units: ['Văn phòng HĐND và UBND quận', 'Phòng Văn hóa và Thông tin'] },
    ],
  });
  // Written again, the sheet shows the same choices, and reads back to the same round.
  const again = roundSheetRows(read!).rows.map((r) => [...r]);
  expect(readRoundSheet(again, read!).round).toEqual(read);

  g[fields + 1]![1] = 'Phòng Tư Pháp Quận 5';
  const bad = readRoundSheet(g, round);
  expect(bad.round).toBeNull();
  expect(bad.problems).toEqual([{ cell: `B${fields + 2}`, message: 'Đơn vị thẩm định “Phòng Tư Pháp Quận 5” ở ô B' + (fields + 2) + ' không có trong bảng đơn vị.' }]);
  g[fields + 1]![1] = '';
  g[fields + 2]![1] = '';
  expect(readRoundSheet(g, round).problems[0]!.message).toMatch(/cần ghi đơn vị thẩm định/);
  g[mode]![1] = 'Chia đều';
  expect(readRoundSheet(g, round).round!.assignment).toEqual({ mode: 'even', offices: [] });
});

test('the sheet shows no internal key (criteria by number and name, no round id); its tables end at the next heading, not at a blank row (issue #28)', () => {
  const g = grid();
  const text = g.flat().join(' ');
  for (const key of ['tinhMoi', 'hieuQua', 'nhanRong', 'khaThi', round.id]) expect(text).not.toContain(key);
  // A field typed into the blank row between the fields and the criteria belongs to the fields.
  const criteriaTitle = rowOf(g, 'TIÊU CHÍ CHẤM');
  expect(g[criteriaTitle - 1]).toEqual([]);
  g[criteriaTitle - 1] = ['Cải cách hành chính trong trường học', ''];
  const { round: read, problems } = readRoundSheet(g, round);
  expect(problems).toEqual([]);
  expect(read!.fields.map((f) => f.name)).toContain('Cải cách hành chính trong trường học');
  expect(read!.rubric.criteria.map((c) => c.key)).toEqual(round.rubric.criteria.map((c) => c.key));
});

test('a sheet written by an earlier version (criteria by key) is still read', () => {
  const g = grid();
  const first = rowOf(g, 'TIÊU CHÍ CHẤM') + 2;
  round.rubric.criteria.forEach((c, i) => (g[first + i]![0] = c.key));
  for (const r of g) {
    const c = round.rubric.criteria.find((x) => x.label === r[0]);
    if (c && r.length === 4) r[0] = c.key;
  }
  const { round: read, problems } = readRoundSheet(g, round);
  expect(problems).toEqual([]);
  expect(read!.rubric.criteria.map((c) => [c.key, c.bands.length])).toEqual(round.rubric.criteria.map((c) => [c.key, c.bands.length]));
});

test('a field’s other spellings are the clerk’s to edit (Cách viết khác), and the reader then accepts them; a sheet without that column keeps them', () => {
  const g = grid();
  const header = rowOf(g, 'LĨNH VỰC') + 1;
  expect(g[header]![2]).toBe('Cách viết khác mà đơn vị hay dùng (cách nhau bởi dấu ;)');
  const field = round.fields[1]!;
  g[header + 2]![2] = 'Thể chế; Xây dựng thể chế, chính sách';
  const { round: read, problems } = readRoundSheet(g, round);
  expect(problems).toEqual([]);
  expect(read!.fields[1]).toEqual({ name: field.name, aliases: ['Thể chế', 'Xây dựng thể chế, chính sách'] });
  const entry = readReport([{ name: 'S', grid: [HEADER, [1, 'Phường 1', 'Một', 'Xây dựng thể chế, chính sách', DESC]] }], readOptions(read!))!.entries[0]!;
  expect(entry.field).toBe(field.name);

  // An earlier sheet (two columns): the round's own spellings stay.
  const old = grid().map((r, i) => (i >= header && i < rowOf(grid(), 'TIÊU CHÍ CHẤM') ? r.slice(0, 2) : r));
  expect(readRoundSheet(old, read!).round!.fields[1]).toEqual(read!.fields[1]);
});
