/** Ranking, ties, prizes and the aggregations on small hand-made score sets. */
import fc from 'fast-check';
import { consolidate, STORED_FIELDS, entryCategory, findDuplicates, PreparedText, type ReportInput, type ScoreInput } from '../../core/consolidation/consolidate';
import { duplicatePartners, pairsOf, partnerIn } from '../../core/consolidation/duplicate-partners';
import { PARTNERS_NAMED, resultsReport } from '../../core/documents/award-documents';
import { summaryTables } from '../../core/consolidation/summary-sheets';
import { foldKey } from '../../core/text';
import { demoRound, type Round } from '../../core/rounds/round';
import type { StoredEntry } from '../../core/rounds/submission';

const round: Round = {
  ...demoRound(new Date('2024-08-01T00:00:00Z')),
  prizes: [
    { name: 'Giải Nhất', count: 1, amount: { tapThe: 7_500_000, caNhan: 5_000_000 } },
    { name: 'Giải Nhì', count: 2, amount: { tapThe: 4_500_000, caNhan: 3_000_000 } },
  ],
};

function e(id: string, unit: string, extra: Partial<StoredEntry> = {}): StoredEntry {
  return {
    id,
    row: 9,
    stt: '1',
    unit,
    title: `Mô hình ${id}`,
    field: 'Cải cách thủ tục hành chính',
    sections: { thucTrang: `Thực trạng riêng của ${id}`, noiDung: `Nội dung ${id}`, hieuQua: `Hiệu quả ${id}`, tinhMoi: `Tính mới ${id}` },
    note: '',
    ...extra,
  };
}

const reports = (entries: StoredEntry[]): ReportInput[] => {
  const byUnit = new Map<string, StoredEntry[]>();
  for (const x of entries) byUnit.set(x.unit, [...(byUnit.get(x.unit) ?? []), x]);
  return [...byUnit].map(([unit, list]) => ({ unit, source: unit, submittedAt: '2024-08-10T00:00:00Z', entries: list }));
};

/** A score whose criteria add up to `total`, split by the rubric's weights. */
function s(entryId: string, reviewerId: string, tinhMoi: number, hieuQua: number, rest = 30, stale = false): ScoreInput {
  return { entryId, reviewerId, points: { tinhMoi, hieuQua, nhanRong: rest / 2, khaThi: rest / 2 }, stale };
}

