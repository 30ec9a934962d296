/** A reviewer never scores their own unit's entries, however a later round spells the unit. */
import { isOwnUnit } from '../../core/judging/scoring';
import { entriesToScore } from '../../core/judging/score-sheet';
import { assignEntries } from '../../core/judging/assignment';
import { demoRound } from '../../core/rounds/round';

test.each(['Phường 1', 'Phường 01', 'P.1', 'P1', 'UBND Phường 1', 'Ủy ban nhân dân phường 1', 'phuong 1', 'PHƯỜNG 01'])('an account of “Phường 1” owns the entries of “%s”', (spelt) => {
  expect(isOwnUnit('Phường 1', spelt)).toBe(true);
  expect(isOwnUnit(spelt, 'Phường 1')).toBe(true);
});

test('other units stay other units; an account with no unit owns none', () => {
  for (const other of ['Phường 10', 'Phường 11', 'Xã 1', 'Phòng Tư pháp']) expect(isOwnUnit('Phường 1', other)).toBe(false);
  expect(isOwnUnit(undefined, 'Phường 1')).toBe(false);
  expect(isOwnUnit('  ', 'Phường 1')).toBe(false);
});

test('the score sheet and the assignment leave the reviewer’s own unit out under its other spellings', () => {
  const entries = [
    { id: 'a', unit: 'Phường 01', title: 'A', field: 'Cải cách thể chế' },
    { id: 'b', unit: 'Phường 10', title: 'B', field: 'Cải cách thể chế' },
  ];
  const { scored, ownUnit } = entriesToScore(entries as never, 'UBND Phường 1');
  expect(ownUnit.map((e) => e.id)).toEqual(['a']);
  expect(scored.map((e) => e.id)).toEqual(['b']);
  const assignment = assignEntries({ ...demoRound(), rubric: { ...demoRound().rubric, minReviewers: 1 } }, entries, [{ id: 'r1', unit: 'P.1' }, { id: 'r2', unit: 'Phường 10' }]);
  expect(assignment.byEntry.get('a')).toEqual(['r2']);
  expect(assignment.byEntry.get('b')).toEqual(['r1']);
});
