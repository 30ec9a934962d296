/**
 * Property-based tests: entries rendered into random template variants read back to the same
 * entries, and the reader never throws on an arbitrary grid.
 */
import fc from 'fast-check';
import { readReport } from '../../core/reader/read';
import { checkWorkbook } from '../../core/reader/report';
import { DEFAULT_FIELDS } from '../../core/reader/template';
import { SECTION_KEYS, type CellValue, type Grid, type NamedGrid, type SectionKey } from '../../core/types';

// Words include the parts' own names, so a heading's words inside a sentence are exercised too.
const WORDS = [
  'người', 'dân', 'hồ', 'sơ', 'thủ', 'tục', 'hiệu', 'quả', 'tính', 'mới', 'nội', 'dung', 'thực', 'trạng',
  'kết', 'phường', 'giảm', '30%', 'thời', 'gian', 'trực', 'tuyến', 'Bộ', 'phận', 'một', 'cửa', 'thủy',
  'hòa', 'khỏe', 'Ủy', 'ban', '2024', 'đạt', 'được', 'sáng', 'tạo', '-', '1.200', 'lượt', '(QR)',
];
const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 10 }).map((w) => `${w.join(' ')}.`);
const partText = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' '));
const title = fc.array(fc.constantFrom(...WORDS.filter((w) => /\p{L}/u.test(w))), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));

const entryArb = fc.record({
  unit: fc.constantFrom('Phường 1', 'Phường Võ Thị Sáu', 'Phòng Văn hóa và Thông tin', 'Phòng Tư pháp'),
  title,
  field: fc.integer({ min: 0, max: DEFAULT_FIELDS.length - 1 }),
  sections: fc.record({ thucTrang: partText, noiDung: partText, hieuQua: partText, tinhMoi: partText }),
  note: fc.oneof(fc.constant(''), title),
});
type GenEntry = fc.Arbitrary<typeof entryArb extends fc.Arbitrary<infer T> ? T : never> extends fc.Arbitrary<infer U> ? U : never;

const variantArb = fc.record({
  order: fc.shuffledSubarray([...SECTION_KEYS], { minLength: 4, maxLength: 4 }),
  marker: fc.constantFrom('-', '+', '•', '*', 'number', 'letter', 'none'),
  label: fc.constantFrom('plain', 'synonym', 'stripped', 'upper'),
  layout: fc.constantFrom('lines', 'own-line', 'inline', 'columns'),
  nfd: fc.boolean(),
  crlf: fc.boolean(),
  continuation: fc.boolean(),
  fieldStyle: fc.constantFrom('canonical', 'number', 'folded', 'no-diacritics-upper'),
  titleBlock: fc.boolean(),
  instructionsSheet: fc.boolean(),
  blankRows: fc.boolean(),
});
type Variant = typeof variantArb extends fc.Arbitrary<infer T> ? T : never;

const LABELS: Record<SectionKey, string> = { thucTrang: 'Thực trạng', noiDung: 'Nội dung', hieuQua: 'Hiệu quả', tinhMoi: 'Tính mới' };
const SYNONYMS: Record<SectionKey, string> = {
  thucTrang: 'Thực trạng, sự cần thiết',
  noiDung: 'Nội dung giải pháp',
  hieuQua: 'Hiệu quả đạt được',
  tinhMoi: 'Tính mới, tính sáng tạo',
};
const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

function heading(key: SectionKey, index: number, v: Variant): string {
  const base = v.label === 'synonym' ? SYNONYMS[key] : LABELS[key];
  const label = v.label === 'stripped' ? strip(base) : v.label === 'upper' ? base.toUpperCase() : base;
  const marker = { '-': '- ', '+': '+ ', '•': '• ', '*': '* ', number: `${index + 1}. `, letter: `${'abcd'[index]}) `, none: '' }[v.marker];
  return `${marker}${label}:`;
}

function finishText(text: string, v: Variant): string {
  const t = v.crlf ? text.replace(/\n/g, '\r\n') : text;
  return v.nfd ? t.normalize('NFD') : t;
}

function fieldText(index: number, v: Variant): string {
  const name = DEFAULT_FIELDS[index]!.name;
  if (v.fieldStyle === 'number') return String(index + 1);
  if (v.fieldStyle === 'folded') return strip(name).toLowerCase();
  if (v.fieldStyle === 'no-diacritics-upper') return strip(name).toUpperCase();
  return name;
}