describe('consolidation', () => {
  test('scores are averaged, never summed: an entry with fewer reviewers is not penalised', () => {
    const summary = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2')]), [
      s('a', 'r1', 20, 20),
      s('a', 'r2', 20, 20),
      s('a', 'r3', 20, 20),
      s('b', 'r1', 25, 25), // one reviewer recused for b's unit
    ]);
    const [first, second] = summary.entries;
    expect(first).toMatchObject({ id: 'b', rank: 1, scores: { reviewers: 1, total: 80 } });
    expect(second).toMatchObject({ id: 'a', rank: 2, scores: { reviewers: 3, total: 70, mean: { tinhMoi: 20 } } });
  });

  test('ties share a rank unless the tie-break separates them (Tính mới, then Hiệu quả)', () => {
    const summary = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2'), e('c', 'Phường 3'), e('d', 'Phường 4')]), [
      s('a', 'r1', 20, 30), // 80: lower Tính mới
      s('b', 'r1', 30, 20), // 80: higher Tính mới → ahead of a
      s('c', 'r1', 30, 20), // 80: identical to b → shares its rank
      s('d', 'r1', 10, 10), // 50
    ]);
    const rank = Object.fromEntries(summary.entries.map((x) => [x.id, x.rank]));
    expect(rank).toEqual({ b: 1, c: 1, a: 3, d: 4 });
  });

  test('prizes fill tiers in rank order, with the collective or individual amount, and the total budget', () => {
    const entries = [
      e('a', 'Phường 1'), // no authors: the unit's, so collective
      e('b', 'Phường 2', { authors: 'Nguyễn Văn A' }), // one author: individual
      e('c', 'Phường 3', { authors: 'Trần B, Lê C' }), // two authors: collective
      e('d', 'Phường 4', { category: 'Cá nhân', authors: 'Phạm D, Võ E' }), // said individual
    ];
    const summary = consolidate(round, reports(entries), [s('a', 'r1', 30, 30), s('b', 'r1', 29, 29), s('c', 'r1', 28, 28), s('d', 'r1', 10, 10)]);
    const prize = Object.fromEntries(summary.entries.map((x) => [x.id, x.prize]));
    expect(prize).toEqual({
      a: { tier: 'Giải Nhất', amount: 7_500_000 },
      b: { tier: 'Giải Nhì', amount: 3_000_000 },
      c: { tier: 'Giải Nhì', amount: 4_500_000 },
      d: null,
    });
    expect(summary.prizes.total).toBe(15_000_000);
    expect(summary.prizes.tiers.map((t) => t.entries)).toEqual([['a'], ['b', 'c']]);
  });

  test('entries tied at the last place of a tier all take that tier', () => {
    const summary = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2'), e('c', 'Phường 3')]), [s('a', 'r1', 30, 30), s('b', 'r1', 30, 30), s('c', 'r1', 1, 1)]);
    expect(summary.entries.filter((x) => x.prize?.tier === 'Giải Nhất').map((x) => x.id).sort()).toEqual(['a', 'b']);
    expect(summary.entries.find((x) => x.id === 'c')!.prize?.tier).toBe('Giải Nhì');
  });

  test('median, trimmed mean (5 reviewers or more), spread flag, and stale scores left out', () => {
    const five = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const totals = [60, 70, 72, 74, 100];
    const scores = five.map((r, i) => s('a', r, (totals[i]! - 30) / 2, (totals[i]! - 30) / 2));
    const summary = consolidate(round, reports([e('a', 'Phường 1')]), [...scores, s('a', 'r6', 0, 0, 0, true)]);
    const a = summary.entries[0]!.scores!;
    expect(a.reviewers).toBe(5); // the stale score is not counted
    expect(a.total).toBe(75.2);
    expect(a.median).toBe(72);
    expect(a.trimmedMean).toBe(72);
    expect(a.spread).toBe(40);
    expect(a.spreadFlagged).toBe(true);
    const four = consolidate(round, reports([e('a', 'Phường 1')]), scores.slice(0, 4));
    expect(four.entries[0]!.scores!.trimmedMean).toBeNull();
  });

  test('z-scores cancel a harsh reviewer, and the rank-stability flag says when the order depends on the method', () => {
    // r1 scores everything low; r2 high. b was scored only by the harsh r1, a only by the lenient r2.
    const summary = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2'), e('c', 'Phường 3'), e('d', 'Phường 4')]), [
      s('a', 'r2', 30, 30, 40), // the lenient reviewer gives everything 100: no signal in his scores
      s('c', 'r2', 30, 30, 40),
      s('d', 'r2', 30, 30, 40),
      s('b', 'r1', 25, 25, 20), // 70 from the harsh reviewer, his highest
      s('c', 'r1', 10, 10, 0),
      s('d', 'r1', 5, 5, 0),
    ]);
    const b = summary.entries.find((x) => x.id === 'b')!;
    const a = summary.entries.find((x) => x.id === 'a')!;
    expect(a.scores!.total).toBeGreaterThan(b.scores!.total);
    expect(b.scores!.zScaled).toBeGreaterThan(a.scores!.zScaled);
    expect(b.rankDiffers).toBe(true);
    expect(summary.rankingStable).toBe(false);
    const stable = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2')]), [s('a', 'r1', 30, 30), s('b', 'r1', 10, 10)]);
    expect(stable.rankingStable).toBe(true);
  });

  test('a unit forwards only entries that qualify (a prize, or the round’s minimum score), its best first, at most forwardPerUnit', () => {
    const mine = ['a', 'b', 'c', 'd', 'f'].map((id, i) => e(id, 'Phường 1', { row: 9 + i, title: `Khác hẳn ${id} ${'x'.repeat(i)}` }));
    const scored = [s('d', 'r1', 30, 30), s('c', 'r1', 20, 20), s('b', 'r1', 15, 15), s('f', 'r1', 5, 5)];
    // Three prizes (1 + 2): d, c, b have one; f has none, a is not scored.
    const byPrize = consolidate(round, reports(mine), scored);
    expect(byPrize.entries.filter((x) => x.forward).map((x) => x.id)).toEqual(['d', 'c', 'b']);
    // No prizes at all: only what reaches the round's minimum score, at most two.
    // Totals: d 90, c 70, b 60, f 40.
    const byScore = consolidate({ ...round, prizes: [], forwardPerUnit: 2, forwardMinScore: 55 }, reports(mine), scored);
    expect(byScore.entries.filter((x) => x.forward).map((x) => x.id)).toEqual(['d', 'c']);
    const none = consolidate({ ...round, prizes: [], forwardMinScore: 91 }, reports(mine), scored);
    expect(none.entries.filter((x) => x.forward)).toEqual([]);
  });

  test('the rank-stability flag only where the method moves an entry across a prize boundary or by more than rankShiftPlaces', () => {
    // Three reviewers: a's totals are 90, 90, 30 (mean 70, median 90); b's 75, 75, 75.
    const two = [e('a', 'Phường 1'), e('b', 'Phường 2')];
    const scores = [s('a', 'r1', 30, 30, 30), s('a', 'r2', 30, 30, 30), s('a', 'r3', 10, 10, 10), s('b', 'r1', 25, 25, 25), s('b', 'r2', 25, 25, 25), s('b', 'r3', 25, 25, 25)];
    // The mean puts b first, the median a: across the Giải Nhất boundary, so both are flagged.
    const withPrize = consolidate({ ...round, prizes: [{ name: 'Giải Nhất', count: 1, amount: { tapThe: 1, caNhan: 1 } }] }, reports(two), scores);
    expect(withPrize.entries.map((x) => [x.id, x.rank, x.otherRanks.median, x.rankDiffers])).toEqual([
      ['b', 1, 2, true],
      ['a', 2, 1, true],
    ]);
    // No prize between them and one place apart: not worth a flag.
    const noPrize = consolidate({ ...round, prizes: [] }, reports(two), scores);
    expect(noPrize.entries.map((x) => x.rankDiffers)).toEqual([false, false]);
    expect(noPrize.rankingStable).toBe(true);
    // A round that wants every move said.
    const strict = consolidate({ ...round, prizes: [], rubric: { ...round.rubric, rankShiftPlaces: 0 } }, reports(two), scores);
    expect(strict.entries.map((x) => x.rankDiffers)).toEqual([true, true]);
  });

  test('divergent reviewers are listed for discussion, most apart first', () => {
    const summary = consolidate(round, reports([e('a', 'Phường 1'), e('b', 'Phường 2'), e('c', 'Phường 3')]), [
      s('a', 'r1', 30, 30, 30),
      s('a', 'r2', 10, 10, 10), // 90 and 30: 60 apart
      s('b', 'r1', 25, 25, 30),
      s('b', 'r2', 20, 20, 20), // 80 and 60: 20 apart
      s('c', 'r1', 20, 20, 30),
      s('c', 'r2', 20, 20, 26), // 70 and 66: under the threshold of 15
    ]);
    expect(summary.divergent.map((d) => [d.id, d.spread, d.reviewers])).toEqual([
      ['a', 60, 2],
      ['b', 20, 2],
    ]);
  });

  test('late and missing units; an unexpected unit is listed, not dropped', () => {
    const summary = consolidate(round, [
      { unit: 'Phường 1', source: 'v1', submittedAt: '2024-08-10T00:00:00Z', entries: [e('a', 'Phường 1')] },
      { unit: 'Phường 2', source: 'v1', submittedAt: new Date(Date.parse(round.window.closes) + 1000).toISOString(), entries: [e('b', 'Phường 2')] },
      { unit: 'Phường 99', source: 'la.xlsx', entries: [e('c', 'Phường 99')] },
    ]);
    expect(summary.units.find((u) => u.name === 'Phường 1')!.status).toBe('on-time');
    expect(summary.units.find((u) => u.name === 'Phường 2')!.status).toBe('late');
    expect(summary.missing).toHaveLength(16);
    expect(summary.unknownUnits).toEqual(['Phường 99']);
    expect(summary.entries.find((x) => x.id === 'c')!.expectedUnit).toBeNull();
  });

  test('a unit below the minimum number of entries the round asks for is listed', () => {
    const strict = { ...round, minEntriesPerUnit: 2 };
    const summary = consolidate(strict, reports([e('a', 'Phường 1'), e('b', 'Phường 2'), e('c', 'Phường 2', { title: 'Thứ hai' })]));
    expect(summary.emptyReports).toEqual(['Phường 1']);
  });

  test('a summary entry has every field of its stored entry, and nothing the object carries beside them (the reader’s cells)', () => {
    const full = { ...e('x1', 'Phường 1'), authors: 'Nguyễn Văn An', phone: '0903 123 456', category: 'Cá nhân', cells: { title: ['C9'] } } as StoredEntry;
    const [entry] = consolidate(round, reports([full]), []).entries;
    for (const field of STORED_FIELDS) if (field !== 'category') expect([field, entry![field]]).toEqual([field, full[field]]);
    expect(entry!.category).toBe('ca-nhan');
    expect(entry).not.toHaveProperty('cells');
    // Without the optional ones, none is set to undefined either (a key with no value is a key all the same).
    const bare = consolidate(round, reports([e('x2', 'Phường 1')]), []).entries[0]!;
    expect(bare).not.toHaveProperty('authors');
    expect(bare).not.toHaveProperty('phone');
  });

  test('category: said, else by the number of authors, else collective', () => {
    expect(entryCategory({ category: 'Tập thể' })).toBe('tap-the');
    expect(entryCategory({ authors: 'Nguyễn A' })).toBe('ca-nhan');
    expect(entryCategory({ authors: 'Nguyễn A và Trần B' })).toBe('tap-the');
    expect(entryCategory({})).toBe('tap-the');
  });
});

