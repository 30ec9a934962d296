/** What the reviewer is told when the entries to score changed since the sheet was built. */
import { scoreSheetChanges } from '../../core/judging/score-sheet';

const e = (id: string, title = id, unit = 'Phường 1') => ({ id, title, unit });

test('withdrawn entries are named with their unit; new and changed ones are counted', () => {
  const changes = scoreSheetChanges([e('a', 'Một cửa'), e('b', 'Sổ tay', 'Phường 3'), e('c')], [e('a'), e('c'), e('d')], new Set(['c', 'd']));
  expect(changes).toEqual({ withdrawn: [{ title: 'Sổ tay', unit: 'Phường 3' }], added: 1, changed: 1 });
});

test('the first build has nothing to tell', () => {
  expect(scoreSheetChanges([], [e('a'), e('b')], new Set())).toEqual({ withdrawn: [], added: 2, changed: 0 });
});