/** One entry as rows of the grid (two rows when the description continues on the next). */
function entryRows(e: GenEntry, stt: number, v: Variant): CellValue[][] {
  const identity = [stt, finishText(e.unit, v), finishText(e.title, v), fieldText(e.field, v)];
  const blank = ['', '', '', ''];
  if (v.layout === 'columns') {
    const parts = v.order.map((k) => finishText(e.sections[k], v));
    if (!v.continuation) return [[...identity, ...parts, e.note]];
    // The last part column continues on the next row.
    return [
      [...identity, ...parts.slice(0, 3), '', e.note],
      [...blank, '', '', '', parts[3]!, ''],
    ];
  }
  const chunks = v.order.map((k, i) => {
    const h = heading(k, i, v);
    if (v.layout === 'own-line') return `${h}\n${e.sections[k]}`;
    return `${h} ${e.sections[k]}`;
  });
  const joiner = v.layout === 'inline' ? ' ' : '\n';
  if (!v.continuation) return [[...identity, finishText(chunks.join(joiner), v), e.note]];
  return [
    [...identity, finishText(chunks.slice(0, 2).join(joiner), v), e.note],
    [...blank, finishText(chunks.slice(2).join(joiner), v), ''],
  ];
}

function render(entries: GenEntry[], v: Variant): NamedGrid[] {
  const rows: CellValue[][] = [];
  if (v.titleBlock) {
    rows.push(['ỦY BAN NHÂN DÂN QUẬN 3', '', '', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], ['PHƯỜNG 1', '', '', 'Độc lập - Tự do - Hạnh phúc'], [], ['Phụ lục'], []);
  }
  const head = ['STT', 'Đơn vị thực hiện', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực cải cách hành chính'];
  if (v.layout === 'columns') {
    rows.push([...head, 'Mô tả về công trình/ giải pháp/ đề tài', '', '', '', 'Ghi chú']);
    rows.push(['', '', '', '', ...v.order.map((k) => (v.label === 'stripped' ? strip(LABELS[k]) : LABELS[k])), '']);
  } else {
    rows.push([...head, 'Mô tả về công trình/ giải pháp/ đề tài', 'Ghi chú']);
  }
  entries.forEach((e, i) => {
    rows.push(...entryRows(e, i + 1, v));
    if (v.blankRows) rows.push([]);
  });
  rows.push(['', 'Người lập biểu', '', '', 'THỦ TRƯỞNG ĐƠN VỊ']);
  const sheets: NamedGrid[] = [{ name: 'Phụ lục', grid: rows }];
  if (v.instructionsSheet) {
    sheets.unshift({ name: 'Hướng dẫn', grid: [['Hướng dẫn: mô tả gồm Thực trạng, Nội dung, Hiệu quả, Tính mới.'], ['Lĩnh vực', 'Số mô hình'], ['Cải cách thể chế', 1]] });
  }
  return sheets;
}

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('reader properties', () => {
  test('entries rendered into any template variant read back to the same entries', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 4 }), variantArb, (entries, variant) => {
        const report = readReport(render(entries, variant));
        expect(report).not.toBeNull();
        expect(report!.sheet).toBe('Phụ lục');
        expect(report!.entries).toHaveLength(entries.length);
        report!.entries.forEach((read, i) => {
          const want = entries[i]!;
          expect(read.unit).toBe(want.unit);
          expect(read.title).toBe(want.title);
          expect(read.field).toBe(DEFAULT_FIELDS[want.field]!.name);
          expect(read.note).toBe(want.note);
          for (const key of SECTION_KEYS) expect(squash(read.sections[key])).toBe(squash(want.sections[key]));
        });
      }),
      { numRuns: 400 },
    );
  });

  test('well-formed variants give no error-severity findings', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 3 }), variantArb, (entries, variant) => {
        const unique = entries.map((e, i) => ({ ...e, title: `${e.title} ${i + 1}` }));
        const result = checkWorkbook('x.xlsx', render(unique, variant));
        expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('the reader never throws on an arbitrary grid', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(''),
      fc.constant(null),
      fc.constantFrom('STT', 'Đơn vị thực hiện', 'Tên mô hình', 'Lĩnh vực', 'Mô tả', 'Ghi chú', 'Thực trạng', 'Hiệu quả:', '- Tính mới: x', 'Người lập biểu', '3', 'TTHC'),
      // The habits of real files: group rows, totals, column numbers, legacy and pasted text.
      fc.constantFrom('I', 'II.', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', 'Lĩnh vực 5: x', 'Tổng cộng: 03 mô hình', '(1)', 'UBND PHƯỜNG 1', 'Thùc tr¹ng: ng\u00adêi', 'Thöïc traïng', '\uf0b7\tHiệu quả', '_x000D_', 'P.1', 'THỰC TRẠNG'),
    );
    const grid: fc.Arbitrary<Grid> = fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 30 });
    const merges = fc.array(fc.record({ top: fc.nat(32), left: fc.nat(13), bottom: fc.nat(32), right: fc.nat(13) }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string(), grid, merges }), { minLength: 0, maxLength: 3 }), (sheets) => {
        const result = checkWorkbook('x.xlsx', sheets);
        expect(result.error === null || result.error.code === 'header-not-found').toBe(true);
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
