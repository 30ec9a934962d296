import { compareKey, foldKey, normalizeToneMarks, similarity, toNfc } from '../../core/text';

describe('text normalisation', () => {
  test('old and new tone placement compare equal, in any case', () => {
    for (const [a, b] of [['hoà', 'hòa'], ['thuỷ', 'thủy'], ['uý', 'úy'], ['UỶ BAN', 'ỦY BAN'], ['khoẻ', 'khỏe'], ['Văn hoá', 'Văn hóa']]) {
      expect(compareKey(a!)).toBe(compareKey(b!));
    }
  });

  test('tone placement is left alone where both styles agree (qu-, a following letter)', () => {
    for (const word of ['quý', 'quả', 'hoàn', 'thuyền', 'ngoài', 'toán', 'khuya']) expect(normalizeToneMarks(word)).toBe(word);
    expect(normalizeToneMarks('Phòng Văn hoá và Thông tin')).toBe('Phòng Văn hóa và Thông tin');
  });

  test('NFD text compares equal to NFC text; stored form is NFC with LF', () => {
    const nfd = 'Ủy ban nhân dân\r\nphường'.normalize('NFD');
    expect(toNfc(nfd)).toBe('Ủy ban nhân dân\nphường');
    expect(compareKey(nfd)).toBe(compareKey('ỦY BAN   NHÂN DÂN PHƯỜNG'));
  });

  test('the folded key drops diacritics, đ, case, punctuation and extra spaces', () => {
    expect(foldKey('  Đơn vị\nthực hiện ')).toBe('don vi thuc hien');
    expect(foldKey('Tên mô hình/ giải pháp, sáng kiến')).toBe('ten mo hinh giai phap sang kien');
    expect(foldKey('Lĩnh vực CCHC'.normalize('NFD'))).toBe('linh vuc cchc');
  });

  test('similarity ranks a near title above an unrelated one', () => {
    const near = similarity('Hồ sơ không hẹn', 'Hồ sơ không hẹn tại Bộ phận một cửa');
    const far = similarity('Hồ sơ không hẹn', 'Bản đồ số quản lý trật tự đô thị');
    expect(near).toBeGreaterThan(far);
    expect(similarity('Hòa', 'hoà')).toBe(1);
  });
});

test('characters XML cannot carry are dropped; a surrogate pair (an emoji) is kept whole', () => {
  expect(toNfc('a\uD83D\uDE00b\uD800c\uDC00d\uFFFF\u0001e\tf\ng')).toBe('a\uD83D\uDE00bcde\tf\ng');
});