describe('duplicate search', () => {
  const words = (t: string) => new Set(foldKey(t).split(' ').filter(Boolean));
  const shingles = (t: string) => {
    const w = foldKey(t).split(' ').filter(Boolean);
    return new Set(w.slice(0, Math.max(0, w.length - 2)).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
  };
  /** Every pair compared, straight from the definitions: the reference for the indexed search. */
  function bruteForce(entries: Array<{ id: string; unit: string; title: string; sections: StoredEntry['sections'] }>) {
    const pairs: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [a, b] = [entries[i]!, entries[j]!];
        if (foldKey(a.unit) === foldKey(b.unit)) continue;
        const [ta, tb] = [words(a.title), words(b.title)];
        const short = Math.min(ta.size, tb.size);
        const t = short < 2 ? 0 : [...ta].filter((w) => tb.has(w)).length / short;
        const [da, db] = [shingles(Object.values(a.sections).join(' ')), shingles(Object.values(b.sections).join(' '))];
        const shared = [...da].filter((x) => db.has(x)).length;
        const d = da.size && db.size ? shared / (da.size + db.size - shared) : 0;
        if (t >= 0.8 || d >= 0.5) pairs.push(`${a.id}|${b.id}`);
      }
    }
    return pairs.sort();
  }

  test('the indexed search finds exactly the pairs that comparing every pair finds', () => {
    const vocabulary = ['hồ', 'sơ', 'không', 'hẹn', 'một', 'cửa', 'phường', 'mã', 'QR', 'trực', 'tuyến', 'dịch', 'vụ'];
    const phrase = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
    const entryArb = fc.record({ unit: fc.constantFrom('Phường 1', 'Phường 2', 'Phường 3'), title: phrase, body: phrase });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 14 }), (raw) => {
        const entries = raw.map((r, i) => ({ id: String(i), unit: r.unit, title: r.title, sections: { thucTrang: r.body, noiDung: null, hieuQua: null, tinhMoi: null } }));
        const found = findDuplicates(entries).map((d) => `${d.a.id}|${d.b.id}`).sort();
        expect(found).toEqual(bruteForce(entries));
      }),
      { numRuns: 300 },
    );
  });

  test('on long descriptions sharing the plan’s boilerplate, too (the filters prune, never miss)', () => {
    const boilerplate = ['thực hiện kế hoạch cải cách hành chính năm 2024', 'nâng cao chất lượng phục vụ người dân và doanh nghiệp', 'tại bộ phận một cửa của phường'];
    const own = ['hồ', 'sơ', 'mã', 'QR', 'trực', 'tuyến', 'zalo', 'lịch', 'hẹn', 'camera', 'tổ', 'số', 'đêm'];
    const part = fc.array(fc.oneof(fc.constantFrom(...boilerplate), fc.constantFrom(...own)), { minLength: 1, maxLength: 40 }).map((w) => w.join(' '));
    const entryArb = fc.record({ unit: fc.constantFrom('Phường 1', 'Phường 2', 'Phường 3', 'Phường 4'), title: part, body: part });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 24 }), (raw) => {
        const entries = raw.map((r, i) => ({ id: String(i).padStart(2, '0'), unit: r.unit, title: r.title, sections: { thucTrang: r.body, noiDung: null, hieuQua: null, tinhMoi: null } }));
        const found = findDuplicates(entries).map((d) => `${d.a.id}|${d.b.id}`).sort();
        expect(found).toEqual(bruteForce(entries));
      }),
      { numRuns: 300 },
    );
  });

  test('with words numbered ahead (as the command line does while reading), whatever was prepared: the same pairs', () => {
    const vocabulary = ['hồ', 'sơ', 'không', 'hẹn', 'một', 'cửa', 'phường', 'mã', 'QR', 'trực', 'tuyến'];
    const phrase = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
    // Each entry: prepared as it is, prepared with other text (changed since), or not prepared.
    const entryArb = fc.record({ unit: fc.constantFrom('Phường 1', 'Phường 2', 'Phường 3'), title: phrase, body: phrase, prepared: fc.constantFrom('same', 'other', 'none') });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 14 }), (raw) => {
        const entries = raw.map((r, i) => ({ id: String(i).padStart(2, '0'), unit: r.unit, title: r.title, sections: { thucTrang: r.body, noiDung: null, hieuQua: null, tinhMoi: null } }));
        const prepared = new PreparedText();
        raw.forEach((r, i) => {
          if (r.prepared === 'same') prepared.add(entries[i]!);
          if (r.prepared === 'other') prepared.add({ ...entries[i]!, title: `${r.title} khác`, sections: { ...entries[i]!.sections, thucTrang: `${r.body} đã sửa` } });
        });
        const found = findDuplicates(entries, prepared).map((d) => `${d.a.id}|${d.b.id}`).sort();
        expect(found).toEqual(bruteForce(entries));
      }),
      { numRuns: 300 },
    );
  });

  test('on titles short and long (those over 24 words are indexed by word, the others by word pairs)', () => {
    const vocabulary = Array.from({ length: 36 }, (_, i) => `từ${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`);
    const title = fc.shuffledSubarray(vocabulary, { minLength: 2, maxLength: vocabulary.length }).map((w) => w.join(' '));
    const entryArb = fc.record({ unit: fc.constantFrom('Phường 1', 'Phường 2', 'Phường 3'), title });
    // Both kinds are generated: titles of more than 24 distinct words and of fewer.
    const sizes = fc.sample(title, 200).map((t) => words(t).size);
    expect(sizes.some((n) => n > 24) && sizes.some((n) => n <= 24)).toBe(true);
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 2, maxLength: 20 }), (raw) => {
        const entries = raw.map((r, i) => ({ id: String(i).padStart(2, '0'), unit: r.unit, title: r.title, sections: { thucTrang: null, noiDung: null, hieuQua: null, tinhMoi: null } }));
        const found = findDuplicates(entries).map((d) => `${d.a.id}|${d.b.id}`).sort();
        expect(found).toEqual(bruteForce(entries));
      }),
      { numRuns: 300 },
    );
  });
});

