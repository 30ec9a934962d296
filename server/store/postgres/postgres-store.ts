/**
 * The PostgreSQL store, for deployments that run several server processes on one database.
 *
 * Each process holds the state in memory, as the lowdb store does, and runs the routes' changes
 * against it through the same transaction (`RecordingTx`); the database is where they commit and
 * how the processes agree. A batch of changes commits in one SQL transaction that first takes the
 * locks of what it writes and of what its rules read (./locks.ts: a score's entry, its unit's
 * reports, its round's settings), then reads what others committed that this process has not
 * seen (./committed.ts), applies that, and only then runs its own changes: a commit that holds a
 * lock this one needs has finished before that read, so every rule is checked on the state the
 * write commits to (no lost update; an Idempotency-Key used on another process is found), while
 * writes that share no lock commit side by side, on one process or several. A change whose run
 * writes more than the batch locked is taken back and run again with those locks too. A 2xx is
 * sent only after COMMIT. `read()` catches up the same way (one look, or one short query when the
 * database's snapshot says nothing has changed since: ./seen.ts), so a revocation made on one
 * process is seen by the next request on any.
 *
 * A process holds the active round's data but its scores (./scores-in-table.ts: read whole once
 * something reads them all, `readWithScores`; a write reads those it looks up inside its commit),
 * and only the settings of the rounds kept from earlier years, their data left in their tables
 * until something asks for it (./kept-in-tables.ts: `read(roundId)`, an activation; a summary
 * reads only the reports it compares with).
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryArrayConfig, QueryConfig, QueryResult } from 'pg';
import { demoRound, type Round } from '../../../core/rounds/round';
import { roundSchema } from '../../../core/rounds/round-schema';
import { changeSchema, contentTouched, contentVersionOf, ownContentVersionOf, type Change } from '../changes';
import { emptyData, StoreState } from '../state';
import { auditMatches, StoreReadError, StoreWriteError, type AuditQuery, type Store, type StoreTx, type UnheldReports } from '../contract';
import { StoreLoadError } from '../files';
import type { AuditRecord, Data, IdempotencyRecord, Score } from '../schema';
import { enqueue, readsBy, runBatch, undoBatch, type PendingChange, type RunChange } from '../transaction';
import { usingUpload } from '../uploads';
import { checkout, openPool, postgresProblem } from './connection';
import { activates, addLocks, addReadLocks, covers, emptyLocks, lockStatement, union, type LockSet } from './locks';
import { migrate } from './migrations';
import { ALL_AUDIT_SQL, ALL_IDEMPOTENCY_SQL, AUDIT_PAGE_SQL, auditFrom, committedFrom, committedSince, IDEMPOTENCY_KEYS_SQL, IDEMPOTENCY_SQL, idempotencyFrom, KEPT_COUNTS_SQL, SCORES_PAGE_SQL, scoresPageFrom, SNAPSHOT_SQL, type Committed } from './committed';
import { KeptInTables } from './kept-in-tables';
import { ScoresInTable } from './scores-in-table';
import { SeenCommits } from './seen';
import { writeChange, writeChanges } from './written';

export interface PostgresOptions {
  /** The round for a database that has none yet; defaults to the demo round. */
  round?: Round;
  now?: () => Date;
  /** Connections this process keeps open at most (default 10). */
  poolSize?: number;
}

/** A batch whose run needs locks it did not take is run again with them; this many times at most. */
const ATTEMPTS = 5;
/**
 * Changes committed together at most: each takes a few locks, and a transaction holds as many as
 * PostgreSQL's lock table lets it (max_locks_per_transaction × connections: 6,400 by default).
 */
const BATCH_AT_MOST = 500;
/** Scores read at a time for an answer (`scores`): one page's query, its own (no connection held between pages). */
const SCORES_A_PAGE = 2_000;
/** Audit records read at a time, newest first, while looking for those a query asks for. */
const AUDIT_PAGE = 1_000;
/** Deadlock and serialisation failures: the transaction is taken back whole and tried again. */
const RETRYABLE = new Set(['40P01', '40001']);

