import { partColumnText, splitDescription } from '../../core/reader/sections';

const four = { thucTrang: 'Trước đây chờ lâu.', noiDung: 'Bố trí quầy riêng.', hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' };

describe('splitting a description into its four parts', () => {
  test.each([
    ['bullets, one per line', '- Thực trạng: Trước đây chờ lâu.\n- Nội dung: Bố trí quầy riêng.\n- Hiệu quả: Giảm 50% thời gian.\n- Tính mới: Lần đầu áp dụng.'],
    ['numbered, another order', '1. Tính mới: Lần đầu áp dụng.\n2. Hiệu quả: Giảm 50% thời gian.\n3. Thực trạng: Trước đây chờ lâu.\n4. Nội dung: Bố trí quầy riêng.'],
    ['lettered, no diacritics, upper case', 'a) THUC TRANG: Trước đây chờ lâu.\nb) NOI DUNG: Bố trí quầy riêng.\nc) HIEU QUA: Giảm 50% thời gian.\nd) TINH MOI: Lần đầu áp dụng.'],
    ['inline paragraph', 'Thực trạng: Trước đây chờ lâu. Nội dung: Bố trí quầy riêng. Hiệu quả: Giảm 50% thời gian. Tính mới: Lần đầu áp dụng.'],
    ['synonyms, headings on their own lines', 'Thực trạng, sự cần thiết:\nTrước đây chờ lâu.\nNội dung giải pháp:\nBố trí quầy riêng.\nHiệu quả đạt được:\nGiảm 50% thời gian.\nTính mới, tính sáng tạo:\nLần đầu áp dụng.'],
    ['• bullets and a longer heading', '• Thực trạng: Trước đây chờ lâu.\n• Nội dung: Bố trí quầy riêng.\n• Hiệu quả mang lại cho người dân: Giảm 50% thời gian.\n• Tính mới: Lần đầu áp dụng.'],
    ['NFD and CRLF', '- Thực trạng: Trước đây chờ lâu.\r\n- Nội dung: Bố trí quầy riêng.\r\n- Hiệu quả: Giảm 50% thời gian.\r\n- Tính mới: Lần đầu áp dụng.'.normalize('NFD')],
  ])('%s', (_name, text) => {
    expect(splitDescription(text).sections).toEqual(four);
  });

  test('the words of a heading inside a sentence are text, not a heading', () => {
    const text = '- Thực trạng: Cách làm cũ thiếu hiệu quả, nội dung rời rạc.\n- Nội dung: Đổi mới để đạt hiệu quả: nhanh hơn.\n- Hiệu quả: Tốt.\n- Tính mới: Có tính mới rõ.';
    expect(splitDescription(text).sections).toEqual({
      thucTrang: 'Cách làm cũ thiếu hiệu quả, nội dung rời rạc.',
      noiDung: 'Đổi mới để đạt hiệu quả: nhanh hơn.',
      hieuQua: 'Tốt.',
      tinhMoi: 'Có tính mới rõ.',
    });
  });

  test('"…; kết quả: …" inside a part stays in that part when the part has its own heading', () => {
    const text = '- Thực trạng: Chậm.\n- Nội dung: Rà soát hồ sơ; kết quả: 15 thủ tục.\n- Hiệu quả: Nhanh.\n- Tính mới: Mới.';
    expect(splitDescription(text).sections.noiDung).toBe('Rà soát hồ sơ; kết quả: 15 thủ tục.');
  });

  test('a heading with nothing after it is reported as empty; a missing one is null', () => {
    const split = splitDescription('- Thực trạng: Chậm.\n- Nội dung:\n- Hiệu quả: Nhanh.');
    expect(split.sections).toEqual({ thucTrang: 'Chậm.', noiDung: null, hieuQua: 'Nhanh.', tinhMoi: null });
    expect(split.emptyHeadings).toEqual(['noiDung']);
  });

  test('text before the first heading is kept as the preamble; a multi-line part keeps its lines', () => {
    const split = splitDescription('Mô hình của phường.\nThực trạng: Dòng một\n  dòng hai\nNội dung: X');
    expect(split.preamble).toBe('Mô hình của phường.');
    expect(split.sections.thucTrang).toBe('Dòng một\ndòng hai');
  });

  test('a part column may repeat its own heading, which is dropped', () => {
    expect(partColumnText('hieuQua', 'Hiệu quả: Giảm 50%.')).toBe('Giảm 50%.');
    expect(partColumnText('hieuQua', 'Giảm 50%.')).toBe('Giảm 50%.');
  });
});