describe('provisional until every entry has the minimum of scores', () => {
  const entries = [e('a', 'Phường 1'), e('b', 'Phường 2')];
  const three = (id: string) => ['r1', 'r2', 'r3'].map((r) => s(id, r, 20, 20));

  test('one score each: TẠM TÍNH on the main table and on every proposed prize', () => {
    const summary = consolidate(round, reports(entries), [s('a', 'r1', 25, 25), s('b', 'r1', 20, 20)]);
    expect([summary.provisional, summary.underScored]).toEqual([true, 2]);
    expect(summary.prizes.tiers[0]!.entries).toEqual(['a']); // proposed, and said to be provisional
    const tables = summaryTables(round, summary);
    expect(tables.find((t) => t.sheet === 'Tổng hợp')!.note).toBe('TẠM TÍNH: 2 mô hình chưa đủ 3 thành viên chấm. Thứ hạng, giải và danh sách chuyển lên chưa phải kết quả cuối cùng.');
    const prizes = tables.find((t) => t.sheet === 'Giải thưởng')!;
    expect(prizes.flags.map((f) => f.reason)).toEqual(prizes.rows.map(() => 'TẠM TÍNH: mô hình chưa đủ số thành viên chấm'));
    expect(prizes.footer![0]).toBe('Tổng kinh phí (TẠM TÍNH)');
  });

  test('only the entries short of scores are marked, each with how many it has', () => {
    const summary = consolidate(round, reports(entries), [...three('a'), s('b', 'r1', 20, 20)]);
    const tables = summaryTables(round, summary);
    for (const sheet of ['Giải thưởng', 'Danh sách xếp hạng']) {
      const t = tables.find((x) => x.sheet === sheet)!;
      const remarks = t.headers.indexOf('Ghi chú');
      const unit = t.headers.indexOf('Đơn vị');
      expect(t.rows.map((r) => [r[unit], r[remarks]])).toEqual([
        ['Phường 1', ''],
        ['Phường 2', 'Chưa đủ điểm: 1/3 thành viên đã chấm'],
      ]);
      expect(t.flags).toEqual([{ row: 1, column: remarks, reason: 'TẠM TÍNH: mô hình chưa đủ số thành viên chấm' }]);
    }
  });

  test('the minimum reached for every entry (stale scores not counted): final, and nothing says TẠM TÍNH', () => {
    const stale = consolidate(round, reports(entries), [...three('a'), ...three('b').map((x, i) => (i === 0 ? { ...x, stale: true } : x))]);
    expect(stale.provisional).toBe(true);
    const summary = consolidate(round, reports(entries), [...three('a'), ...three('b')]);
    expect([summary.provisional, summary.underScored]).toEqual([false, 0]);
    const tables = summaryTables(round, summary);
    expect(JSON.stringify(tables)).not.toContain('TẠM TÍNH');
    // The round's own minimum decides.
    expect(consolidate({ ...round, rubric: { ...round.rubric, minReviewers: 4 } }, reports(entries), [...three('a'), ...three('b')]).provisional).toBe(true);
  });
});

