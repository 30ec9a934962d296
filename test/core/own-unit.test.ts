/** A reviewer never scores their own unit's entries: under every spelling, and after a rename or a merger (units compared by id). */
import { entriesToScore } from '../../core/judging/score-sheet';
import { assignEntries } from '../../core/judging/assignment';
import { demoRound, type Round } from '../../core/rounds/round';
import { roundSchema } from '../../core/rounds/round-schema';
import { isOwnUnit, ownUnitsOf } from '../../core/rounds/units';

const round = demoRound();
// An account made as units were made before ids: its unit's name only.
const reviewerOf = (unit: string) => ({ unit });

test.each(['Phường 1', 'Phường 01', 'P.1', 'P1', 'UBND Phường 1', 'Ủy ban nhân dân phường 1', 'phuong 1', 'PHƯỜNG 01'])('an account of “Phường 1” owns the entries of “%s”', (spelt) => {
  expect(isOwnUnit(round, reviewerOf('Phường 1'), spelt)).toBe(true);
  expect(isOwnUnit(round, reviewerOf(spelt), 'Phường 1')).toBe(true);
});

test('other units stay other units; an account with no unit owns none', () => {
  for (const other of ['Phường 10', 'Phường 11', 'Xã 1', 'Phòng Tư pháp']) expect(isOwnUnit(round, reviewerOf('Phường 1'), other)).toBe(false);
  expect(isOwnUnit(round, {}, 'Phường 1')).toBe(false);
  expect(isOwnUnit(round, reviewerOf('  '), 'Phường 1')).toBe(false);
});

/** Next year's round: Phường 1 renamed Phường Bàn Cờ (same id); Phường 2 and Phường 3 merged into Phường Xuân Hòa. */
function nextYear(): Round {
  const parsed = roundSchema.parse(round);
  const id = (name: string) => parsed.units.find((u) => u.name === name)!.id!;
  const rest = parsed.units.filter((u) => !['Phường 1', 'Phường 2', 'Phường 3'].includes(u.name));
  return roundSchema.parse({
    ...parsed,
    id: 'quan-3-2025',
    units: [
      { id: id('Phường 1'), code: '27139', name: 'Phường Bàn Cờ', kind: 'phuong', aliases: ['Phường 1'] },
      { code: '27142', name: 'Phường Xuân Hòa', kind: 'phuong', formedFrom: [id('Phường 2'), id('Phường 3')] },
      ...rest,
    ],
  });
}

test('after a rename and a merger, the old accounts own the new units’ entries, and only those', () => {
  const next = nextYear();
  expect(isOwnUnit(next, reviewerOf('Phường 1'), 'Phường Bàn Cờ')).toBe(true);
  expect(isOwnUnit(next, reviewerOf('Phường 2'), 'Phường Xuân Hòa')).toBe(true);
  expect(isOwnUnit(next, reviewerOf('Phường 3'), 'Phường Xuân Hòa')).toBe(true);
  expect(isOwnUnit(next, reviewerOf('Phường 1'), 'Phường Xuân Hòa')).toBe(false);
  expect(isOwnUnit(next, reviewerOf('Phường 4'), 'Phường Bàn Cờ')).toBe(false);
  // An account made this year holds the unit's id, whatever it was called.
  const bànCờ = next.units.find((u) => u.name === 'Phường Bàn Cờ')!;
  expect(isOwnUnit(next, { unit: 'Phường Bàn Cờ', unitId: bànCờ.id }, 'UBND phường Bàn Cờ')).toBe(true);
});

test('the score sheet and the assignment leave the reviewer’s own unit out under its other spellings and after a merger', () => {
  const entries = [
    { id: 'a', unit: 'Phường 01', title: 'A', field: 'Cải cách thể chế' },
    { id: 'b', unit: 'Phường 10', title: 'B', field: 'Cải cách thể chế' },
  ];
  const { scored, ownUnit } = entriesToScore(round, entries as never, reviewerOf('UBND Phường 1'));
  expect(ownUnit.map((e) => e.id)).toEqual(['a']);
  expect(scored.map((e) => e.id)).toEqual(['b']);
  const assignment = assignEntries({ ...round, rubric: { ...round.rubric, minReviewers: 1 } }, entries, [
    { id: 'r1', unit: 'P.1' },
    { id: 'r2', unit: 'Phường 10' },
  ]);
  expect(assignment.byEntry.get('a')).toEqual(['r2']);
  expect(assignment.byEntry.get('b')).toEqual(['r1']);

  const next = nextYear();
  const merged = [{ id: 'm', unit: 'Phường Xuân Hòa', title: 'M', field: 'Cải cách thể chế' }];
  expect(entriesToScore(next, merged as never, reviewerOf('Phường 3')).ownUnit.map((e) => e.id)).toEqual(['m']);
  const after = assignEntries({ ...next, rubric: { ...next.rubric, minReviewers: 1 } }, merged, [{ id: 'r3', unit: 'Phường 3' }, { id: 'r4', unit: 'Phường 4' }]);
  expect(after.byEntry.get('m')).toEqual(['r4']);
});

test('each reviewer’s own units, looked up at once (Tiến độ), are those isOwnUnit names pair by pair', () => {
  for (const r of [round, nextYear()]) {
    const parsed = roundSchema.parse(r);
    const spellings = ['Phường 01', 'P.1', 'UBND Phường 1', 'Phường 2', 'Phường 3', 'phường 10', 'Xã Mới', 'Phòng Không Có', 'Phường Bàn Cờ', 'UBND phường Xuân Hòa'];
    const entryUnits = [...parsed.units.map((u) => u.name), ...spellings, '  '];
    const reviewers = [
      {},
      { unit: '  ' },
      ...spellings.map((unit) => ({ unit })),
      ...parsed.units.map((u) => ({ unit: u.name, unitId: u.id })),
      ...parsed.units.flatMap((u) => u.formedFrom ?? []).map((unitId) => ({ unitId })),
      { unit: 'Phường 1', unitId: 'khong-co-trong-dot' },
      // An account whose name and id disagree (its unit renamed since): the id decides.
      { unit: 'Phường 10', unitId: parsed.units[0]!.id },
    ];
    const found = ownUnitsOf(parsed, reviewers, entryUnits);
    const owned = reviewers.map((reviewer) => new Set(entryUnits.filter((unit) => isOwnUnit(parsed, reviewer, unit))));
    expect(found).toEqual(owned);
    expect(owned.some((units) => units.size > 1)).toBe(true); // the comparison means something: some reviewer owns several spellings
  }
});
