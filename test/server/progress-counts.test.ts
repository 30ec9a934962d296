/**
 * Tiến độ's counts (server/progress.ts) are what their definitions say, on any round: a reviewer's
 * entries to score are those outside their unit, those scored are among them with a score that is
 * not stale; an entry is short while fewer than the round's minimum have scored it, and names the
 * live reviewers who may score it and have not. The definitions are written here pair by pair, as
 * plainly as they read; progress works them out per unit and per score (issue #31: 340 ms a call
 * at a nation's size).
 */
import fc from 'fast-check';
import { demoRound } from '../../core/rounds/round';
import { isOwnUnit } from '../../core/rounds/units';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { countScoresSince, progressBasis, progressFrom, roundProgress, wholeProgress } from '../../server/progress';
import { progressCache } from '../../server/progress-cache';
import { activeRound, latestSubmissions } from '../../server/rounds';
import { emptyData } from '../../server/store/state';
import type { Account, Score, Submission } from '../../server/store';

const round = demoRound();
const UNITS = round.units.slice(0, 4).map((u) => u.name);
const AT = '2024-09-01T00:00:00.000Z';

function account(id: string, unit: number | null, revoked: boolean): Account {
  return { id, role: 'reviewer', name: `Giám khảo ${id}`, ...(unit === null ? {} : { unit: UNITS[unit] }), tokenHash: '0'.repeat(64), createdAt: AT, ...(revoked ? { revokedAt: AT } : {}) } as Account;
}

function report(unit: number, entries: number, version: number): Submission {
  const name = UNITS[unit]!;
  return {
    unit: name,
    version,
    submittedAt: new Date(Date.UTC(2024, 8, 1, 0, version)).toISOString(),
    by: 'a1',
    source: 'json',
    entries: Array.from({ length: entries }, (_, k) => ({ id: `${unit}-${version}-${k}`, row: 9 + k, stt: String(k + 1), unit: name, title: `Mô hình ${k + 1} của ${name}`, field: round.fields[0]!.name, sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: 'd' }, note: '' })),
    issues: [],
  } as unknown as Submission;
}

const world = fc.record({
  reviewers: fc.array(fc.record({ unit: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), revoked: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  // Each unit: no report, or one or two versions (the last counts) of up to three entries.
  reports: fc.array(fc.option(fc.record({ versions: fc.integer({ min: 1, max: 2 }), entries: fc.integer({ min: 0, max: 3 }) }), { nil: null }), { minLength: 4, maxLength: 4 }),
  // Scores as (entry, reviewer) picks among every entry of every version and every reviewer, some stale.
  scores: fc.array(fc.record({ entry: fc.nat(), reviewer: fc.nat(), stale: fc.boolean() }), { maxLength: 40 }),
  minReviewers: fc.integer({ min: 1, max: 3 }),
});

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** The world's data, and how to add one more of its scores as the store does (one per entry and reviewer, added at the end). */
function worldData({ reviewers, reports, minReviewers }: World) {
  const data = emptyData({ ...round, rubric: { ...round.rubric, minReviewers } });
  data.accounts = reviewers.map((r, i) => account(`r${i}`, r.unit, r.revoked));
  reports.forEach((r, unit) => {
    for (let v = 1; r && v <= r.versions; v++) data.submissions.push(report(unit, r.entries, v));
  });
  const everyEntry = data.submissions.flatMap((s) => s.entries.map((e) => e.id));
  const seen = new Set<string>();
  const addScore = (s: World['scores'][number]) => {
    if (everyEntry.length === 0) return;
    const entryId = everyEntry[s.entry % everyEntry.length]!;
    const reviewerId = `r${s.reviewer % reviewers.length}`;
    if (seen.has(`${entryId}/${reviewerId}`)) return; // one score per (entry, reviewer), as the store keeps them
    seen.add(`${entryId}/${reviewerId}`);
    data.scores.push({ id: `s${seen.size}`, entryId, reviewerId, unit: UNITS[Number(entryId.split('-')[0])]!, points: {}, comment: '', version: 1, updatedAt: AT, entryFingerprint: 'f', stale: s.stale } as Score);
  };
  return { data, addScore };
}

test('each reviewer’s entries to score and scored, and the entries short of scores, are as defined pair by pair', () => {
  fc.assert(
    fc.property(world, (w) => {
      const { minReviewers } = w;
      const { data, addScore } = worldData(w);
      w.scores.forEach(addScore);
      const progress = roundProgress(data, activeRound(data));

      const live = data.accounts.filter((a) => !a.revokedAt);
      const entries = latestSubmissions(data).flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, title: e.title })));
      const counts = (entryId: string, reviewerId: string) => data.scores.some((s) => s.entryId === entryId && s.reviewerId === reviewerId && !s.stale);
      const scoredBy = (entryId: string) => data.scores.filter((s) => s.entryId === entryId && !s.stale).length;
      expect(progress.reviewers).toEqual(
        live.map((a) => {
          const mine = entries.filter((e) => !isOwnUnit(data.round, a, e.unit));
          return { id: a.id, name: a.name, unit: a.unit ?? null, toScore: mine.length, scored: mine.filter((e) => counts(e.id, a.id)).length };
        }),
      );
      expect(progress.shortOfScores).toEqual(
        entries
          .filter((e) => scoredBy(e.id) < minReviewers)
          .map((e) => ({ id: e.id, unit: e.unit, title: e.title, scores: scoredBy(e.id), needed: minReviewers, toScore: live.filter((a) => !isOwnUnit(data.round, a, e.unit) && !counts(e.id, a.id)).map((a) => a.name) })),
      );
      for (const u of progress.units) if (u.state === 'sent') expect(u.shortOfScores).toBe(entries.filter((e) => e.unit === u.unit && scoredBy(e.id) < minReviewers).length);
    }),
    { numRuns: 300 },
  );
});

