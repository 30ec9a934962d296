/**
 * The duplicate search kept between summaries (issue #31): after any run of changes (a report sent
 * again, withdrawn, a new one, a unit renamed, entries in another order) it answers what a fresh
 * search over the same entries answers, while measuring only the entries that changed.
 */
import fc from 'fast-check';
import { DuplicateIndex } from '../../core/consolidation/duplicate-index';
import { findDuplicates, type DuplicateInput } from '../../core/consolidation/duplicates';
import { describedForSearch, distinctPhrases } from '../../core/consolidation/duplicate-text';

const boilerplate = ['thực hiện kế hoạch cải cách hành chính năm 2024', 'nâng cao chất lượng phục vụ người dân và doanh nghiệp', 'tại bộ phận một cửa của phường'];
const own = ['hồ', 'sơ', 'mã', 'QR', 'trực', 'tuyến', 'zalo', 'lịch', 'hẹn', 'camera', 'tổ', 'số', 'đêm'];
const text = fc.array(fc.oneof(fc.constantFrom(...boilerplate), fc.constantFrom(...own)), { minLength: 1, maxLength: 30 }).map((w) => w.join(' '));
const unit = fc.constantFrom('Phường 1', 'Phường 2', 'phường 2', 'Phường 3', 'Xã Tân Phú (năm 2024)');
// Some entries an earlier year's: one group, never a pair among themselves.
const entry = fc.record({ unit, title: text, body: text, more: fc.option(text), earlier: fc.boolean() });
const change = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), title: text, body: text }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), entry }),
  fc.record({ kind: fc.constant('unit' as const), at: fc.nat(), unit }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.constant({ kind: 'none' as const }),
);

let nextId = 0;
const made = (r: { unit: string; title: string; body: string; more?: string | null; earlier?: boolean }): DuplicateInput => ({
  id: `e${nextId++}`,
  unit: r.unit,
  title: r.title,
  sections: { thucTrang: r.body, noiDung: r.more ?? null, hieuQua: null, tinhMoi: null },
  ...(r.earlier ? { group: 'năm trước' } : {}),
});

test('after any run of changes it answers what a fresh search answers, measuring only what changed', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 30 }), fc.array(change, { maxLength: 10 }), (start, changes) => {
      let list = start.map(made);
      const index = new DuplicateIndex();
      expect(index.search(list)).toEqual(findDuplicates(list));
      let edited = 0;
      for (const c of changes) {
        list = [...list];
        const at = list.length === 0 ? -1 : (c.kind === 'edit' || c.kind === 'remove' || c.kind === 'unit' ? c.at : 0) % list.length;
        if (c.kind === 'edit' && at >= 0) {
          list[at] = { ...list[at]!, title: c.title, sections: { ...list[at]!.sections, thucTrang: c.body } };
          edited++;
        } else if (c.kind === 'remove' && at >= 0) list.splice(at, 1);
        else if (c.kind === 'add') {
          list.push(made(c.entry));
          edited++;
        } else if (c.kind === 'unit' && at >= 0) {
          list[at] = { ...list[at]!, unit: c.unit };
          edited++;
        } else if (c.kind === 'move' && list.length > 0) list.splice(c.to % list.length, 0, ...list.splice(c.from % list.length, 1));
        expect(index.search(list)).toEqual(findDuplicates(list));
      }
      // Only the first search ran the whole join; later ones measured at most the entries changed.
      expect(index.wholeSearches).toBe(1);
      expect(index.entriesMeasured).toBeLessThanOrEqual(edited);
    }),
    { numRuns: 300 },
  );
});

test('entries held with their descriptions folded (as the summary worker holds earlier years) make the same pairs as written; the folded text is the words without marks or punctuation, the title as written', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 30 }), (start) => {
      const list = start.map(made);
      expect(findDuplicates(list.map(describedForSearch))).toEqual(findDuplicates(list));
    }),
    { numRuns: 300 },
  );
  // Folded, every letter is ASCII: the engine holds such text in one byte a letter, Vietnamese as written in two.
  const folded = describedForSearch(made({ unit: 'Phường 1', title: 'Một cửa', body: 'Tiếp nhận hồ sơ trực tuyến, trả kết quả tận nhà; người dân đánh giá qua mã QR.' }));
  expect(folded.sections.thucTrang).toBe('tiep nhan ho so truc tuyen tra ket qua tan nha nguoi dan danh gia qua ma qr');
  expect(folded.title).toBe('Một cửa');
});

test('entries of one group are never a pair, whatever their text; an entry of the group and one outside it are', () => {
  const body = 'tiếp nhận hồ sơ trực tuyến và trả kết quả tại nhà cho người cao tuổi trên địa bàn phường';
  const list = [
    made({ unit: 'Phường 1 (năm 2024)', title: 'Trả kết quả tại nhà', body, earlier: true }),
    made({ unit: 'Phường 2 (năm 2024)', title: 'Trả kết quả tại nhà', body, earlier: true }),
    made({ unit: 'Phường 3', title: 'Trả kết quả tại nhà', body }),
  ];
  for (const found of [findDuplicates(list), new DuplicateIndex().search(list)]) {
    expect(found.map((d) => [d.a.unit, d.b.unit])).toEqual([
      ['Phường 1 (năm 2024)', 'Phường 3'],
      ['Phường 2 (năm 2024)', 'Phường 3'],
    ]);
  }
});

