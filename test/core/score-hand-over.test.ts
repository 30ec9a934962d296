/**
 * A round's scores as columns, kept between summaries (issue #31): after any run of the store's
 * changes (a score added, one re-scored or marked stale in place, one taken back, another in its
 * place, the rubric's criteria changed) the kept columns are what packing every score afresh
 * gives, only the scores added or changed were packed one by one, and a receiver handed only the
 * changes (the summary worker) holds the same columns, whole again after a hand-over it missed.
 */
import fc from 'fast-check';
import { scoreColumns, type ScoreColumns, type ScoreInput } from '../../core/consolidation/score-columns';
import { HeldScoreColumns, KeptScoreColumns } from '../../core/consolidation/score-hand-over';

const criteria = ['tinhMoi', 'hieuQua', 'nhanRong', 'khaThi'];
const rubricOf = (keys: string[]) => ({ rubric: { criteria: keys.map((key) => ({ key, label: key, max: 30 })) } }) as never;
const points = fc.dictionary(fc.constantFrom(...criteria), fc.integer({ min: 0, max: 30 }), { maxKeys: 4 });
const score = fc.record({ entryId: fc.constantFrom('e-1', 'e-2', 'e-3', 'e-4', 'e-5'), reviewerId: fc.constantFrom('r-1', 'r-2', 'r-3'), points, stale: fc.boolean() });
const change = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), score }),
  fc.record({ kind: fc.constant('rescore' as const), at: fc.nat(), points }),
  fc.record({ kind: fc.constant('stale' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('take back' as const) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), score }),
  fc.record({ kind: fc.constant('new criteria' as const) }),
  fc.record({ kind: fc.constant('nothing' as const) }),
);

const plain = (c: ScoreColumns) => ({ ...c, entry: [...c.entry], reviewer: [...c.reviewer], points: [...c.points].map((p) => (Number.isNaN(p) ? null : p)), stale: [...c.stale] });

test('kept columns always equal the scores packed afresh, only scores added or changed are packed again, and a receiver of the changes holds the same', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(score, { maxLength: 20 }), fc.array(fc.tuple(change, fc.boolean()), { maxLength: 12 }), fc.integer({ min: 1, max: 7 }), async (start, changes, slice) => {
      // The store's scores: records overwritten in place (new points, marked stale), added at the end, the last taken back.
      const scores: ScoreInput[] = start.map((s) => ({ ...s }));
      let keys = criteria;
      const kept = new KeptScoreColumns();
      const receiver = new HeldScoreColumns();
      const between = async () => undefined;
      await kept.update(rubricOf(keys), scores, between, slice);
      const first = kept.handOver(false);
      expect('whole' in first).toBe(true);
      expect(plain(receiver.apply(first))).toEqual(plain(scoreColumns(rubricOf(keys), scores)));
      expect(kept.wholePacks).toBe(1);
      for (const [c, missed] of changes) {
        const whole = kept.wholePacks;
        const packed = kept.scoresPacked;
        let expectWhole = false;
        let changed = 0;
        const at = 'at' in c && scores.length > 0 ? c.at % scores.length : -1;
        if (c.kind === 'add') {
          scores.push({ ...c.score });
          changed = 1;
        } else if (c.kind === 'rescore' && at >= 0) {
          Object.assign(scores[at]!, { points: { ...c.points } });
          changed = 1;
        } else if (c.kind === 'stale' && at >= 0) {
          scores[at]!.stale = !scores[at]!.stale;
          changed = 1;
        } else if (c.kind === 'take back' && scores.length > 0) {
          scores.pop();
          expectWhole = true;
        } else if (c.kind === 'replace' && at >= 0) {
          scores[at] = { ...c.score };
          expectWhole = true;
        } else if (c.kind === 'new criteria') {
          keys = [...keys.slice(1), keys[0]!];
          expectWhole = true;
        }
        await kept.update(rubricOf(keys), scores, between, slice);
        const fresh = plain(scoreColumns(rubricOf(keys), scores));
        expect(kept.wholePacks).toBe(whole + (expectWhole ? 1 : 0));
        if (!expectWhole) expect(kept.scoresPacked).toBe(packed + changed);
        // A hand-over the receiver missed (a job that failed): the next is whole, and it holds the columns again.
        if (missed) kept.handOver(true);
        const handed = kept.handOver(!missed);
        if (expectWhole || missed) expect('whole' in handed).toBe(true);
        else expect('changes' in handed && handed.changes.at.length).toBe(changed);
        expect(plain(receiver.apply(handed))).toEqual(fresh);
      }
    }),
    { numRuns: 300 },
  );
});

test('changes handed to a receiver that holds no columns are refused, and it holds none until a whole hand-over', async () => {
  const scores: ScoreInput[] = [{ entryId: 'e-1', reviewerId: 'r-1', points: { tinhMoi: 10 } }];
  const kept = new KeptScoreColumns();
  await kept.update(rubricOf(criteria), scores);
  kept.handOver(false);
  scores.push({ entryId: 'e-2', reviewerId: 'r-1', points: { tinhMoi: 20 } });
  await kept.update(rubricOf(criteria), scores);
  const receiver = new HeldScoreColumns();
  expect(() => receiver.apply(kept.handOver(true))).toThrow();
  const whole = kept.handOver(false);
  expect(plain(receiver.apply(whole))).toEqual(plain(scoreColumns(rubricOf(criteria), scores)));
});

test('columns handed over whole are a copy: the kept ones changing later touch neither', async () => {
  const scores: ScoreInput[] = [{ entryId: 'e-1', reviewerId: 'r-1', points: { tinhMoi: 10 } }];
  const kept = new KeptScoreColumns();
  await kept.update(rubricOf(criteria), scores);
  const first = kept.handOver(false);
  scores[0]!.points = { tinhMoi: 5 };
  scores.push({ entryId: 'e-2', reviewerId: 'r-1', points: { tinhMoi: 20 } });
  await kept.update(rubricOf(criteria), scores);
  kept.handOver(true);
  expect('whole' in first && [first.whole.points[0], first.whole.entry.length, first.whole.entryIds]).toEqual([10, 1, ['e-1']]);
});
