import { matchField } from '../../core/fields';
import { DEFAULT_FIELDS } from '../../core/template';

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
