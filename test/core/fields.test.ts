import { matchField } from '../../core/reader/fields';
import { DEFAULT_FIELDS } from '../../core/reader/template';
import { validateReport } from '../../core/reader/validate';

/** A complete entry on row 9 (cells named as the reader names them). */
function completeEntry() {
  return {
    row: 9,
    stt: '1',
    unit: 'Phường 1',
    title: 'Một cửa số',
    field: 'Cải cách thủ tục hành chính',
    sections: { thucTrang: 'Người dân chờ lâu.', noiDung: 'Bố trí quầy riêng.', hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
    note: '',
    description: '',
    cells: { field: ['D9'] },
  };
}

const match = (written: string) => matchField(written, DEFAULT_FIELDS);
const name = (i: number) => DEFAULT_FIELDS[i - 1]!.name;

describe('matching the field an officer wrote', () => {
  test('the exact name, in any Unicode form or tone placement, is exact', () => {
    expect(match('Cải cách thủ tục hành chính')).toEqual({ kind: 'exact', name: name(3) });
    expect(match('Cải cách thủ tục hành chính'.normalize('NFD'))).toEqual({ kind: 'exact', name: name(3) });
  });

  test.each([
    ['Cải cách TTHC', 3],
    ['TTHC', 3],
    ['cai cach thu tuc hanh chinh', 3],
    ['3', 3],
    ['Lĩnh vực 6', 6],
    ['2. Cải cách thể chế', 2],
    ['Xây dựng chính quyền điện tử', 7],
    ['cai cach thong tin tuyen truyen', 8],
    ['Chế độ công vụ', 5],
    ['Công tác chỉ đạo, điều hành CCHC', 1],
    ['Cải cách thủ tục hành chánh', 3],
    ['Tổ chức bộ máy', 4],
  ])('%s is normalised to field %i', (written, index) => {
    expect(match(written)).toEqual({ kind: 'normalized', name: name(index) });
  });

  test('an ambiguous or unknown field gets at most three suggestions', () => {
    const vague = match('Cải cách');
    expect(vague.kind).toBe('unknown');
    const unknown = match('Cải cách thủ tục hành chánh công vụ tài chính');
    expect(unknown.kind).toBe('unknown');
    if (unknown.kind === 'unknown') {
      expect(unknown.suggestions.length).toBeGreaterThan(0);
      expect(unknown.suggestions.length).toBeLessThanOrEqual(3);
    }
    expect(match('Y tế').kind).toBe('unknown');
    expect(match('12').kind).toBe('unknown');
  });

  test('a number that contradicts the words is not guessed', () => {
    const m = match('2. Cải cách tài chính công');
    expect(m).toEqual({ kind: 'unknown', suggestions: [name(2), name(6)] });
  });

  test('a blank cell is empty', () => {
    expect(match('  ')).toEqual({ kind: 'empty' });
  });

  test("a round's own field list is used", () => {
    const city = [{ name: 'Sáng kiến trong chuyển đổi số' }, { name: 'Sáng kiến trong cải cách thủ tục hành chính' }];
    expect(matchField('chuyển đổi số', city)).toEqual({ kind: 'normalized', name: 'Sáng kiến trong chuyển đổi số' });
    expect(matchField('Cải cách thể chế', city).kind).toBe('unknown');
  });
});

describe('digital transformation and entries naming two fields (issue #30)', () => {
  test('“CĐS”, “Chuyển đổi số”, “Chính quyền số” are the digital-government field', () => {
    for (const written of ['CĐS', 'CDS', 'Chuyển đổi số', 'Chính quyền số', 'Lĩnh vực 7']) {
      expect({ written, match: matchField(written, DEFAULT_FIELDS) }).toEqual({ written, match: { kind: 'normalized', name: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số' } });
    }
  });

  test('“Cải cách TTHC, CĐS” is told, never filed under one without a word; a field whose own name holds a comma is one field', () => {
    const report = validateReport([{ ...completeEntry(), field: 'Cải cách TTHC, CĐS' }], 8);
    const several = report.find((i) => i.code === 'several-fields');
    expect(several).toMatchObject({ cell: 'D9', suggestions: ['Cải cách thủ tục hành chính', 'Xây dựng và phát triển chính quyền điện tử, chính quyền số'] });
    expect(several!.message).toMatch(/^Ô D9 ghi 2 lĩnh vực \(“Cải cách thủ tục hành chính”, “Xây dựng và phát triển chính quyền điện tử, chính quyền số”\); mỗi mô hình chỉ xếp vào một lĩnh vực\./);
    expect(validateReport([{ ...completeEntry(), field: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số' }], 8).map((i) => i.code)).not.toContain('several-fields');
    expect(validateReport([{ ...completeEntry(), field: 'chính quyền điện tử, chính quyền số' }], 8).map((i) => i.code)).not.toContain('several-fields');
    // A word from outside never expands into an Object.prototype member.
    expect(matchField('constructor', DEFAULT_FIELDS).kind).toBe('unknown');
  });
});
