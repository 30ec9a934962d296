/**
 * Tiến độ kept between the pages the secretariat turns (server/progress.ts works it out): served as
 * it is until what it is made of changes, and after scores alone changed, brought up to date by
 * counting in those scores, not every score of the round again (at a nation's size the page after
 * a score took 141–182 ms, the main thread held the whole time; counted in, 16–28 ms: README).
 */
import { countScoresSince, progressBasis, progressFrom, type ProgressBasis, type RoundProgress } from './progress';
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

/** A few rounds are kept (the active one and the earlier years being looked at), the latest asked for first. */
export function progressCache(store: Pick<Store, 'ownContentVersion'>, rounds = 3) {
  const kept = new Map<string, Kept>();
  return (data: Readonly<Data>, round: RoundData): RoundProgress => {
    const id = round.round.id;
    const now = { version: store.ownContentVersion(id), refusals: round.refusals, reviewers: reviewersKey(data) };
    const held = kept.get(id);
    kept.delete(id);
    let next: Kept;
    if (held && held.version === now.version && held.refusals === now.refusals && held.reviewers === now.reviewers) next = held;
    else if (held && held.reviewers === now.reviewers && (held.version === now.version || countScoresSince(held.basis, round))) next = { ...now, basis: held.basis, progress: progressFrom(held.basis, round) };
    else {
      const basis = progressBasis(data, round);
      next = { ...now, basis, progress: progressFrom(basis, round) };
    }
    kept.set(id, next);
    for (const old of kept.keys()) if (kept.size > rounds) kept.delete(old);
    return next.progress;
  };
}
