/**
 * Tiến độ kept between the pages the secretariat turns (server/progress.ts works it out): served as
 * it is until what it is made of changes, and after scores alone changed, brought up to date by
 * counting in those scores, not every score of the round again (at a nation's size the page after
 * a score took 141–182 ms, the main thread held the whole time; counted in, 16–28 ms: README).
 * Worked out from nothing, it is worked out in steps, other requests answered between them.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { countScoresSince, progressBasis, progressFrom, progressSteps, type ProgressBasis, type RoundProgress } from './progress';
import { liveReviewers, type RoundData } from './rounds';
import type { Data, Store } from './store';

interface Kept {
  /** The store's version of the round's own content (settings, reports, scores), its refusals (a new list at each) and its live reviewers, as progress was last worked out. */
  version: string;
  refusals: object;
  reviewers: string;
  basis: ProgressBasis;
  progress: RoundProgress;
}

/** The live reviewers as progress names them and decides who may score what: a change of any means a new basis. */
function reviewersKey(data: Readonly<Data>): string {
  return liveReviewers(data)
    .map((a) => `${a.id}\u0000${a.name}\u0000${a.unitId ?? ''}\u0000${a.unit ?? ''}`)
    .join('\u0001');
}

/** The data a request asks progress of, read from the store (again after each step: what was read is used before the next `await`). */
export type ProgressRead = () => Promise<{ data: Readonly<Data>; round: RoundData }>;

/** Steps worked out before progress is worked out in one go (a round changing under every one of them, say by a report each time). */
const TRIES_IN_STEPS = 2;

/** A few rounds are kept (the active one and the earlier years being looked at), the latest asked for first. */
export function progressCache(store: Pick<Store, 'ownContentVersion'>, rounds = 3) {
  const kept = new Map<string, Kept>();
  const keep = (id: string, next: Kept): RoundProgress => {
    kept.delete(id);
    kept.set(id, next);
    for (const old of kept.keys()) if (kept.size > rounds) kept.delete(old);
    return next.progress;
  };
  return async (read: ProgressRead): Promise<RoundProgress> => {
    for (let tries = 0; ; tries++) {
      const { data, round } = await read();
      const id = round.round.id;
      const now = { version: store.ownContentVersion(id), refusals: round.refusals, reviewers: reviewersKey(data) };
      const held = kept.get(id);
      if (held && held.version === now.version && held.refusals === now.refusals && held.reviewers === now.reviewers) return keep(id, held);
      if (held && held.reviewers === now.reviewers && (held.version === now.version || countScoresSince(held.basis, round))) return keep(id, { ...now, basis: held.basis, progress: progressFrom(held.basis, round) });
      if (tries >= TRIES_IN_STEPS) {
        const basis = progressBasis(data, round);
        return keep(id, { ...now, basis, progress: progressFrom(basis, round) });
      }
      // From nothing: 60–80 ms at a nation's size, which another user's request waited for whole. In steps, then kept
      // only if the round is as it was but for scores added since (counted in now), and its reviewers the same: the
      // same answer as worked out in one go now. Otherwise once more, from what the store holds then.
      const steps = progressSteps(data, round);
      let step = steps.next();
      while (!step.done) {
        await nextTurn();
        step = steps.next();
      }
      const basis = step.value;
      const after = await read();
      if (after.round.round.id === id && reviewersKey(after.data) === now.reviewers && countScoresSince(basis, after.round)) {
        return keep(id, { version: store.ownContentVersion(id), refusals: after.round.refusals, reviewers: now.reviewers, basis, progress: progressFrom(basis, after.round) });
      }
    }
  };
}
