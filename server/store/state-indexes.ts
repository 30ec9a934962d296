/**
 * The lookup indexes StoreState keeps beside its data (./state.ts): they hold the same objects as
 * the data, so a score or an entry is found without scanning a round's 306,000 scores or every
 * report, and they never disagree with it.
 */
import type { Score, Submission } from './schema';

/** A round's reports by unit (the latest version) and the unit each entry id belongs to. */
export interface EntryIndex {
  latest: Map<string, Submission>;
  unitOf: Map<string, string>;
}

/** Scores by entry, then by reviewer. */
export class ScoreIndex {
  private byEntry = new Map<string, Map<string, Score>>();

  get(entryId: string, reviewerId: string): Score | undefined {
    return this.byEntry.get(entryId)?.get(reviewerId);
  }

  set(score: Score): void {
    const reviewers = this.byEntry.get(score.entryId);
    if (reviewers) reviewers.set(score.reviewerId, score);
    else this.byEntry.set(score.entryId, new Map([[score.reviewerId, score]]));
  }

  delete(entryId: string, reviewerId: string): void {
    this.byEntry.get(entryId)?.delete(reviewerId);
  }
}

export function addToSet<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}

export function moveInSet<T>(index: Map<string, Set<T>>, value: T, from: string, to: string): void {
  if (from === to) return;
  index.get(from)?.delete(value);
  addToSet(index, to, value);
}

/** Adds a report to its round's entry index: the unit's latest version, and which unit each entry is. */
export function indexSubmission(index: EntryIndex, submission: Submission): void {
  const seen = index.latest.get(submission.unit);
  if (!seen || submission.version > seen.version) index.latest.set(submission.unit, submission);
  for (const e of submission.entries) index.unitOf.set(e.id, submission.unit);
}
