/** Assigning entries to reviewers (core/judging/assignment): never an own-unit entry, every entry covered, by field as the plan says, evenly and stably otherwise. */
import fc from 'fast-check';
import { assignEntries, pairRank, type AssignableEntry, type Reviewer } from '../../core/judging/assignment';
import { isOwnUnit } from '../../core/rounds/units';
import { demoRound, type Round } from '../../core/rounds/round';

const base = demoRound(new Date('2024-08-20T03:00:00Z'));
const FIELDS = base.fields.map((f) => f.name);
const UNITS = base.units.map((u) => u.name);

function entriesOf(count: number, seed = 0): AssignableEntry[] {
  return Array.from({ length: count }, (_, i) => ({ id: `e${seed}-${i}`, unit: UNITS[(i * 7 + seed) % UNITS.length]!, field: FIELDS[(i * 3 + seed) % FIELDS.length]! }));
}

/** The Quận 3 plan: Văn phòng HĐND-UBND (3 and 7), Phòng Tư pháp (2), Phòng Tài chính - Kế hoạch (6), Phòng Văn hóa và Thông tin (8), Phòng Nội vụ (1, 4, 5). */
const plan: Round['assignment'] = {
  mode: 'by-field',
  offices: [
    { field: FIELDS[0]!, units: ['Phòng Nội vụ'] },
    { field: FIELDS[1]!, units: ['Phòng Tư pháp'] },
    { field: FIELDS[2]!, units: ['Văn phòng HĐND và UBND quận'] },
    { field: FIELDS[3]!, units: ['Phòng Nội vụ'] },
    { field: FIELDS[4]!, units: ['Phòng Nội vụ'] },
    { field: FIELDS[5]!, units: ['Phòng Tài chính - Kế hoạch'] },
    { field: FIELDS[6]!, units: ['Văn phòng HĐND và UBND quận'] },
    { field: FIELDS[7]!, units: ['Phòng Văn hóa và Thông tin'] },
  ],
};

test('by field: an entry goes to every reviewer of the offices its field names, topped up to the minimum, never to its own unit', () => {
  const reviewers: Reviewer[] = [
    { id: 'tp1', unit: 'Phòng Tư pháp' },
    { id: 'tp2', unit: 'Phòng Tư pháp' },
    { id: 'nv1', unit: 'Phòng Nội vụ' },
    { id: 'vh1', unit: 'Phòng Văn hóa và Thông tin' },
    { id: 'free1' },
    { id: 'free2' },
  ];
  const entries: AssignableEntry[] = [
    { id: 'the-che', unit: 'Phường 1', field: FIELDS[1]! },
    { id: 'noi-vu-own', unit: 'Phòng Nội vụ', field: FIELDS[0]! },
    { id: 'tuyen-truyen', unit: 'Phường 2', field: FIELDS[7]! },
  ];
  const { byEntry, short } = assignEntries({ ...base, assignment: plan }, entries, reviewers);
  expect(byEntry.get('the-che')!.slice(0, 2).sort()).toEqual(['tp1', 'tp2']);
  expect(byEntry.get('the-che')).toHaveLength(3); // two of the office, one more to reach the minimum of 3
  expect(byEntry.get('noi-vu-own')).not.toContain('nv1'); // its own office never scores it
  expect(byEntry.get('noi-vu-own')).toHaveLength(3);
  expect(byEntry.get('tuyen-truyen')![0]).toBe('vh1');
  expect(short).toEqual([]);
});

test('an entry that cannot reach the minimum (too few reviewers outside its unit) is reported as short', () => {
  const reviewers: Reviewer[] = [{ id: 'p1', unit: 'Phường 1' }, { id: 'p2', unit: 'Phường 2' }, { id: 'x' }];
  const { byEntry, short } = assignEntries({ ...base, assignment: { mode: 'even', offices: [] } }, [{ id: 'a', unit: 'Phường 1', field: FIELDS[0]! }], reviewers);
  expect(byEntry.get('a')!.sort()).toEqual(['p2', 'x']);
  expect(short).toEqual(['a']);
});

