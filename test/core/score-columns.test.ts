/**
 * A round's scores as columns, kept between summaries (issue #31): after any run of the store's
 * changes (a score added, one re-scored or marked stale in place, one taken back, another in its
 * place, the rubric's criteria changed) the kept columns are what packing every score afresh
 * gives, and only the scores added or changed were packed one by one.
 */
import fc from 'fast-check';
import { KeptScoreColumns, scoreColumns, type ScoreColumns, type ScoreInput } from '../../core/consolidation/score-columns';

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

test('kept columns always equal the scores packed afresh, and only scores added or changed are packed again', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(score, { maxLength: 20 }), fc.array(change, { maxLength: 12 }), fc.integer({ min: 1, max: 7 }), async (start, changes, slice) => {
      // The store's scores: records overwritten in place (new points, marked stale), added at the end, the last taken back.
      const scores: ScoreInput[] = start.map((s) => ({ ...s }));
      let keys = criteria;
      const kept = new KeptScoreColumns();
      let slices = 0;
      const between = async () => void slices++;
      expect(plain(await kept.columns(rubricOf(keys), scores, between, slice))).toEqual(plain(scoreColumns(rubricOf(keys), scores)));
      expect(kept.wholePacks).toBe(1);
      for (const c of changes) {
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
        const columns = await kept.columns(rubricOf(keys), scores, between, slice);
        expect(plain(columns)).toEqual(plain(scoreColumns(rubricOf(keys), scores)));
        expect(kept.wholePacks).toBe(whole + (expectWhole ? 1 : 0));
        if (!expectWhole) expect(kept.scoresPacked).toBe(packed + changed);
      }
    }),
    { numRuns: 300 },
  );
});

test('columns handed over are a copy: changing them, or the kept ones changing later, touches neither', async () => {
  const scores: ScoreInput[] = [{ entryId: 'e-1', reviewerId: 'r-1', points: { tinhMoi: 10 } }];
  const kept = new KeptScoreColumns();
  const first = await kept.columns(rubricOf(criteria), scores);
  first.points.fill(0);
  scores.push({ entryId: 'e-2', reviewerId: 'r-1', points: { tinhMoi: 20 } });
  const second = await kept.columns(rubricOf(criteria), scores);
  expect([...second.points.subarray(0, 1), second.points[4]]).toEqual([10, 20]);
  expect(first.entry).toHaveLength(1);
  expect(first.entryIds).toEqual(['e-1']);
});