test('a report sent again is measured on its own: its entries, not the others', () => {
  const list = Array.from({ length: 40 }, (_, i) => made({ unit: `Phường ${i % 8}`, title: `${boilerplate[i % 3]} ${own[i % own.length]}`, body: `${boilerplate[0]} ${boilerplate[1]} ${own[i % own.length]} ${own[(i * 7) % own.length]}` }));
  const index = new DuplicateIndex();
  index.search(list);
  // Phường 3 sends a second version of its five entries.
  const again = list.map((e) => (e.unit === 'Phường 3' ? made({ unit: e.unit, title: `${e.title} trực tuyến`, body: `${e.sections.thucTrang} lịch hẹn` }) : e));
  expect(index.search(again)).toEqual(findDuplicates(again));
  expect(index.wholeSearches).toBe(1);
  expect(index.entriesMeasured).toBe(5);
  // Nothing changed: the same answer, nothing measured.
  const same = index.search(again);
  expect(same).toEqual(findDuplicates(again));
  expect(index.entriesMeasured).toBe(5);
});

test('after many reports sent again one by one (the phrase postings listed afresh on the way) it still answers what a fresh search answers', () => {
  // Titles of their own (no two alike): what pairs them is their descriptions, found through the postings.
  const list = Array.from({ length: 60 }, (_, i) => made({ unit: `Phường ${i % 9}`, title: `Mô hình thứ ${i} ${own[i % own.length]}`, body: `${boilerplate[i % 2]} ${own[i % own.length]} ${own[(i * 5) % own.length]} ${own[(i * 7) % own.length]}` }));
  const index = new DuplicateIndex();
  index.search(list);
  expect(index.postingsListed).toBe(1);
  let listedAgainAt = Infinity;
  for (let n = 0; n < 1_080; n++) {
    const at = (n * 7) % list.length;
    const e = list[at]!;
    // Each version's text differs from the last, sometimes alike the others', sometimes not.
    list[at] = made({ unit: e.unit, title: `Giải pháp số ${n} ${own[(n * 3) % own.length]}`, body: `${boilerplate[(n + 1) % 3]} ${own[(n * 11) % own.length]} ${own[n % own.length]} ${n % 4 === 0 ? boilerplate[2] : own[(n * 13) % own.length]}` });
    const found = index.search(list);
    // Checked on the way, and after each search once listed afresh until every entry was sent again: an entry left out of the new listing shows then.
    if (index.postingsListed > 1) listedAgainAt = Math.min(listedAgainAt, n);
    if (n % 100 === 0 || n < listedAgainAt + list.length) {
      // As text: jest's deep equality over hundreds of pairs, 70 times, took seconds.
      expect(JSON.stringify(found)).toBe(JSON.stringify(findDuplicates(list)));
      expect(found.length).toBeGreaterThan(0);
    }
  }
  expect(index.wholeSearches).toBe(1);
  expect(index.entriesMeasured).toBe(1_080);
  expect(index.postingsListed).toBeGreaterThan(1);
});

test('a whole search run again (many reports changed at once) numbers the entries afresh, and reports sent again after it are measured as before', () => {
  const entryOf = (i: number, unit: string, twist: string) => made({ unit, title: `${boilerplate[i % 3]} ${own[i % own.length]} ${twist}`, body: `${boilerplate[0]} ${boilerplate[1]} ${own[i % own.length]} ${own[(i * 7) % own.length]} ${twist}` });
  const list = Array.from({ length: 160 }, (_, i) => entryOf(i, `Phường ${i % 8}`, ''));
  const index = new DuplicateIndex();
  index.search(list);
  // Every entry sent again at once: more than are measured one by one, so the whole join runs again.
  const changed = list.map((e, i) => entryOf(i, e.unit, 'lần hai'));
  expect(index.search(changed)).toEqual(findDuplicates(changed));
  expect(index.wholeSearches).toBe(2);
  // Then Phường 3 sends again, measured on its own against what the second whole search listed.
  const again = changed.map((e, i) => (e.unit === 'Phường 3' ? entryOf(i, e.unit, 'lần ba trực tuyến') : e));
  const found = index.search(again);
  expect(found).toEqual(findDuplicates(again));
  expect(found.some((d) => d.a.unit === 'Phường 3' || d.b.unit === 'Phường 3')).toBe(true);
  expect(index.wholeSearches).toBe(2);
  expect(index.entriesMeasured).toBe(20);
});

test('entries that share an id are searched afresh (pairs are kept by id)', () => {
  const a = made({ unit: 'Phường 1', title: 'Một cửa liên thông hiện đại', body: boilerplate.join(' ') });
  const list = [a, { ...a, unit: 'Phường 2' }];
  const index = new DuplicateIndex();
  expect(index.search(list)).toEqual(findDuplicates(list));
  expect(index.search(list)).toHaveLength(1);
  expect(index.wholeSearches).toBe(0);
});

test('the phrase table of a whole search is sized from a count of the distinct phrases, within a few percent at any size', () => {
  // Word numbers from a fixed sequence: long descriptions over a small vocabulary repeat many phrases, as boilerplate does.
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (const [entries, length, vocabulary] of [
    [0, 0, 1],
    [3, 10, 50],
    [200, 80, 40],
    [2_000, 300, 3_000],
  ] as const) {
    const described = Array.from({ length: entries }, () => Int32Array.from({ length }, () => next(vocabulary)));
    const distinct = new Set(described.flatMap((w) => Array.from({ length: Math.max(0, w.length - 2) }, (_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`))).size;
    const estimate = distinctPhrases(described);
    expect(Math.abs(estimate - distinct)).toBeLessThanOrEqual(Math.max(2, 0.03 * distinct));
  }
});
