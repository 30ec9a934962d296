/**
 * The active round's scores left in their table (issue #31, seventeenth session): a process starts
 * without them, and holds them only once something reads them all (`hold`: a summary, Tiến độ, the
 * list of rounds; `Store.readWithScores`). Until then a batch reads the scores it looks up (its
 * locks name them: `addReadLocks`) once it holds their locks, and they are lent to it alone
 * (`lendLookedUp`, `StoreState.forgetLent` after the batch). At a nation's size the 306,000 scores
 * were two thirds of a process's start (2.9–3.8 s against 1.0–1.3 s without them, alternated) and 97 MB of
 * what it held (`bench/postgres-scale`).
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { Change } from '../changes';
import type { StoreState } from '../state';
import { checkout } from './connection';
import { LOOKED_UP_SCORES_SQL, SCORES_PAGE_SQL, scoresPageFrom, SNAPSHOT_SQL, visibleIn } from './committed';
import type { LockSet } from './locks';

/** Scores read at a time when a round's are read whole to be held. */
const SCORES_A_FETCH = 10_000;

export class ScoresInTable {
  /** Per round whose scores were read whole to be held, the snapshot they were read in: a look passes over the score rows it saw. */
  private readonly readAt = new Map<string, string>();

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
   * Reads round `roundId`'s scores whole, in one snapshot, a page at a time, each recurring text
   * held once, and holds them from now on. On a connection of its own, so that a batch holding its
   * locks can ask for it (an activation: the round it swaps out keeps its scores).
   */
  async hold(roundId: string): Promise<void> {
    if (!this.state.scoresUnheld(roundId)) return;
    const client = await checkout(this.pool);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ snapshot: string }>(SNAPSHOT_SQL);
      this.state.forgetLent(roundId);
      const texts = new Map<string, string>();
      for (let after: string | undefined = '0'; after !== undefined; ) {
        const page: QueryResult<unknown[]> = await client.query<unknown[]>({ text: SCORES_PAGE_SQL(false), values: [roundId, after, SCORES_A_FETCH], rowMode: 'array' });
        const { scores, last } = scoresPageFrom(page.rows, texts);
        this.state.lendScores(roundId, scores);
        after = page.rows.length < SCORES_A_FETCH ? undefined : last;
      }
      await client.query('COMMIT');
      this.state.keepLent(roundId);
      this.readAt.set(roundId, (rows[0] as { snapshot: string }).snapshot);
    } catch (error) {
      this.state.forgetLent(roundId);
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
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