test('property: whatever the reviewers and entries, no reviewer gets an entry of their own unit, and every entry that can be covered is', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ unit: fc.option(fc.constantFrom(...UNITS), { nil: undefined }) }), { minLength: 0, maxLength: 12 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
      (people, count, minReviewers, byField) => {
        const reviewers: Reviewer[] = people.map((p, i) => ({ id: `r${i}`, ...(p.unit ? { unit: p.unit } : {}) }));
        const entries = entriesOf(count, people.length);
        const round = { ...base, rubric: { ...base.rubric, minReviewers }, assignment: byField ? plan : { mode: 'even' as const, offices: [] } };
        const { byEntry, byReviewer, short } = assignEntries(round, entries, reviewers);
        for (const entry of entries) {
          const chosen = byEntry.get(entry.id)!;
          expect(new Set(chosen).size).toBe(chosen.length);
          for (const id of chosen) expect(reviewers.find((r) => r.id === id)!.unit).not.toBe(entry.unit);
          const eligible = reviewers.filter((r) => r.unit !== entry.unit).length;
          expect(chosen.length).toBeGreaterThanOrEqual(Math.min(minReviewers, eligible));
          expect(short.includes(entry.id)).toBe(chosen.length < minReviewers);
          for (const id of chosen) expect(byReviewer.get(id)).toContain(entry.id);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('evenly: 10 reviewers share 600 entries about equally, and a reviewer added moves few of the others', () => {
  const reviewers: Reviewer[] = Array.from({ length: 10 }, (_, i) => ({ id: `giam-khao-${i}` }));
  const entries = entriesOf(600);
  const round = { ...base, assignment: { mode: 'even' as const, offices: [] } };
  const before = assignEntries(round, entries, reviewers);
  const loads = [...before.byReviewer.values()].map((l) => l.length);
  expect(loads.reduce((a, b) => a + b, 0)).toBe(600 * 3);
  expect(Math.max(...loads)).toBeLessThanOrEqual(180 * 1.3);
  expect(Math.min(...loads)).toBeGreaterThanOrEqual(180 * 0.7);
  const after = assignEntries(round, entries, [...reviewers, { id: 'giam-khao-moi' }]);
  const kept = entries.filter((e) => before.byEntry.get(e.id)!.every((id) => after.byEntry.get(e.id)!.includes(id)) || after.byEntry.get(e.id)!.includes('giam-khao-moi')).length;
  expect(kept).toBe(600); // an entry changes reviewers only to take the new one
  // A unit's report sent again with one more entry changes no other entry's reviewers.
  const more = assignEntries(round, [{ id: 'moi', unit: 'Phường 3', field: FIELDS[0]! }, ...entries], reviewers);
  expect(entries.every((e) => more.byEntry.get(e.id)!.join() === before.byEntry.get(e.id)!.join())).toBe(true);
});

test('evenly: each entry goes to the eligible reviewers its pair ranks highest, ties in the reviewers’ order (the few needed are selected, as a full sort would)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), (count, reviewerCount, need, seed) => {
      const round = { ...base, assignment: { mode: 'even' as const, offices: [] }, rubric: { ...base.rubric, minReviewers: need } };
      const entries = entriesOf(count, seed);
      // Some reviewers share a unit; some belong to none; some are spelt loosely.
      const reviewers: Reviewer[] = Array.from({ length: reviewerCount }, (_, i) => ({ id: `r${(i * 13 + seed) % 97}-${i}`, ...(i % 4 === 3 ? {} : { unit: i % 5 === 0 ? 'P.1' : UNITS[(i * 5 + seed) % UNITS.length]! }) }));
      const assignment = assignEntries(round, entries, reviewers);
      for (const entry of entries) {
        const eligible = reviewers.filter((r) => !isOwnUnit(round, r, entry.unit));
        const expected = eligible
          .map((r, order) => ({ id: r.id, order, rank: pairRank(entry.id, r.id) }))
          .sort((a, b) => b.rank - a.rank || a.order - b.order)
          .slice(0, need)
          .map((r) => r.id);
        expect(assignment.byEntry.get(entry.id)).toEqual(expected);
      }
    }),
    { numRuns: 200 },
  );
});