describe('likely duplicates where a council reads them', () => {
  // A model every ward copied: 40 units send the same initiative (a long title, the same description), each also one of its own.
  const copied = (u: number) =>
    e(`c${u}`, `Phường ${u}`, {
      title: `Tiếp nhận và trả kết quả hồ sơ ${'liên thông điện tử cấp phường '.repeat(30)}`.trim(),
      sections: { thucTrang: 'Người dân phải đi lại nhiều lần để nộp hồ sơ', noiDung: 'Bộ phận một cửa nhận hồ sơ qua cổng dịch vụ công', hieuQua: 'Giảm thời gian chờ của người dân', tinhMoi: 'Lần đầu áp dụng tại phường' },
    });
  const units = Array.from({ length: 40 }, (_, i) => i + 1);
  const entries = units.flatMap((u) => [copied(u), e(`o${u}`, `Phường ${u}`)]);
  const scores = entries.flatMap((x, i) => ['r1', 'r2', 'r3'].map((r) => s(x.id, r, 10 + (i % 15), 20)));
  const summary = consolidate(round, reports(entries), scores);
  const ranked = summaryTables(round, summary).find((t) => t.sheet === 'Danh sách xếp hạng')!;
  const remarkOf = (id: string) => ranked.rows[summary.entries.findIndex((x) => x.id === id)]!.at(-1) as string;

  test('on a signed list, an entry alike to many says how many and where they are listed, within what an Excel cell holds; one alike to a single other names it', () => {
    expect(summary.duplicates.length).toBe((40 * 39) / 2); // every copy against every other: the search found them all
    expect(remarkOf('c7')).toBe('có thể trùng với 39 mô hình khác (xem sheet “Trùng lặp”)');
    for (const row of ranked.rows) expect(String(row.at(-1)).length).toBeLessThanOrEqual(32_767);
    // An entry alike to none has no remark; one alike to a single other names it.
    expect(remarkOf('o3')).toBe('');
    const pair = consolidate(round, reports([copied(1), copied(2), e('o1', 'Phường 1')]), []);
    expect(duplicatePartners(pair, 'c1')).toBe(`có thể trùng với “${copied(2).title}” (Phường 2)`);
  });

  test('Báo cáo kết quả names each prized entry’s most alike duplicates and counts the other pairs, not one sentence per pair', () => {
    const prized = summary.entries.filter((x) => x.prize);
    const report = resultsReport(round, summary);
    const said = report.before.filter((p) => /trùng lặp/.test(p));
    const prizedAlike = prized.filter((x) => pairsOf(summary, x.id).length > 0);
    expect(prizedAlike.length).toBeGreaterThan(0);
    expect(said).toHaveLength(prizedAlike.length + 1);
    for (const x of prizedAlike) {
      const paragraph = said.find((p) => p.startsWith(`Mô hình được đề xuất ${x.prize!.tier} “${x.title}” (${x.unit}) có khả năng trùng lặp với `))!;
      // Its most alike named, in the pairs' order, with how alike; the rest counted.
      const partners = pairsOf(summary, x.id);
      expect([...paragraph.matchAll(/” \(([^()]+)\), độ tương đồng \d+%/g)].map((m) => m[1])).toEqual(partners.slice(0, PARTNERS_NAMED).map((d) => partnerIn(d, x.id).unit));
      expect(paragraph).toContain(`và ${partners.length - PARTNERS_NAMED} mô hình khác (xem sheet “Trùng lặp” của bảng tổng hợp); hội đồng cần xem xét trước khi khen thưởng.`);
    }
    // The prize table's remark, a narrow column, says how many and points to the paragraph.
    const table = report.table!.rows.find((r) => r[1] === prizedAlike[0]!.title)!;
    expect(table.at(-1)).toBe('có thể trùng với 39 mô hình khác (xem mục II)');
    const others = summary.duplicates.filter((d) => !prized.some((x) => x.id === d.a.id || x.id === d.b.id)).length;
    expect(said.at(-1)).toBe(`Ngoài ra, có ${others.toLocaleString('vi-VN')} cặp mô hình khác có khả năng trùng lặp, trong đó không có mô hình được đề xuất khen thưởng (xem sheet “Trùng lặp” của bảng tổng hợp); hội đồng cần xem xét khi công nhận.`);
    // A few pairs, none prized: each named, as a district's report always did.
    const few = consolidate({ ...round, prizes: [] }, reports([copied(1), copied(2), e('o1', 'Phường 1')]), []);
    expect(resultsReport({ ...round, prizes: [] }, few).before.filter((p) => /trùng lặp/.test(p))).toEqual([`Có khả năng trùng lặp: “${copied(1).title}” (Phường 1) và “${copied(2).title}” (Phường 2), độ tương đồng 100%; hội đồng cần xem xét trước khi khen thưởng.`]);
  });

  test('Báo cáo kết quả names the entries whose members’ scores diverged while they are few, and counts them when many (the minutes list each)', () => {
    const apart = (ids: string[]) => ids.flatMap((id) => [s(id, 'r1', 5, 5, 10), s(id, 'r2', 25, 25, 40), s(id, 'r3', 15, 15, 25)]);
    const judgingOf = (summary: ReturnType<typeof consolidate>) => resultsReport(round, summary).before.find((p) => p.includes('thành viên hội đồng'))!;
    const few = consolidate(round, reports(entries.slice(0, 20)), apart(['o1', 'o2']));
    expect(few.divergent).toHaveLength(2);
    expect(judgingOf(few)).toContain(`2 mô hình có điểm của các thành viên chênh lệch nhiều, hội đồng cần trao đổi: “${few.divergent[0]!.title}” (${few.divergent[0]!.unit}), “${few.divergent[1]!.title}” (${few.divergent[1]!.unit}).`);
    const many = consolidate(round, reports(entries), apart(units.map((u) => `o${u}`)));
    expect(many.divergent).toHaveLength(40);
    expect(judgingOf(many)).toMatch(/ 40 mô hình có điểm của các thành viên chênh lệch nhiều, hội đồng cần trao đổi \(danh sách tại mục IV của Biên bản họp Hội đồng\)\.$/);
    expect(judgingOf(many)).not.toContain('“');
  });
});