test('Tiến độ brought up to date score by score (scores added, stale ones scored again) is Tiến độ worked out from nothing; a report means starting again', () => {
  fc.assert(
    fc.property(world, fc.array(fc.oneof(fc.record({ entry: fc.nat(), reviewer: fc.nat(), stale: fc.boolean() }), fc.nat()), { maxLength: 20 }), (w, later) => {
      const { data, addScore } = worldData(w);
      w.scores.forEach(addScore);
      const basis = progressBasis(data, activeRound(data));
      for (const step of later) {
        // A new score at the end of the list, or a stale one scored again: the same object made fresh, as the store replaces it.
        if (typeof step === 'number') {
          const stale = data.scores.filter((s) => s.stale);
          if (stale.length > 0) Object.assign(stale[step % stale.length]!, { stale: false, version: 2 });
        } else addScore(step);
        expect(countScoresSince(basis, activeRound(data))).toBe(true);
        expect(wholeProgress(progressFrom(basis, activeRound(data)))).toEqual(roundProgress(data, activeRound(data)));
      }
      data.submissions.push(report(0, 1, 9));
      expect(countScoresSince(basis, activeRound(data))).toBe(false);
    }),
    { numRuns: 300 },
  );
});

test('worked out from nothing, Tiến độ lets other work run between its steps, and answers what it would in one go', async () => {
  const w = fc.sample(world, { numRuns: 1, seed: 7 })[0]!;
  const { data, addScore } = worldData({ ...w, reports: [{ versions: 1, entries: 3 }, { versions: 2, entries: 2 }, null, { versions: 1, entries: 1 }] });
  w.scores.forEach(addScore);
  const progressOf = progressCache({ ownContentVersion: () => 'v1' });
  let turns = 0;
  let answered = false;
  const tick = () => {
    if (answered) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const progress = await progressOf(async () => ({ data, round: activeRound(data) }));
  answered = true;
  // Another request's turn came between the steps (worked out in one go, none would have).
  expect(turns).toBeGreaterThanOrEqual(2);
  expect(wholeProgress(progress)).toEqual(roundProgress(data, activeRound(data)));
});

test('scores and reports arriving between its steps: Tiến độ is what it is worked out from nothing on what the store holds as it answers', async () => {
  await fc.assert(
    fc.asyncProperty(world, fc.array(fc.oneof(fc.record({ entry: fc.nat(), reviewer: fc.nat(), stale: fc.boolean() }), fc.nat(), fc.constant('report' as const)), { maxLength: 8 }), async (w, later) => {
      const { data, addScore } = worldData(w);
      w.scores.forEach(addScore);
      let version = 0;
      const progressOf = progressCache({ ownContentVersion: () => String(version) });
      // Each change in a turn of its own, as a write committing while Tiến độ is worked out.
      const arriving = (async () => {
        for (const step of later) {
          await nextTurn();
          if (step === 'report') data.submissions.push(report(0, 1, 10 + version));
          else if (typeof step === 'number') {
            const stale = data.scores.filter((s) => s.stale);
            if (stale.length > 0) Object.assign(stale[step % stale.length]!, { stale: false, version: 2 });
          } else addScore(step);
          version++;
        }
      })();
      const progress = await progressOf(async () => ({ data, round: activeRound(data) }));
      expect(wholeProgress(progress)).toEqual(roundProgress(data, activeRound(data)));
      await arriving;
    }),
    { numRuns: 200 },
  );
});
