import { readReport } from '../../core/reader/read';
import { checkWorkbook } from '../../core/reader/report';
import type { CellValue, Grid } from '../../core/types';

const HEADER = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả về công trình/ giải pháp/ đề tài', 'Ghi chú'];
const DESC = '- Thực trạng: A.\n- Nội dung: B.\n- Hiệu quả: C.\n- Tính mới: D.';
const row = (stt: CellValue, title: string, description = DESC, field = 'Cải cách thể chế') => [stt, 'Phường 7', title, field, description, ''];

describe('reading a grid', () => {
  test('header spellings met in practice: line breaks, extra spaces, CCHC, a bare Mô tả', () => {
    const grid: Grid = [['Số TT', 'Đơn vị\nthực hiện', 'Tên mô hình /giải  pháp', 'Lĩnh vực CCHC', 'Mô tả', 'Ghi chú'], row(1, 'Một')];
    const report = readReport([{ name: 'S', grid }]);
    expect(report?.entries.map((e) => e.title)).toEqual(['Một']);
  });

  test('a continuation row joins the entry above and keeps both cells', () => {
    const grid: Grid = [HEADER, row(1, 'Một', '- Thực trạng: A.\n- Nội dung: B.'), ['', '', '', '', '- Hiệu quả: C.\n- Tính mới: D.', ''], row(2, 'Hai')];
    const report = readReport([{ name: 'S', grid }])!;
    expect(report.entries).toHaveLength(2);
    expect(report.entries[0]!.sections).toEqual({ thucTrang: 'A.', noiDung: 'B.', hieuQua: 'C.', tinhMoi: 'D.' });
    expect(report.entries[0]!.cells?.description).toEqual(['E2', 'E3']);
    expect(report.entries[1]!.row).toBe(4);
  });

  test('the signature block and what follows are not entries; the template row skeleton is skipped', () => {
    const grid: Grid = [
      HEADER,
      row(1, 'Một'),
      [2, '', '', '', '- Thực trạng:\n- Nội dung:\n- Hiệu quả:\n- Tính mới:', ''],
      ['', 'Phường 7, ngày 10 tháng 9 năm 2024', '', '', '', ''],
      ['', 'Người lập biểu', '', '', 'THỦ TRƯỞNG ĐƠN VỊ', ''],
      [3, 'Phường 7', 'Không phải mô hình', 'Cải cách thể chế', DESC, ''],
    ];
    expect(readReport([{ name: 'S', grid }])!.entries.map((e) => e.title)).toEqual(['Một']);
  });

  test('several Phụ lục on one sheet (title block, header, entries, signature, then the next): every table read, each unit from its own title block', () => {
    const table = (ward: string, titles: string[], header = HEADER): Grid => [
      ['ỦY BAN NHÂN DÂN QUẬN 3', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      [`UBND ${ward.toUpperCase()}`, '', '', 'Độc lập - Tự do - Hạnh phúc'],
      [],
      header,
      ...titles.map((t, i) => [i + 1, '', t, 'Cải cách thể chế', DESC, '']),
      [],
      ['', '', '', `${ward}, ngày 10 tháng 9 năm 2024`],
      ['', 'Người lập biểu', '', 'TM. ỦY BAN NHÂN DÂN'],
      ['', '', '', 'CHỦ TỊCH'],
      ['', 'Nguyễn Văn A', '', 'Trần Thị B'],
      [],
    ];
    // The second table's older headings score lower than the third's: each is read all the same, in order.
    const old = ['TT', 'Tên đơn vị', 'Tên giải pháp', 'Lĩnh vực', 'Tóm tắt nội dung'];
    const grid: Grid = [...table('Phường 1', ['Một', 'Hai']), ...table('Phường 2', ['Ba'], old), ...table('Phường 3', ['Bốn', 'Năm'])];
    const report = readReport([{ name: 'S', grid }], { units: ['Phường 1', 'Phường 2', 'Phường 3'] })!;
    expect(report.entries.map((e) => [e.title, e.unit])).toEqual([
      ['Một', 'Phường 1'],
      ['Hai', 'Phường 1'],
      ['Ba', 'Phường 2'],
      ['Bốn', 'Phường 3'],
      ['Năm', 'Phường 3'],
    ]);
    expect(report.entries.map((e) => e.row)).toEqual([5, 6, 17, 28, 29]);
    expect(report.headerRow).toBe(4);
    expect(report.findings.map((f) => f.code)).toEqual(['unit-from-title', 'unit-from-title', 'unit-from-title', 'several-tables']);
    expect(report.findings.at(-1)!.message).toContain('có 3 bảng Phụ lục nối tiếp nhau');
  });

  test('a numbered row left under the signature with no header above it is named, never dropped silently', () => {
    const grid: Grid = [HEADER, row(1, 'Một'), ['', 'Người lập biểu', '', '', 'THỦ TRƯỞNG ĐƠN VỊ', ''], [], [2, 'Phường 7', 'Mô hình đặt dưới chữ ký', 'Cải cách thể chế', DESC, '']];
    const report = readReport([{ name: 'S', grid }])!;
    expect(report.entries.map((e) => e.title)).toEqual(['Một']);
    expect(report.findings).toEqual([expect.objectContaining({ code: 'row-after-signature', severity: 'warning', row: 5, message: expect.stringContaining('Dòng 5 nằm dưới phần chữ ký') })]);
  });

  test('an entry right under the header whose note starts with a part’s name is an entry, not a second header row (found by the property test)', () => {
    const grid: Grid = [HEADER, [1, 'Phường 7', 'Một', 'Cải cách thể chế', DESC.replace(/\n/g, ' '), 'thực trạng người dân'], row(2, 'Hai')];
    expect(readReport([{ name: 'S', grid }])!.entries.map((e) => e.title)).toEqual(['Một', 'Hai']);
  });

  test('a header repeated mid-table is skipped; the header is found below a title block', () => {
    const grid: Grid = [['ỦY BAN NHÂN DÂN QUẬN 3'], ['PHƯỜNG 7'], [], ['Phụ lục'], HEADER, row(1, 'Một'), HEADER, row(2, 'Hai')];
    const report = readReport([{ name: 'S', grid }])!;
    expect(report.headerRow).toBe(5);
    expect(report.entries.map((e) => e.row)).toEqual([6, 8]);
  });

  test('addresses follow the grid origin when the used range does not start at A1', () => {
    const report = readReport([{ name: 'S', grid: [HEADER, row(1, 'Một')], top: 4, left: 2 }])!;
    expect(report.entries[0]!.row).toBe(5);
    expect(report.entries[0]!.cells).toMatchObject({ stt: ['B5'], title: ['D5'], description: ['F5'] });
  });

  test('the optional city columns: authors, phone, category', () => {
    const grid: Grid = [
      [...HEADER, 'Nhóm tác giả', 'Điện thoại liên hệ', 'Hình thức'],
      [...row(1, 'Một'), 'Nguyễn A, Trần B', '0903.456.789', 'Tập thể'],
      [...row(2, 'Hai'), 'Lê C', '12345', 'nhóm'],
    ];
    const result = checkWorkbook('x.xlsx', [{ name: 'S', grid }]);
    expect(result.entries[0]).toMatchObject({ authors: 'Nguyễn A, Trần B', phone: '0903.456.789', category: 'Tập thể' });
    expect(result.issues.map((i) => [i.code, i.cell])).toEqual([['bad-phone', 'H3'], ['bad-category', 'I3']]);
  });

  test('a grid with no header gives header-not-found', () => {
    const result = checkWorkbook('x.xlsx', [{ name: 'S', grid: [['Bảng chấm công'], ['Nguyễn A', 8]] }]);
    expect(result.error).toMatchObject({ code: 'header-not-found' });
  });

  test('duplicate titles within a report, unknown fields with suggestions, out-of-order STT', () => {
    const grid: Grid = [HEADER, row(1, 'Hồ sơ không hẹn'), row(5, 'HỒ SƠ  KHÔNG HẸN'), row('ba', 'Ba', DESC, 'Cải cách')];
    const result = checkWorkbook('x.xlsx', [{ name: 'S', grid }]);
    const byCode = Object.fromEntries(result.issues.map((i) => [`${i.code}@${i.cell}`, i]));
    expect(byCode['duplicate-title@C3']).toMatchObject({ severity: 'error' });
    expect(byCode['bad-stt@A3']?.message).toContain('phải là 2');
    expect(byCode['bad-stt@A4']?.message).toContain('không phải là số');
    expect(byCode['unknown-field@D4']?.suggestions?.length).toBeGreaterThan(0);
  });

  test('one name in two units’ lists on one sheet is no error; twice in one unit’s, or beside a row naming no unit, it is', () => {
    const of = (unit: string, stt: number, title: string) => [stt, unit, title, 'Cải cách thể chế', DESC, ''];
    const grid: Grid = [HEADER, of('Phường 7', 1, 'Một cửa liên thông'), of('Phường 7', 2, 'Tổ số cộng đồng'), of('Phường 8', 3, 'Một cửa liên thông'), of('Phường 8', 4, 'Một  cửa liên thông'), of('', 5, 'Tổ số cộng đồng')];
    const twice = checkWorkbook('x.xlsx', [{ name: 'S', grid }]).issues.filter((i) => i.code === 'duplicate-title');
    expect(twice.map((i) => [i.cell, i.message.match(/dòng (\d+)/)?.[1]])).toEqual([
      ['C5', '4'],
      ['C6', '3'],
    ]);
  });
});

test('a description written as one text without headings gets one finding that says how to split it, not four', () => {
  const grid: Grid = [HEADER, row(1, 'Một cửa', 'Người dân phải chờ lâu. Phường bố trí quầy riêng, thời gian giảm một nửa.'), row(2, 'Hai cửa', '- Thực trạng: A.\n- Nội dung: B.')];
  const { issues } = checkWorkbook('p.xlsx', [{ name: 'Phụ lục', grid }]);
  expect(issues.filter((i) => i.row === 2).map((i) => [i.code, i.cell])).toEqual([['description-not-split', 'E2']]);
  expect(issues.find((i) => i.code === 'description-not-split')?.message).toMatch(/chưa chia thành bốn phần.*“Thực trạng: …”, “Nội dung: …”, “Hiệu quả: …”, “Tính mới: …”/);
  // Some headings present: the missing parts are named one by one.
  expect(issues.filter((i) => i.row === 3).map((i) => i.code)).toEqual(['missing-section', 'missing-section']);
});

describe('a report of another year (issue #28)', () => {
  const grid = (title: string) => [
    ['ỦY BAN NHÂN DÂN PHƯỜNG 1'],
    [title],
    ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'],
    ['1', 'Phường 1', 'Một cửa số', 'Cải cách thủ tục hành chính', 'Thực trạng: chậm. Nội dung: nhanh. Hiệu quả: tốt. Tính mới: có.', ''],
  ];
  const check = (title: string, year?: number) => checkWorkbook('bao-cao.xlsx', [{ name: 'Phụ lục', grid: grid(title) }], year ? { year } : {}).issues.filter((i) => i.code === 'other-year');

  test('last year’s file (its title block says 2024) is warned about in a 2025 round; this year’s, or no year, is not', () => {
    const [warned] = check('Báo cáo mô hình, giải pháp, sáng kiến cải cách hành chính năm 2024', 2025);
    expect(warned).toMatchObject({ severity: 'warning', message: expect.stringMatching(/^Phần đầu báo cáo ghi năm 2024, nhưng đợt đang nhận báo cáo là năm 2025\./) });
    expect(check('Báo cáo mô hình, giải pháp, sáng kiến cải cách hành chính năm 2025', 2025)).toEqual([]);
    expect(check('Báo cáo mô hình (theo Kế hoạch ngày 15/3/2024)', 2025)).toEqual([]);
    expect(check('Báo cáo mô hình năm 2024', undefined)).toEqual([]);
  });
});

describe('what real files put under the table (issue #30)', () => {
  const header = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
  const entryRow = (n: number) => [String(n), 'Phường 1', `Mô hình ${n}`, 'Cải cách thủ tục hành chính', 'Thực trạng: chậm. Nội dung: nhanh. Hiệu quả: tốt. Tính mới: có.', ''];
  const read = (rows: unknown[][]) => checkWorkbook('bao-cao.xlsx', [{ name: 'Phụ lục', grid: rows as Grid }]);

  test('a signature block starting in the Lĩnh vực column (merged across D:F) ends the table: no entry, no unknown field', () => {
    const result = read([header, entryRow(1), entryRow(2), [], ['', '', '', 'Phường 1, ngày 15 tháng 10 năm 2025'], ['', '', '', 'TM. ỦY BAN NHÂN DÂN'], ['', '', '', 'CHỦ TỊCH'], [], ['', '', '', 'Nguyễn Văn An']]);
    expect(result.entries.map((e) => e.title)).toEqual(['Mô hình 1', 'Mô hình 2']);
    expect(result.issues.filter((i) => i.code === 'unknown-field')).toEqual([]);
  });

  test('captions typed under pasted photos (“Hình 1. …”, “Ảnh 2: …”) are not entries; a title that merely starts with “Hình thức” is', () => {
    const result = read([header, entryRow(1), ['', '', 'Hình 1. Người dân làm thủ tục tại quầy'], ['', '', 'Ảnh 2: Cán bộ hướng dẫn'], ['', '', '', '', 'Hình 3 - Bản đồ số']]);
    expect(result.entries.map((e) => e.title)).toEqual(['Mô hình 1']);
    const kept = read([header, entryRow(1), ['2', 'Phường 1', 'Hình thức tiếp nhận hồ sơ qua Zalo', 'Cải cách thủ tục hành chính', 'Thực trạng: chậm. Nội dung: nhanh. Hiệu quả: tốt. Tính mới: có.', '']]);
    expect(kept.entries.map((e) => e.title)).toEqual(['Mô hình 1', 'Hình thức tiếp nhận hồ sơ qua Zalo']);
  });
});

describe('groups numbered 1, 2 with entries 1.1, 1.2 (issue #30)', () => {
  test('a row “1 | <a field’s name>” alone is a group giving its field; the entries numbered 1.1, 2.1 draw no renumbering warning', () => {
    const header = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính', 'Mô tả', 'Ghi chú'];
    const d = 'Thực trạng: chậm. Nội dung: nhanh. Hiệu quả: tốt. Tính mới: có.';
    const result = checkWorkbook('bao-cao.xlsx', [
      {
        name: 'Phụ lục',
        grid: [header, ['1', '', 'Cải cách thủ tục hành chính'], ['1.1', 'Phường 1', 'Một cửa số', '', d], ['1.2', 'Phường 1', 'Hẹn giờ trực tuyến', '', d], ['2', '', 'Cải cách tài chính công'], ['2.1', 'Phường 1', 'Thu phí không tiền mặt', '', d]] as Grid,
      },
    ]);
    expect(result.entries.map((e) => [e.stt, e.title, e.field])).toEqual([
      ['1.1', 'Một cửa số', 'Cải cách thủ tục hành chính'],
      ['1.2', 'Hẹn giờ trực tuyến', 'Cải cách thủ tục hành chính'],
      ['2.1', 'Thu phí không tiền mặt', 'Cải cách tài chính công'],
    ]);
    expect(result.issues.filter((i) => i.code === 'bad-stt' || i.code === 'missing-field' || i.code === 'missing-unit')).toEqual([]);
  });
});