export class PostgresStore implements Store {
  private queue: PendingChange[] = [];
  /** Batches and catch-ups of this process run one at a time: the state is never read half-changed. */
  private busy: Promise<void> = Promise.resolve();
  private scheduled = false;
  /**
   * The batch waiting to run, which reads what others committed as it starts: a read that arrives
   * meanwhile waits for it rather than asking the database again (true once it has caught up).
   */
  private nextBatch: Promise<boolean> | null = null;
  /** A catch-up requested while one runs: every read that arrives meanwhile shares the next one. */
  private nextSync: Promise<void> | null = null;
  /**
   * Content versions: for each id a change touches (a round's id, `reports`), the number of the
   * last batch of changes applied here that touched it. Kept per process: it changes whenever what
   * this process holds changes, which is what the summaries it keeps are keyed by.
   */
  private readonly versions = new Map<string, number>();
  private applied = 0;
  /** How many looks at the others' commits this process has applied. */
  private catchUps = 0;
  /** What this process has seen of the database's commits. */
  private readonly seen = new SeenCommits();
  private readonly uploadsInUse = new Map<string, number>();
  /** The rounds kept from earlier years, left in their tables until asked for. */
  private readonly kept: KeptInTables;
  /** The active round's scores, left in their table until something reads them all. */
  private readonly leftScores: ScoresInTable;
  commits = 0;
  /** How many times a batch was taken back and run again (it needed locks it had not taken, or PostgreSQL chose it to end a deadlock). */
  runsAgain = 0;

  private constructor(
    private readonly url: string,
    private readonly pool: Pool,
    private readonly state: StoreState,
  ) {
    this.kept = new KeptInTables(state);
    this.leftScores = new ScoresInTable(state, pool);
  }

  /** Connects, applies the migrations, creates the first round on an empty database, loads the state. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = openPool(url, options.poolSize ?? 10);
    try {
      const client = await checkout(pool);
      try {
        await migrate(client);
        const round = roundSchema.parse(options.round ?? demoRound(options.now?.() ?? new Date()));
        await client.query('BEGIN');
        await client.query('LOCK TABLE phuluc_head IN EXCLUSIVE MODE');
        const { rowCount } = await client.query('SELECT 1 FROM phuluc_head');
        if (rowCount === 0) {
          await writeChange(client, { kind: 'round', round });
          await client.query('INSERT INTO phuluc_head (active_round) VALUES ($1)', [round.id]);
        }
        await client.query('COMMIT');
        // The start's look and the kept rounds' counts in one snapshot: every round the look leaves out is counted. The active round's
        // scores stay in their table (a nation's 306,000 were two thirds of a start, and of what a process held): a write reads those it
        // looks up, under their locks; what reads them all asks for them (`readWithScores`).
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const [looked, counted] = (await client.query([new SeenCommits().lookSql(true), KEPT_COUNTS_SQL].join('; '))) as unknown as [QueryResult, QueryResult<{ id: string; reports: number; scores: number }>];
        const committed = committedFrom(looked.rows as never);
        const first = committed.changes.map((c) => c.change).find((c): c is Extract<Change, { kind: 'round' }> => c.kind === 'round' && c.round.id === committed.activeRound);
        if (!first) throw new StoreLoadError(`Cơ sở dữ liệu không có đợt ${committed.activeRound} đang dùng.`);
        const store = new PostgresStore(url, pool, new StoreState(emptyData(roundSchema.parse(first.round))));
        store.applyCommitted(committed);
        store.state.leaveScores(committed.activeRound);
        await client.query('COMMIT');
        for (const kept of counted.rows) store.kept.leave(kept.id, { reports: kept.reports, scores: kept.scores }, committed.snapshot);
        return store;
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (error instanceof StoreLoadError) throw error;
      throw new StoreLoadError(`Không mở được cơ sở dữ liệu PostgreSQL: ${postgresProblem(error)}.`);
    }
  }

  /** Moves the versions of what a batch of changes touched. */
  private touch(ids: Iterable<string>): void {
    const version = ++this.applied;
    for (const id of ids) this.versions.set(id, version);
  }

  /**
   * Changes others committed (read back from their rows), applied to the state. All are checked
   * before any is applied: a row that fails the check leaves the state as it was, to be read again.
   */
  private applyCommitted(committed: Committed, unheld = this.seen.unheld(committed)): void {
    const checked = unheld.map((row) => ({ change: changeSchema.parse(row.change), xid: row.xid }));
    this.catchUps++;
    const touched = new Set<string>();
    for (const { change, xid } of checked) {
      for (const id of contentTouched(change)) touched.add(id);
      if (!this.kept.readBefore(change, xid) && !this.leftScores.passedOver(change, xid)) this.state.apply(change);
    }
    if (touched.size > 0) this.touch(touched);
    if (this.state.data.round.id !== committed.activeRound) this.state.apply({ kind: 'activate', roundId: committed.activeRound });
    this.seen.hold(committed, checked);
  }

