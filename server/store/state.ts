/**
 * The state a store holds, and the one place a change touches it: `StoreState.apply` applies a
 * change (./changes.ts) and gives back how to undo it, so a change that fails (a refused request,
 * a disk that is full) is taken back record by record; the indexes the writes' rules look up are
 * kept with it.
 */
import { nullRecord } from '../../core/records';
import type { Round } from '../../core/rounds/round';
import { unitNamed } from '../../core/rounds/units';
import type { Change } from './changes';
import { keptFileOf, keptRoundFromFile, unheldKeptRound } from './kept-rounds';
import type { KeptRoundFile } from './snapshot-format';
import { addToSet, indexSubmission, moveInSet, ScoreIndex, type EntryIndex } from './state-indexes';
import type { ArchivedRound, Data, IdempotencyRecord, Score, Submission } from './schema';

type Undo = () => void;

/** The data of round `id`: the active round's lives at the top of `data`, the others in `rounds`. */
export function roundDataOf(data: Data, id: string): ArchivedRound | undefined {
  if (data.round.id === id) return data;
  return data.rounds.find((r) => r.round.id === id);
}

export function roundOrThrow(data: Data, id: string): ArchivedRound {
  const found = roundDataOf(data, id);
  if (!found) throw new Error(`no round ${id}`);
  return found;
}

/** Replaces `target`'s fields with `source`'s (keeping the object, which indexes and answers refer to). */
function overwrite<T extends object>(target: T, source: T): void {
  for (const key of Object.keys(target)) if (!(key in source)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, source);
}

function removeItem<T>(list: T[], item: T): void {
  const at = list.lastIndexOf(item);
  if (at >= 0) list.splice(at, 1);
}

/** Puts `record` in `list` (replacing `existing` in place, or added); gives back how to undo it. */
function upsert<T extends object>(list: T[], existing: T | undefined, record: T, onAdd?: (added: T) => void, onRemove?: () => void): Undo {
  if (existing) {
    const before = { ...existing };
    overwrite(existing, { ...record });
    return () => overwrite(existing, before);
  }
  const added = { ...record };
  list.push(added);
  onAdd?.(added);
  return () => {
    removeItem(list, added);
    onRemove?.();
  };
}


/**
 * The state with its lookup indexes: per round, scores by (entry, reviewer) and by unit, and the
 * latest report of each unit with the unit of each entry; idempotency records by (account, key).
 * Indexes hold the same objects as `data`, so they never disagree.
 */
export class StoreState {
  /** Per round, scores by entry, then by reviewer: no key string made per score (306,000 of them at a nation's size, built at every start). */
  private scoreIndexes = new Map<string, ScoreIndex>();
  /** Per round, each unit's scores: a report marks its unit's scores stale without going through a nation's 306,000. */
  private unitScoreIndexes = new Map<string, Map<string, Set<Score>>>();
  /** Per round, built on first use and kept with each submission: a score finds its entry without scanning every report. */
  private entryIndexes = new Map<string, EntryIndex>();
  private idempotencyIndex: Map<string, IdempotencyRecord> | null = null;
  /**
   * Rounds whose scores are not held (the PostgreSQL store's active round, until something reads
   * them all: ScoresInTable.hold): their list holds only the scores lent to the batch running (`lendScores`).
   */
  private readonly scoresLeft = new Set<string>();
  /** Changes that reached a kept round's data (or swapped the active round) since the state was made. */
  keptChanges = 0;

  constructor(public data: Data) {
    this.warm(data.round.id);
  }

  private scoreIndex(roundId: string): ScoreIndex {
    let index = this.scoreIndexes.get(roundId);
    if (!index) {
      index = new ScoreIndex();
      for (const s of roundDataOf(this.data, roundId)?.scores ?? []) index.set(s);
      this.scoreIndexes.set(roundId, index);
    }
    return index;
  }

