/**
 * Entries rendered into random mixtures of the habits of real ward files (DESIGN §2; the list in
 * test/fixtures/habits/README.md) read back to the same entries: column numbers, totals, empty
 * numbered rows and signature blocks; group rows; a merged unit; the unit in the title block;
 * older headers and an extra column from column B; headings as officers write them; text pasted
 * from Word; TCVN3 and VNI.
 */
import fc from 'fast-check';
import { toLegacy } from '../../core/reader/legacy-encoding';
import { checkWorkbook } from '../../core/reader/report';
import { demoRound, readOptions } from '../../core/rounds/round';
import { DEFAULT_FIELDS } from '../../core/reader/template';
import { SECTION_KEYS, type CellValue, type MergedArea, type NamedGrid, type SectionKey } from '../../core/types';

const WORDS = ['người', 'dân', 'hồ', 'sơ', 'thủ', 'tục', 'hiệu', 'quả', 'tính', 'mới', 'nội', 'dung', 'thực', 'trạng', 'kết', 'phường', 'giảm', 'thời', 'gian', 'trực', 'tuyến', 'Bộ', 'phận', 'một', 'cửa', 'đạt', 'được', 'sáng', 'tạo', 'lượt', '30%', '2024'];
const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 10 }).map((w) => `${w.join(' ')}.`);
const partText = fc.array(sentence, { minLength: 1, maxLength: 2 }).map((s) => s.join(' '));
const title = fc.array(fc.constantFrom(...WORDS.filter((w) => /\p{L}/u.test(w))), { minLength: 2, maxLength: 6 }).map((w) => w.join(' '));

const UNITS: Record<string, string> = {
  'Phường 1': 'UBND P.01',
  'Phường Võ Thị Sáu': 'P. Võ Thị Sáu',
  'Phòng Văn hóa và Thông tin': 'Phòng Văn hoá và Thông tin',
  'Phòng Tư pháp': 'phong tu phap',
};
const entryArb = fc.record({
  unit: fc.constantFrom(...Object.keys(UNITS)),
  title,
  field: fc.integer({ min: 0, max: DEFAULT_FIELDS.length - 1 }),
  sections: fc.record({ thucTrang: partText, noiDung: partText, hieuQua: partText, tinhMoi: partText }),
  note: fc.oneof(fc.constant(''), title),
});
type GenEntry = typeof entryArb extends fc.Arbitrary<infer T> ? T : never;

const habitsArb = fc.record({
  left: fc.constantFrom(0, 1),
  extraColumn: fc.boolean(),
  oldHeaders: fc.boolean(),
  columnNumbers: fc.constantFrom('none', 'parens', 'plain'),
  groups: fc.constantFrom('none', 'roman-beside', 'roman-alone', 'linh-vuc'),
  unit: fc.constantFrom('each', 'loose', 'merged', 'title-block'),
  heading: fc.constantFrom('colon', 'bare', 'bare-upper', 'space-colon', 'full-width'),
  bullet: fc.constantFrom('', '- ', '\uf0b7\t', '➢ ', '§\t', '– '),
  pasted: fc.boolean(),
  totals: fc.boolean(),
  emptyRows: fc.integer({ min: 0, max: 2 }),
  signature: fc.constantFrom(['Người lập biểu', 'THỦ TRƯỞNG ĐƠN VỊ'], ['(Ký, ghi rõ họ tên)'], ['Phường 1, ngày    tháng    năm 2025'], ['KT. CHỦ TỊCH'], ['Người tổng hợp', 'Lãnh đạo đơn vị']),
  legacy: fc.constantFrom(null, 'tcvn3', 'vni'),
});
type Habits = typeof habitsArb extends fc.Arbitrary<infer T> ? T : never;

const LABELS: Record<SectionKey, string> = { thucTrang: 'Thực trạng', noiDung: 'Nội dung', hieuQua: 'Hiệu quả', tinhMoi: 'Tính mới' };
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX'];