  /** Whether this process holds the active round's scores (it reads them whole the first time something asks for them all). */
  get holdsActiveScores(): boolean {
    return !this.state.scoresUnheld(this.state.data.round.id);
  }

  /** The round a look makes active replaces one whose scores this process must hold first (it keeps them as that round's). */
  private async holdBeforeSwap(committed: Committed): Promise<void> {
    const active = this.state.data.round.id;
    if (committed.activeRound !== active) await this.leftScores.hold(active);
  }

  /** The kept rounds whose data this process does not hold (still only in the database). */
  get unreadRounds(): string[] {
    return this.kept.unread;
  }

  /** Runs `job` when the batch or catch-up before it is done. */
  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.busy.then(job);
    this.busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Catches up with the commits of other processes (one query, or the next batch's). */
  private sync(): Promise<void> {
    if (this.nextBatch) return this.nextBatch.then((caughtUp) => (caughtUp ? undefined : this.sync()));
    this.nextSync ??= this.exclusive(async () => {
      this.nextSync = null;
      let committed: Committed;
      let unheld: Committed['changes'];
      try {
        const unchangedIf = this.seen.unchangedIf;
        if (unchangedIf !== null) {
          const { rows } = await this.pool.query<{ snapshot: string }>({ name: 'phuluc-snapshot', text: SNAPSHOT_SQL });
          if (rows[0]?.snapshot === unchangedIf) return;
        }
        committed = await committedSince(this.pool, this.seen.lookSql());
        unheld = this.seen.unheld(committed);
        await this.kept.readFor(this.pool, committed, unheld);
        await this.holdBeforeSwap(committed);
      } catch (error) {
        throw new StoreReadError(`Không đọc được cơ sở dữ liệu: ${postgresProblem(error)}`);
      }
      this.applyCommitted(committed, unheld);
    });
    return this.nextSync;
  }

  get data(): Readonly<Data> {
    return this.state.data;
  }

  async readWithScores(roundId?: string): Promise<Readonly<Data>> {
    // The active round as last seen: one another process has swapped out since is held too, and the read below catches up.
    const id = roundId ?? this.state.data.round.id;
    if (this.state.scoresUnheld(id)) await this.holdWhileServing(id);
    return this.read(roundId);
  }

  /** Reads round `roundId`'s scores while other requests are answered, and holds them in the store's turn, with what was written meanwhile. */
  private async holdWhileServing(id: string): Promise<void> {
    try {
      const staged = await this.leftScores.stage(id);
      await this.exclusive(() => this.leftScores.install(staged));
    } catch (error) {
      throw new StoreReadError(`Không đọc được điểm của đợt ${id}: ${postgresProblem(error)}`);
    }
  }

  async read(roundId?: string): Promise<Readonly<Data>> {
    await this.sync();
    if (roundId !== undefined && this.kept.isUnread(roundId)) {
      await this.exclusive(async () => {
        if (!this.kept.isUnread(roundId)) return;
        try {
          await this.kept.read(this.pool, roundId);
        } catch (error) {
          throw new StoreReadError(`Không đọc được dữ liệu của đợt ${roundId}: ${postgresProblem(error)}`);
        }
      });
    }
    return this.state.data;
  }

  unheldReportsAt(roundId: string): UnheldReports | undefined {
    return this.kept.isUnread(roundId) ? { database: this.url, roundId } : undefined;
  }

  async idempotency(accountId: string, key: string): Promise<Readonly<IdempotencyRecord> | undefined> {
    return idempotencyFrom(await this.historyRows(IDEMPOTENCY_SQL, [accountId, key]))[0];
  }

  async audit(query: AuditQuery): Promise<AuditRecord[]> {
    // Newest first, a page at a time, until `limit` match: the route's filter by unit compares folded names, which SQL does not know.
    const found: AuditRecord[] = [];
    const page = Math.max(AUDIT_PAGE, query.limit);
    // From past the largest bigint (ord is a bigserial) down.
    for (let before = '9223372036854775807'; found.length < query.limit; ) {
      const rows = await this.historyRows<{ ord: string; row: never }>(AUDIT_PAGE_SQL(query.actor !== undefined), [before, page, ...(query.actor === undefined ? [] : [query.actor])]);
      const records = auditFrom(rows);
      for (const record of records) if (found.length < query.limit && auditMatches(query, record)) found.push(record);
      if (rows.length < page) break;
      before = (rows.at(-1) as { ord: string }).ord;
    }
    return found.reverse();
  }

  /** From the table, not from memory: a kept round's scores are read without holding the round, and another process's commits are there already. */
  async *scores(roundId: string, reviewerId?: string): AsyncGenerator<ReadonlyArray<Readonly<Score>>> {
    const values = reviewerId === undefined ? [] : [reviewerId];
    for (let after: string | undefined = '0'; after !== undefined; ) {
      const rows: unknown[][] = await this.tableRows<unknown[]>({ text: SCORES_PAGE_SQL(reviewerId !== undefined), values: [roundId, after, SCORES_A_PAGE, ...values], rowMode: 'array' });
      const page = scoresPageFrom(rows);
      if (page.scores.length > 0) yield page.scores;
      after = rows.length < SCORES_A_PAGE ? undefined : page.last;
    }
  }

  async history(): Promise<Pick<Data, 'idempotency' | 'audit'>> {
    return { idempotency: idempotencyFrom(await this.historyRows(ALL_IDEMPOTENCY_SQL, [])), audit: auditFrom(await this.historyRows(ALL_AUDIT_SQL, [])) };
  }

  /** The rows of one of committed.ts's reads of a history table. */
  private historyRows<R>(sql: string, values: unknown[]): Promise<R[]> {
    return this.tableRows<R>({ text: sql, values });
  }

  /** The rows of one of committed.ts's reads of a table; a database that cannot be reached is a read that failed. */
  private async tableRows<R>(query: QueryConfig | QueryArrayConfig): Promise<R[]> {
    try {
      return (await this.pool.query(query as QueryConfig)).rows as R[];
    } catch (error) {
      throw new StoreReadError(`Không đọc được cơ sở dữ liệu: ${postgresProblem(error)}`);
    }
  }

  contentVersion(roundId: string): string {
    return contentVersionOf(this.versions, roundId);
  }

  ownContentVersion(roundId: string): string {
    return ownContentVersionOf(this.versions, roundId);
  }

  write<T>(change: (tx: StoreTx) => T): Promise<T> {
    const written = enqueue(this.queue, change);
    this.schedule();
    return written;
  }

  /** Changes queued while a batch commits go together in the next one (group commit). */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.nextBatch = this.exclusive(async () => {
      this.scheduled = false;
      this.nextBatch = null;
      const batch = this.queue.splice(0, BATCH_AT_MOST);
      if (this.queue.length > 0) this.schedule(); // the rest in the next batch
      return batch.length > 0 && (await this.commitBatch(batch));
    });
  }