  /**
   * Builds round `roundId`'s lookup indexes now: the active round's as the state is made (a store
   * opening) and as a round is activated. Built by the first write instead, a nation's 306,000
   * scores held that write, and every request behind it, half a second.
   */
  private warm(roundId: string): void {
    this.scoreIndex(roundId);
    this.entryIndex(roundId);
    this.unitScoreIndex(roundId);
  }

  private unitScoreIndex(roundId: string): Map<string, Set<Score>> {
    let index = this.unitScoreIndexes.get(roundId);
    if (!index) {
      index = new Map();
      for (const score of roundDataOf(this.data, roundId)?.scores ?? []) addToSet(index, score.unit, score);
      this.unitScoreIndexes.set(roundId, index);
    }
    return index;
  }

  /** The scores of unit `unit`'s entries in round `roundId` (a copy: the caller may change them as it goes). */
  scoresOfUnit(roundId: string, unit: string): Score[] {
    return [...(this.unitScoreIndex(roundId).get(unit) ?? [])];
  }

  score(roundId: string, entryId: string, reviewerId: string): Score | undefined {
    return this.scoreIndex(roundId).get(entryId, reviewerId);
  }

  private entryIndex(roundId: string): EntryIndex {
    let index = this.entryIndexes.get(roundId);
    if (!index) {
      index = { latest: new Map(), unitOf: new Map() };
      for (const s of roundDataOf(this.data, roundId)?.submissions ?? []) indexSubmission(index, s);
      this.entryIndexes.set(roundId, index);
    }
    return index;
  }

  /**
   * Entry `entryId` of a unit's latest report in round `roundId` (a unit the round still expects),
   * with its unit; undefined for an entry withdrawn by a later version or unknown.
   */
  entry(roundId: string, entryId: string): { unit: string; entry: Submission['entries'][number] } | undefined {
    const index = this.entryIndex(roundId);
    const unit = index.unitOf.get(entryId);
    const submission = unit === undefined ? undefined : index.latest.get(unit);
    const round = roundDataOf(this.data, roundId)?.round;
    if (!submission || !round || !unitNamed(round, submission.unit)) return undefined;
    const entry = submission.entries.find((e) => e.id === entryId);
    return entry ? { unit: submission.unit, entry } : undefined;
  }

  /**
   * Lets go of the Idempotency-Key answers and audit records applied so far: the PostgreSQL store,
   * once a batch is over, holds none (they are asked of their tables). `known`, the answers looked
   * up for the next batch (those of the keys it locked), are found by `idempotency` until then.
   */
  forgetHistory(known: ReadonlyArray<IdempotencyRecord> = []): void {
    this.foldHistory(this.data.audit.length, this.data.idempotency.length);
    this.idempotencyIndex = new Map(known.map((r) => [`${r.accountId}\u0000${r.key}`, r]));
  }

  /** Answers no longer held (lowdb: those a compaction put in a history file), asked when one is not found here. */
  olderAnswer: ((accountId: string, key: string) => IdempotencyRecord | undefined) | null = null;

  idempotency(accountId: string, key: string): IdempotencyRecord | undefined {
    this.idempotencyIndex ??= new Map(this.data.idempotency.map((r) => [`${r.accountId}\u0000${r.key}`, r]));
    return this.idempotencyIndex.get(`${accountId}\u0000${key}`) ?? this.olderAnswer?.(accountId, key);
  }

  /** Lets go of the first `audit` audit records and `answers` answers (lowdb: a compaction put them in a file, which `olderAnswer` now reads). */
  foldHistory(audit: number, answers: number): void {
    this.data.audit.splice(0, audit);
    this.data.idempotency.splice(0, answers);
    this.idempotencyIndex = null;
  }

  /** Round `roundId`'s scores are not held from now on: its list is emptied, to hold only what a batch is lent. */
  leaveScores(roundId: string): void {
    this.scoresLeft.add(roundId);
    this.forgetLent(roundId);
  }

  /** Whether round `roundId`'s scores are left in their table (`leaveScores`). */
  scoresUnheld(roundId: string): boolean {
    return this.scoresLeft.has(roundId);
  }

