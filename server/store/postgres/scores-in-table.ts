/**
 * The active round's scores left in their table (issue #31, seventeenth session): a process starts
 * without them, and holds them only once something reads them all (`stage`, then `install`: a
 * summary, Tiến độ, the list of rounds; `Store.readWithScores`). Until then a batch reads the scores it looks up (its
 * locks name them: `addReadLocks`) once it holds their locks, and they are lent to it alone
 * (`lendLookedUp`, `StoreState.forgetLent` after the batch). At a nation's size the 306,000 scores
 * were two thirds of a process's start (2.9–3.8 s against 1.0–1.3 s without them, alternated) and 97 MB of
 * what it held (`bench/postgres-scale`).
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { Change } from '../changes';
import { emptyData, roundOrThrow, StoreState } from '../state';
import { checkout } from './connection';
import { LOOKED_UP_SCORES_SQL, SCORES_PAGE_SQL, SCORES_WRITTEN_SINCE_SQL, scoresPageFrom, SNAPSHOT_SQL, visibleIn } from './committed';
import type { LockSet } from './locks';

/** Scores read at a time when a round's are read whole to be held. */
const SCORES_A_FETCH = 1_000;

/** A round's scores read whole into a state of their own (`stage`), with the snapshot they were read in, to be held (`install`). */
export interface StagedScores {
  roundId: string;
  state: StoreState;
  snapshot: string;
}


export class ScoresInTable {
  /** Per round whose scores were read whole to be held, the snapshot they were read in: a look passes over the score rows it saw. */
  private readonly readAt = new Map<string, string>();
  /** The reads under way, by round: requests asking at once share one. */
  private readonly staging = new Map<string, Promise<StagedScores>>();

  constructor(
    private readonly state: StoreState,
    private readonly pool: Pool,
  ) {}

  /**
   * Whether a look's row is passed over: a score of a round whose scores are not held (they are
   * read whole, this one with them, when something asks), or one the read that made them held saw already.
   */
  passedOver(change: Change, xid: bigint): boolean {
    if (change.kind !== 'score') return false;
    if (this.state.scoresUnheld(change.roundId)) return true;
    const readAt = this.readAt.get(change.roundId);
    return readAt !== undefined && visibleIn(readAt, xid);
  }

  /**
   * Reads round `roundId`'s scores whole, in one snapshot, a page at a time, each recurring text held
   * once, into a state of their own: not between batches, so that other requests go on meanwhile (a
   * nation's 306,000 take 2.4 s; read inside the store's turn, every request waited for them: 1.7 s
   * before the first Tiến độ was answered). Callers asking at once share one read. On a connection of its own.
   */
  stage(roundId: string): Promise<StagedScores> {
    let staging = this.staging.get(roundId);
    if (!staging) {
      staging = this.readWhole(roundId).finally(() => this.staging.delete(roundId));
      this.staging.set(roundId, staging);
    }
    return staging;
  }

  private async readWhole(roundId: string): Promise<StagedScores> {
    const staged = new StoreState(emptyData(roundOrThrow(this.state.data, roundId).round));
    const client = await checkout(this.pool);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ snapshot: string }>(SNAPSHOT_SQL);
      const texts = new Map<string, string>();
      for (let after: string | undefined = '0'; after !== undefined; ) {
        const page: QueryResult<unknown[]> = await client.query<unknown[]>({ text: SCORES_PAGE_SQL(false), values: [roundId, after, SCORES_A_FETCH], rowMode: 'array' });
        const { scores, last } = scoresPageFrom(page.rows, texts);
        staged.lendScores(roundId, scores);
        after = page.rows.length < SCORES_A_FETCH ? undefined : last;
      }
      await client.query('COMMIT');
      return { roundId, state: staged, snapshot: (rows[0] as { snapshot: string }).snapshot };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Holds the scores `stage` read, with those written since their snapshot by any process (this one
   * too: its own commits never come back in a look), read in a snapshot of their own, which the next
   * looks pass over. Between batches (the store's turn): a short query, not the whole read.
   */
  async install(staged: StagedScores): Promise<void> {
    if (!this.state.scoresUnheld(staged.roundId)) return;
    const client = await checkout(this.pool);
    let snapshot: string;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ snapshot: string }>(SNAPSHOT_SQL);
      snapshot = (rows[0] as { snapshot: string }).snapshot;
      const since = await client.query<unknown[]>({ text: SCORES_WRITTEN_SINCE_SQL, values: [staged.roundId, staged.snapshot], rowMode: 'array' });
      await client.query('COMMIT');
      staged.state.lendScores(staged.roundId, scoresPageFrom(since.rows).scores);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    this.state.forgetLent(staged.roundId);
    this.state.takeScores(staged.roundId, staged.state);
    this.readAt.set(staged.roundId, snapshot);
  }

  /** Reads round `roundId`'s scores whole and holds them, now: inside a batch (an activation keeps the round it swaps out with its scores). */
  async hold(roundId: string): Promise<void> {
    if (this.state.scoresUnheld(roundId)) await this.install(await this.stage(roundId));
  }

  /** The scores a batch looked up (its locks name them) of rounds whose scores are not held: read under those locks, lent to the batch. */
  async lendLookedUp(client: PoolClient, locks: LockSet): Promise<void> {
    const rounds = new Map<string, { entries: string[]; reviewers: string[]; units: string[] }>();
    const of = (roundId: string) => rounds.get(roundId) ?? rounds.set(roundId, { entries: [], reviewers: [], units: [] }).get(roundId)!;
    for (const [roundId, entryId, reviewerId] of locks.scores.values()) {
      if (!this.state.scoresUnheld(roundId)) continue;
      of(roundId).entries.push(entryId);
      of(roundId).reviewers.push(reviewerId);
    }
    for (const [roundId, unit] of locks.units.values()) if (this.state.scoresUnheld(roundId)) of(roundId).units.push(unit);
    for (const [roundId, asked] of rounds) {
      const { rows } = await client.query<unknown[]>({ text: LOOKED_UP_SCORES_SQL, values: [roundId, asked.entries, asked.reviewers, asked.units], rowMode: 'array' });
      this.state.lendScores(roundId, scoresPageFrom(rows).scores);
    }
  }
}
