/**
 * What one process has seen of the database's commits, so that each look reads only what it has
 * not (./committed.ts): every transaction numbered below the horizon had finished at its last look
 * (that snapshot's xmin); from the horizon on, it remembers which transactions' rows it holds. And
 * the database's snapshot at its last look, while nothing has been committed since but what it
 * holds: a read whose snapshot is still that one needs no look at all.
 */
import { committedSql, onlyThisBetween, type Committed } from './committed';

/**
 * A look names at most this many transactions as held. A transaction left open on the database (a
 * psql session) holds the horizon back, and the list would grow with every commit after it; past
 * this many, the older ones' rows come back and are passed over (`unheld`).
 */
const NAMED_AT_MOST = 1000;

export class SeenCommits {
  private horizon = 0n;
  /** Transactions from the horizon on whose rows the process holds (its own among them). */
  private readonly held = new Set<bigint>();
  /** The snapshot of the last look (`pg_current_snapshot()`), while it still says everything; null when that is not known. */
  private snapshot: string | null = null;
  /** Whether the last look found nothing from other processes: only then is the snapshot worth asking first (while they write, it always differs). */
  private quiet = true;

  /** The statement of the next look (with `activeOnly`, a process starting: committedSql). */
  lookSql(activeOnly = false): string {
    const held = [...this.held];
    return committedSql(this.horizon, held.length <= NAMED_AT_MOST ? held : held.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, NAMED_AT_MOST), activeOnly);
  }

  /** The snapshot to compare a read's with before looking, or null when a look is needed anyway. */
  get unchangedIf(): string | null {
    return this.quiet ? this.snapshot : null;
  }

  /** The rows of a look whose transactions are not held yet. */
  unheld(committed: Committed): Committed['changes'] {
    return committed.changes.filter((row) => !this.held.has(row.xid));
  }

  /** The look's rows `applied` (its `unheld` ones) are held now: the horizon and the snapshot move to the look's. */
  hold(committed: Committed, applied: Committed['changes']): void {
    for (const { xid } of applied) this.held.add(xid);
    this.quiet = applied.length === 0;
    if (committed.horizon > this.horizon) this.horizon = committed.horizon;
    this.snapshot = committed.snapshot;
    for (const xid of this.held) if (xid < this.horizon) this.held.delete(xid);
  }

  /** Whether a commit of this process went through is not known: the next read looks. */
  unsure(): void {
    this.snapshot = null;
  }

  /** A commit of this process is under way: the snapshot it began after, and until it ends, none to trust. */
  committing(): string | null {
    const before = this.snapshot;
    this.unsure();
    return before;
  }

  /**
   * This process committed transaction `xid`, which began after the snapshot `before` and ended
   * before `after`: its rows are held, and `after` says everything if no other transaction began
   * or ended meanwhile.
   */
  committed(xid: bigint, before: string | null, after: string | undefined): void {
    this.held.add(xid);
    if (before !== null && after !== undefined && onlyThisBetween(before, xid, after)) this.snapshot = after;
  }
}