  /** Commits `batch`, answering each change; true when it caught up with the others' commits on the way. */
  private async commitBatch(batch: PendingChange[]): Promise<boolean> {
    let client: PoolClient;
    try {
      client = await checkout(this.pool);
    } catch (error) {
      const failure = new StoreWriteError(`Không kết nối được cơ sở dữ liệu: ${postgresProblem(error)}`);
      for (const pending of batch) pending.reject(failure);
      return false;
    }
    const caughtUp = this.catchUps;
    try {
      // A first run on the state as this process holds it, taken back at once, says what the batch will lock.
      let locks = emptyLocks();
      const rehearsed = runBatch(this.state, batch, (change) => addLocks(locks, change));
      undoBatch(rehearsed);
      for (const reads of readsBy(rehearsed)) addReadLocks(locks, reads);
      for (let attempt = 1; ; attempt++) {
        const more = await this.commitOnce(client, batch, locks);
        if (!more) return true;
        if (attempt === ATTEMPTS) throw new Error(`lô thay đổi vẫn cần thêm khoá sau ${ATTEMPTS} lần chạy`);
        this.runsAgain++;
        locks = union(locks, more);
      }
    } catch (error) {
      const failure = new StoreWriteError(`Không ghi được vào cơ sở dữ liệu: ${postgresProblem(error)}`);
      // A change refused by its own error keeps that answer: a settled promise ignores this one.
      for (const pending of batch) pending.reject(failure);
      return this.catchUps > caughtUp;
    } finally {
      client.release();
    }
  }