  /** Scores of a round whose scores are not held, read for a batch: found by `score` and `scoresOfUnit` until `forgetLent`. */
  lendScores(roundId: string, scores: ReadonlyArray<Score>): void {
    for (const score of scores) this.apply({ kind: 'score', roundId, score });
  }

  /** Lets go of what was lent to a batch (and what it wrote) of the rounds whose scores are not held. */
  forgetLent(roundId?: string): void {
    for (const id of roundId === undefined ? this.scoresLeft : [roundId]) {
      const round = roundDataOf(this.data, id);
      if (!round || round.scores.length === 0) continue;
      round.scores.length = 0;
      this.scoreIndexes.delete(id);
      this.unitScoreIndexes.delete(id);
    }
  }

  /**
   * Round `roundId`'s scores as `staged` holds them, with their indexes, are held from now on:
   * every one of them, read into a state of their own (ScoresInTable.stage, a page at a time,
   * others served between pages) and put here at once, between batches.
   */
  takeScores(roundId: string, staged: StoreState): void {
    const round = roundOrThrow(this.data, roundId);
    round.scores = roundOrThrow(staged.data, roundId).scores;
    this.scoreIndexes.set(roundId, staged.scoreIndex(roundId));
    this.unitScoreIndexes.set(roundId, staged.unitScoreIndex(roundId));
    this.scoresLeft.delete(roundId);
  }

  /** Applies `change` and gives back how to undo it. Throws, changing nothing, when it names no round. */
  apply(change: Change): Undo {
    const data = this.data;
    if ('roundId' in change && change.roundId !== data.round.id) this.keptChanges++;
    switch (change.kind) {
      case 'round': {
        const existing = roundDataOf(data, change.round.id);
        if (!existing) {
          const added: ArchivedRound = { round: change.round, submissions: [], scores: [], extensions: nullRecord(), refusals: [] };
          data.rounds.push(added);
          return () => removeItem(data.rounds, added);
        }
        const before = existing.round;
        existing.round = change.round;
        return () => {
          existing.round = before;
        };
      }
      case 'activate': {
        const before = data.round.id;
        this.activate(change.roundId);
        return () => this.activate(before);
      }
      case 'submission': {
        const target = roundOrThrow(data, change.roundId);
        target.submissions.push(change.submission);
        const index = this.entryIndexes.get(change.roundId);
        if (index) indexSubmission(index, change.submission);
        return () => {
          removeItem(target.submissions, change.submission);
          this.entryIndexes.delete(change.roundId); // rebuilt on next use
        };
      }
      case 'score': {
        const target = roundOrThrow(data, change.roundId);
        const index = this.scoreIndex(change.roundId);
        const byUnit = this.unitScoreIndex(change.roundId);
        const { entryId, reviewerId } = change.score;
        const existing = index.get(entryId, reviewerId);
        if (existing) {
          // Replaced in place: the same object, perhaps under another unit.
          const unitBefore = existing.unit;
          const undo = upsert(target.scores, existing, change.score);
          moveInSet(byUnit, existing, unitBefore, existing.unit);
          return () => {
            undo();
            moveInSet(byUnit, existing, change.score.unit, unitBefore);
          };
        }
        let added: Score | undefined;
        return upsert(
          target.scores,
          undefined,
          change.score,
          (score) => {
            added = score;
            index.set(score);
            addToSet(byUnit, score.unit, score);
          },
          () => {
            index.delete(entryId, reviewerId);
            if (added) byUnit.get(added.unit)?.delete(added);
          },
        );
      }
      case 'refusal': {
        const target = roundOrThrow(data, change.roundId);
        const before = target.refusals;
        target.refusals = [...before.filter((r) => r.unit !== change.refusal.unit), change.refusal];
        return () => {
          target.refusals = before;
        };
      }
      case 'extension': {
        const target = roundOrThrow(data, change.roundId);
        const had = Object.hasOwn(target.extensions, change.unit);
        const before = target.extensions[change.unit];
        target.extensions[change.unit] = change.until;
        return () => {
          if (had) target.extensions[change.unit] = before as string;
          else delete target.extensions[change.unit];
        };
      }
      case 'account':
        return upsert(data.accounts, data.accounts.find((a) => a.id === change.account.id), change.account);
      case 'idempotency': {
        const record = change.record;
        const key = `${record.accountId}\u0000${record.key}`;
        data.idempotency.push(record);
        this.idempotencyIndex?.set(key, record);
        return () => {
          removeItem(data.idempotency, record);
          // Only this key: the index may hold answers looked up for a batch that are not in the list (forgetHistory).
          this.idempotencyIndex?.delete(key);
        };
      }
      case 'audit': {
        data.audit.push(change.record);
        return () => removeItem(data.audit, change.record);
      }
    }
  }