function description(e: GenEntry, h: Habits): string {
  const chunks = SECTION_KEYS.map((key) => {
    let label = h.heading === 'bare-upper' ? LABELS[key].toUpperCase() : LABELS[key];
    if (h.pasted) label = label.replace(' ', '\u200b ');
    const body = h.pasted ? e.sections[key].replace(' ', '\u00a0') : e.sections[key];
    if (h.heading === 'bare' || h.heading === 'bare-upper') return `${h.bullet}${label}\n${body}`;
    const colon = { colon: ':', 'space-colon': ' :', 'full-width': '：' }[h.heading];
    return `${h.bullet}${label}${colon} ${body}`;
  });
  return chunks.join(h.pasted ? '_x000D_\n' : '\n');
}

/** The grid of one report in the given habits; what the reader should find. */
function render(entries: GenEntry[], h: Habits): { sheet: NamedGrid; units: string[] } {
  const shared = entries[0]!.unit;
  const units = entries.map((e) => (h.unit === 'merged' || h.unit === 'title-block' ? shared : e.unit));
  const keys = ['stt', 'unit', 'title', 'field', ...(h.extraColumn ? ['extra'] : []), 'description', 'note'];
  const headers: Record<string, string> = h.oldHeaders
    ? { stt: 'TT', unit: 'Tên đơn vị', title: 'Tên giải pháp', field: 'Lĩnh vực', extra: 'Thời gian thực hiện', description: 'Tóm tắt nội dung', note: 'Ghi chú' }
    : { stt: 'STT', unit: 'Đơn vị thực hiện', title: 'Tên mô hình, giải pháp, sáng kiến', field: 'Lĩnh vực cải cách hành chính', extra: 'Người liên hệ', description: 'Mô tả về công trình/ giải pháp/ đề tài', note: 'Ghi chú' };
  const col = (key: string) => keys.indexOf(key) + h.left;
  const width = keys.length + h.left;
  const blank = () => Array.from<CellValue>({ length: width }).fill('');
  const line = (cells: Record<string, CellValue>) => {
    const row = blank();
    for (const [key, value] of Object.entries(cells)) row[col(key)] = value;
    return row;
  };
  const encode = (v: CellValue) => (typeof v === 'string' && h.legacy ? toLegacy(v, h.legacy) : v);
  const rows: CellValue[][] = [];
  const merges: MergedArea[] = [];
  if (h.unit === 'title-block') {
    const printed = shared.startsWith('Phường') ? `UBND ${shared.toUpperCase()}` : shared.toUpperCase();
    rows.push(['UBND THÀNH PHỐ HỒ CHÍ MINH', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'].map(encode), [printed, '', '', 'Độc lập - Tự do - Hạnh phúc'].map(encode), []);
  }
  rows.push(line(headers)); // the template's header, printed in Unicode
  if (h.columnNumbers !== 'none') rows.push(line(Object.fromEntries(keys.map((k, i) => [k, h.columnNumbers === 'parens' ? `(${i + 1})` : i + 1]))));

  let group = -1;
  let runStart = -1;
  const closeRun = () => {
    if (h.unit === 'merged' && runStart >= 0 && rows.length - 1 > runStart) merges.push({ top: runStart, left: col('unit'), bottom: rows.length - 1, right: col('unit') });
    runStart = -1;
  };
  entries.forEach((e, i) => {
    if (h.groups !== 'none' && e.field !== group) {
      closeRun();
      group = e.field;
      const name = DEFAULT_FIELDS[e.field]!.name;
      const roman = ROMAN[e.field]!;
      if (h.groups === 'roman-beside') rows.push(line({ stt: roman, unit: encode(name.toUpperCase()) }));
      else if (h.groups === 'linh-vuc') rows.push(line({ stt: roman, unit: encode(`Lĩnh vực ${e.field + 1}: ${name}`) }));
      else rows.push(line({ stt: encode(`${roman}. ${name.toUpperCase()}`) }));
      merges.push({ top: rows.length - 1, left: h.groups === 'roman-alone' ? col('stt') : col('unit'), bottom: rows.length - 1, right: width - 1 });
    }
    const unit = h.unit === 'title-block' || (h.unit === 'merged' && runStart >= 0) ? '' : h.unit === 'loose' ? UNITS[e.unit]! : units[i]!;
    const field = h.groups === 'none' ? (h.pasted ? DEFAULT_FIELDS[e.field]!.name.replace(' ', '\u00a0') : DEFAULT_FIELDS[e.field]!.name) : '';
    if (runStart < 0) runStart = rows.length;
    rows.push(line({ stt: i + 1, unit: encode(unit), title: encode(`${e.title} ${i + 1}`), field: encode(field), ...(h.extraColumn ? { extra: 'tháng 3/2025' } : {}), description: encode(description(e, h)), note: encode(e.note) }));
  });
  closeRun();
  for (let i = 0; i < h.emptyRows; i++) rows.push(line({ stt: entries.length + i + 1, unit: encode(h.unit === 'title-block' ? '' : units[0]!), description: 'Thực trạng:\nNội dung:\nHiệu quả:\nTính mới:' }));
  if (h.totals) rows.push(line({ unit: encode(`Tổng cộng: ${String(entries.length).padStart(2, '0')} mô hình`) }));
  rows.push([], h.signature.map(encode));
  return { sheet: { name: 'Phụ lục', grid: rows, merges }, units };
}

const options = readOptions(demoRound());
const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

test('entries rendered into any mixture of real files’ habits read back to the same entries, without errors', () => {
  fc.assert(
    fc.property(fc.array(entryArb, { minLength: 1, maxLength: 5 }), habitsArb, (entries, habits) => {
      const { sheet, units } = render(entries, habits);
      const result = checkWorkbook('x.xlsx', [sheet], options);
      // TCVN3 has no toned capitals: a capital typed in it comes back lower case.
      const same = (text: string) => (habits.legacy === 'tcvn3' ? text.toLowerCase() : text);
      expect(result.error).toBeNull();
      expect(result.entries.map((e) => same(e.title))).toEqual(entries.map((e, i) => same(`${e.title} ${i + 1}`)));
      result.entries.forEach((read, i) => {
        const want = entries[i]!;
        expect(read.unit).toBe(units[i]);
        expect(read.field).toBe(DEFAULT_FIELDS[want.field]!.name);
        expect(same(read.note)).toBe(same(want.note));
        for (const key of SECTION_KEYS) expect(same(squash(read.sections[key]))).toBe(same(squash(want.sections[key])));
      });
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    }),
    { numRuns: 400 },
  );
});

test('several Phụ lục pasted one under another on one sheet, each in its own habits, read back to every entry in order', () => {
  const tableArb = fc.tuple(fc.array(entryArb, { minLength: 1, maxLength: 3 }), habitsArb.map((h): Habits => ({ ...h, legacy: null, left: 0 })));
  fc.assert(
    fc.property(fc.array(tableArb, { minLength: 2, maxLength: 3 }), (tables) => {
      const rows: CellValue[][] = [];
      const merges: MergedArea[] = [];
      const want: Array<{ title: string; unit: string }> = [];
      for (const [t, [drawn, habits]] of tables.entries()) {
        // One unit's name twice is an error, though in two tables: each table's names are its own.
        const entries = drawn.map((e) => ({ ...e, title: `${e.title} bảng ${t + 1}` }));
        const { sheet, units } = render(entries, habits);
        merges.push(...(sheet.merges ?? []).map((m) => ({ ...m, top: m.top + rows.length, bottom: m.bottom + rows.length })));
        rows.push(...sheet.grid, []);
        entries.forEach((e, i) => want.push({ title: `${e.title} ${i + 1}`, unit: units[i]! }));
      }
      const result = checkWorkbook('x.xlsx', [{ name: 'Phụ lục', grid: rows, merges }], options);
      expect(result.entries.map((e) => ({ title: e.title, unit: e.unit }))).toEqual(want);
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.issues.some((i) => i.code === 'several-tables')).toBe(true);
    }),
    { numRuns: 300 },
  );
});
