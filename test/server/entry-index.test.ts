/**
 * The store's entry index (a score finds its entry without scanning every report) always answers
 * what a scan of the latest reports answers: after each new version, after an undo, for a unit the
 * round no longer expects.
 */
import fc from 'fast-check';
import { demoRound } from '../../core/rounds/round';
import { emptyData, StoreState } from '../../server/store/state';
import type { Submission } from '../../server/store';
import { latestSubmissions } from '../../server/rounds';

const round = demoRound();
const UNITS = round.units.slice(0, 3).map((u) => u.name);

/** What a scan of the round's latest reports finds for `entryId`. */
function scanned(state: StoreState, entryId: string) {
  for (const s of latestSubmissions(state.data)) {
    const entry = s.entries.find((e) => e.id === entryId);
    if (entry) return { unit: s.unit, entry };
  }
  return undefined;
}

function submission(unit: string, version: number, ids: string[]): Submission {
  return {
    unit,
    version,
    submittedAt: new Date(Date.UTC(2024, 8, 1, 0, version)).toISOString(),
    sentBy: 'a1',
    entries: ids.map((id, i) => ({ id, row: 9 + i, stt: String(i + 1), unit, title: `Mô hình ${id}`, field: round.fields[0]!.name, sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: 'd' }, note: '' })),
    issues: [],
  } as unknown as Submission;
}

test('after any sequence of new versions and undos, the index answers as the scan does', () => {
  const step = fc.record({ unit: fc.integer({ min: 0, max: 2 }), ids: fc.uniqueArray(fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6'), { maxLength: 4 }), undo: fc.boolean() });
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
      const state = new StoreState(emptyData(round));
      const versions = new Map<string, number>();
      // Each unit's entry ids are its own (a prefix), as the server's ids never repeat across units.
      for (const { unit, ids, undo } of steps) {
        const name = UNITS[unit]!;
        const version = (versions.get(name) ?? 0) + 1;
        state.entry(round.id, 'e1'); // the index built before the change, kept with it
        const taken = state.apply({ kind: 'submission', roundId: round.id, submission: submission(name, version, ids.map((id) => `${unit}-${id}`)) });
        if (undo) taken();
        else versions.set(name, version);
        for (const u of [0, 1, 2]) for (const id of ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']) expect(state.entry(round.id, `${u}-${id}`)).toEqual(scanned(state, `${u}-${id}`));
      }
    }),
    { numRuns: 300 },
  );
});

test('an entry of a unit the round no longer expects is found by neither', () => {
  const state = new StoreState(emptyData(round));
  state.apply({ kind: 'submission', roundId: round.id, submission: submission(UNITS[0]!, 1, ['x1']) });
  expect(state.entry(round.id, 'x1')?.unit).toBe(UNITS[0]);
  state.apply({ kind: 'round', round: { ...round, units: round.units.slice(1) } });
  expect(state.entry(round.id, 'x1')).toBeUndefined();
  expect(scanned(state, 'x1')).toBeUndefined();
});