  /**
   * One SQL transaction for the batch under `locks`: the locks, the catch-up, the run, the rows,
   * COMMIT, then the answers. Gives back the locks the run needed beyond `locks` (the batch taken
   * back, nothing answered) or undefined once every change is answered.
   */
  private async commitOnce(client: PoolClient, batch: PendingChange[], locks: LockSet): Promise<LockSet | undefined> {
    let run: RunChange[] = [];
    let committed: { xid: string; before: string | null; after: string | undefined } | null = null;
    try {
      // BEGIN, the locks and the catch-up in one round trip; the catch-up's snapshot is taken once the locks are held.
      const results = (await client.query(['BEGIN', lockStatement(locks), this.seen.lookSql()].join('; '))) as unknown as QueryResult[];
      const others = committedFrom((results.at(-1) as QueryResult).rows as never);
      const unheld = this.seen.unheld(others);
      await this.kept.readFor(client, others, unheld);
      await this.holdBeforeSwap(others);
      // An activation keeps the round it swaps out with its scores: they are held first (the batch holds the lock of which round is active).
      if (activates(locks)) await this.leftScores.hold(this.state.data.round.id);
      // The answers kept for the keys the batch locked, committed by any process: a retry whose first request won is answered with it.
      const keys = [...locks.keys.values()];
      const known = keys.length === 0 ? [] : idempotencyFrom((await client.query<{ row: never }>(IDEMPOTENCY_KEYS_SQL, [keys.map(([account]) => account), keys.map(([, key]) => key)])).rows);
      this.applyCommitted(others, unheld);
      this.state.forgetHistory(known);
      await this.leftScores.lendLookedUp(client, locks);
      run = runBatch(this.state, batch);
      const written = run.flatMap((r) => (r.failed ? [] : r.tx.changes.map((c) => JSON.parse(c) as Change)));
      const needed = emptyLocks();
      for (const change of written) addLocks(needed, change);
      for (const reads of readsBy(run)) addReadLocks(needed, reads);
      if (!covers(locks, needed)) {
        undoBatch(run);
        await client.query('ROLLBACK');
        return union(locks, needed);
      }
      if (written.length === 0) {
        await client.query('ROLLBACK');
      } else {
        const xid = await writeChanges(client, written);
        const before = this.seen.committing();
        const [, after] = (await client.query(`COMMIT; ${SNAPSHOT_SQL}`)) as unknown as QueryResult<{ snapshot: string }>[];
        committed = { xid, before, after: after?.rows[0]?.snapshot };
      }
    } catch (error) {
      this.seen.unsure();
      await client.query('ROLLBACK').catch(() => undefined);
      undoBatch(run); // the batch never happened
      if (RETRYABLE.has((error as { code?: string }).code ?? '')) return locks;
      throw error;
    } finally {
      this.state.forgetHistory(); // in the tables once committed; never held
      this.state.forgetLent(); // the same for the scores of a round whose scores are not held
    }
    // Committed (or nothing to write): nothing below may take the batch back.
    if (committed) {
      this.seen.committed(BigInt(committed.xid), committed.before, committed.after);
      this.commits++;
      this.touch(run.flatMap((r) => (r.failed ? [] : [...r.tx.touched])));
    }
    for (const r of run) {
      if (r.failed) r.pending.reject(r.error);
      else r.pending.resolve(r.value);
    }
    return undefined;
  }

  async withUpload<T>(bytes: Buffer, use: (name: string) => Promise<T>): Promise<T> {
    const name = `${createHash('sha256').update(bytes).digest('hex')}.xlsx`;
    try {
      await this.pool.query('INSERT INTO phuluc_uploads (name, bytes) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, bytes]);
    } catch (error) {
      throw new StoreWriteError(`Không ghi được tệp gửi lên: ${(error as Error).message}`);
    }
    // Another process may have just used the same workbook: its report keeps the upload.
    return usingUpload(this.uploadsInUse, name, use, async () => {
      await this.pool.query('DELETE FROM phuluc_uploads WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM phuluc_submissions WHERE file = $1)', [name]);
    });
  }

  async upload(name: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM phuluc_uploads WHERE name = $1', [name]);
    return rows[0]?.bytes;
  }

  async close(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) await this.busy;
    await this.busy;
    await this.pool.end();
  }
}

export function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}
