/**
 * The rounds kept from earlier years, left in their tables (issue #31): a process holds their
 * settings only, reads a round's reports, scores, refusals and extensions the first time something
 * needs them, and holds it from then on. Each kept round remembers the snapshot its rows were read
 * in (not read yet: the start's, whose rows reading it will find), and a look passes over the rows
 * that snapshot saw (`visibleIn`): none is applied twice, and a row it did not see makes the round
 * read first. At a nation's size two earlier years were 77 MB of a store's 228 MB live
 * (bench/postgres-scale).
 */
import type { Pool, PoolClient } from 'pg';
import { StoreReadError, type UnheldReports } from '../contract';
import { openPool, postgresProblem } from './connection';
import { changeSchema, type Change } from '../changes';
import type { Submission } from '../schema';
import type { StoreState } from '../state';
import { committedSince, reportsFrom, ROUND_REPORTS_SQL, ROUND_ROWS_SQL, visibleIn, type Committed } from './committed';

export class KeptInTables {
  /** Kept rounds whose data is still only in the database. */
  private readonly unheld = new Set<string>();
  /** Per kept round, the snapshot its rows were read in (not read: the start's). */
  private readonly readAt = new Map<string, string>();

  constructor(private readonly state: StoreState) {}

  /** Kept round `id` stays in its tables; `snapshot` is the start's, `counts` what the list of rounds shows of it. */
  leave(id: string, counts: { reports: number; scores: number }, snapshot: string): void {
    this.state.unhold(id, counts);
    this.unheld.add(id);
    this.readAt.set(id, snapshot);
  }

  /** The kept rounds whose data this process does not hold. */
  get unread(): string[] {
    return [...this.unheld];
  }

  isUnread(id: string): boolean {
    return this.unheld.has(id);
  }

  /** Whether a kept round's row was in the snapshot its data was read in, or will be read in (not read yet): it is passed over. */
  readBefore(change: Change, xid: bigint): boolean {
    const snapshot = 'roundId' in change ? this.readAt.get(change.roundId) : undefined;
    return snapshot !== undefined && visibleIn(snapshot, xid);
  }

  /**
   * Reads the kept rounds a look's rows (`rows`, those not applied yet) need before they are
   * applied: the round now active, and one with rows its snapshot did not see (brought back,
   * written, and kept again by another process).
   */
  async readFor(db: Pool | PoolClient, committed: Committed, rows: Committed['changes']): Promise<void> {
    const wanted = new Set<string>();
    if (this.unheld.has(committed.activeRound)) wanted.add(committed.activeRound);
    for (const { change, xid } of rows) if ('roundId' in change && this.unheld.has(change.roundId) && !this.readBefore(change, xid)) wanted.add(change.roundId);
    for (const id of wanted) await this.read(db, id);
  }

  /** Reads kept round `id`'s rows (checked, as every row read back is) and holds its data from now on. */
  async read(db: Pool | PoolClient, id: string): Promise<void> {
    const read = await committedSince(db, { text: ROUND_ROWS_SQL, values: [id] });
    const changes = read.changes.map((row) => changeSchema.parse(row.change));
    this.state.hold(id, changes);
    this.unheld.delete(id);
    this.readAt.set(id, read.snapshot);
  }
}

/**
 * The reports of a kept round left in its table (`Store.unheldReportsAt`), read on a connection of
 * their own and not kept: the summary worker reads them so, as it reads a kept round's file.
 */
export async function readUnheldReports(at: UnheldReports): Promise<Submission[]> {
  // A pool of one, as the store's: its connection timeout, and a connection that dies fails the query, not the thread.
  const pool = openPool(at.database, 1);
  try {
    const { rows } = await pool.query<{ row: Record<string, unknown> }>(ROUND_REPORTS_SQL, [at.roundId]);
    return reportsFrom(rows).map((change) => (changeSchema.parse(change) as Extract<Change, { kind: 'submission' }>).submission);
  } catch (error) {
    throw new StoreReadError(`Không đọc được báo cáo của đợt ${at.roundId}: ${postgresProblem(error)}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