  /**
   * Kept rounds whose data a snapshot has just put in files (`files`, by round) stand for those
   * files from now on, their data let go: a running server does not hold last year until it
   * restarts. Only when no change reached a kept round's data since the snapshot's state
   * (`changesAtSnapshot`), and only between batches (an undo must find the objects it changed).
   */
  keepOnDisk(folder: string, files: ReadonlyArray<KeptRoundFile>, changesAtSnapshot: number): number {
    if (this.keptChanges !== changesAtSnapshot) return 0;
    const byRound = new Map(files.map((f) => [f.roundId, f.file]));
    let kept = 0;
    this.data.rounds.forEach((r, i) => {
      const file = byRound.get(r.round.id);
      if (!file || keptFileOf(r)) return;
      this.data.rounds[i] = keptRoundFromFile(folder, r.round, file);
      this.dropIndexes(r.round.id);
      kept++;
    });
    return kept;
  }

  /** A round's indexes held the objects let go or replaced: built again if ever asked for. */
  private dropIndexes(roundId: string): void {
    for (const indexes of [this.scoreIndexes, this.unitScoreIndexes, this.entryIndexes] as Array<Map<string, unknown>>) indexes.delete(roundId);
  }

  private keptAt(roundId: string): number {
    const at = this.data.rounds.findIndex((r) => r.round.id === roundId);
    if (at < 0) throw new Error(`no kept round ${roundId}`);
    return at;
  }

  /** Kept round `roundId` is its settings only from now on (PostgreSQL: its data stays in its tables until asked for). */
  unhold(roundId: string, counts: { reports: number; scores: number }): void {
    const at = this.keptAt(roundId);
    this.data.rounds[at] = unheldKeptRound((this.data.rounds[at] as ArchivedRound).round, counts);
    this.dropIndexes(roundId);
  }

  /** Kept round `roundId`'s data, read from where it was kept (its reports, scores, refusals and extensions as `changes`), held from now on. */
  hold(roundId: string, changes: ReadonlyArray<Change>): void {
    const at = this.keptAt(roundId);
    this.data.rounds[at] = { round: (this.data.rounds[at] as ArchivedRound).round, submissions: [], scores: [], extensions: nullRecord(), refusals: [] };
    this.dropIndexes(roundId);
    for (const change of changes) this.apply(change);
  }

  /** Makes round `id` the active one; the one active until now is kept with all its data. */
  private activate(id: string): void {
    const data = this.data;
    if (id === data.round.id) return;
    const at = data.rounds.findIndex((r) => r.round.id === id);
    if (at < 0) throw new Error(`no round ${id}`);
    const kept = data.rounds[at] as ArchivedRound;
    // Every field read before anything changes: a kept round's data may be in a file that cannot be read.
    const next: ArchivedRound = { round: kept.round, submissions: kept.submissions, scores: kept.scores, extensions: kept.extensions, refusals: kept.refusals };
    const { round, submissions, scores, extensions, refusals } = data;
    data.rounds.splice(at, 1, { round, submissions, scores, extensions, refusals });
    Object.assign(data, next);
    this.warm(id);
  }
}

/** A new folder's state: one round, nothing sent yet. */
export function emptyData(round: Round): Data {
  return { format: 2, round, submissions: [], scores: [], extensions: nullRecord(), refusals: [], rounds: [], accounts: [], idempotency: [], audit: [] };
}
