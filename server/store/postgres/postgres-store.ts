/**
 * The PostgreSQL store, for deployments that run several server processes on one database.
 *
 * Each process holds the state in memory, as the lowdb store does, and runs the routes' changes
 * against it through the same transaction (`RecordingTx`); the database is where they commit and
 * how the processes agree. A batch of changes commits in one SQL transaction that first bumps
 * `phuluc_head.seq`: that row's lock puts the commits of every process in one order, and once a
 * process holds it, it reads what the others committed since its last commit (`changesSince`),
 * applies that, and only then runs its own changes, so every change sees every commit before it
 * (no lost update, an Idempotency-Key used on another process is found). A 2xx is sent only after
 * COMMIT. `read()` catches up the same way (one query when nothing changed), so a revocation made
 * on one process is seen by the next request on any.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { demoRound, type Round } from '../../../core/rounds/round';
import { roundSchema } from '../../../core/rounds/round-schema';
import { changeSchema, contentTouched, contentVersionOf, ownContentVersionOf, emptyData, StoreState, type Change } from '../changes';
import { StoreReadError, StoreWriteError, type Store, type StoreTx } from '../contract';
import { StoreLoadError } from '../files';
import { withoutTokens, type Data, type IdempotencyRecord } from '../schema';
import { applyBatch, enqueue, type AppliedChange, type PendingChange } from '../transaction';
import { usingUpload } from '../uploads';
import { checkout, openPool, postgresProblem } from './connection';
import { migrate } from './migrations';
import { changesSince, writeChange } from './records';

export interface PostgresOptions {
  /** The round for a database that has none yet; defaults to the demo round. */
  round?: Round;
  now?: () => Date;
  /** Connections this process keeps open at most (default 10). */
  poolSize?: number;
}

/** Answers kept by an earlier version with a new account's token in them lose it (see withoutTokens). */
async function purgeKeptTokens(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ ord: string; body: unknown }>(`SELECT ord, body FROM phuluc_idempotency WHERE body::text ~ '"pl_[A-Za-z0-9_-]{43}"'`);
  for (const row of rows) await client.query('UPDATE phuluc_idempotency SET body = $1 WHERE ord = $2', [JSON.stringify(withoutTokens(row.body).value), row.ord]);
}

export class PostgresStore implements Store {
  private queue: PendingChange[] = [];
  /** Batches and catch-ups run one at a time: the state is never read half-changed. */
  private busy: Promise<void> = Promise.resolve();
  private scheduled = false;
  /** A catch-up requested while one runs: every read that arrives meanwhile shares the next one. */
  private nextSync: Promise<void> | null = null;
  /** Content versions: the last commit that touched each (a round's id, `reports`). */
  private readonly versions = new Map<string, number>();
  private readonly uploadsInUse = new Map<string, number>();
  commits = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly state: StoreState,
    /** The last commit this process's state holds. */
    private seen: number,
  ) {}

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
          await writeChange(client, { kind: 'round', round }, 0);
          await client.query('INSERT INTO phuluc_head (seq, active_round) VALUES (0, $1)', [round.id]);
        }
        await purgeKeptTokens(client);
        await client.query('COMMIT');
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { changes, head, activeRound } = await changesSince(client, -1);
        await client.query('COMMIT');
        const first = changes.map((c) => c.change).find((c): c is Extract<Change, { kind: 'round' }> => c.kind === 'round' && c.round.id === activeRound);
        if (!first) throw new StoreLoadError(`Cơ sở dữ liệu không có đợt ${activeRound} đang dùng.`);
        const store = new PostgresStore(pool, new StoreState(emptyData(roundSchema.parse(first.round))), head);
        store.applyCommitted(changes, activeRound, head);
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

  /**
   * Changes others committed (read back from their rows), applied to the state. All are checked
   * before any is applied: a row that fails the check leaves the state as it was, to be read again.
   */
  private applyCommitted(rows: ReadonlyArray<{ change: Change; seq: number }>, activeRound: string, head: number): void {
    const checked = rows.map((row) => ({ change: changeSchema.parse(row.change), seq: row.seq }));
    for (const { change, seq } of checked) {
      this.state.apply(change);
      for (const id of contentTouched(change)) this.versions.set(id, Math.max(this.versions.get(id) ?? 0, seq));
    }
    if (this.state.data.round.id !== activeRound) this.state.apply({ kind: 'activate', roundId: activeRound });
    this.seen = head;
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

  /** Catches up with the commits of other processes (one query when there are none). */
  private sync(): Promise<void> {
    this.nextSync ??= this.exclusive(async () => {
      this.nextSync = null;
      let client: PoolClient | undefined;
      try {
        const { rows } = await this.pool.query<{ seq: string }>('SELECT seq FROM phuluc_head');
        if (Number(rows[0]?.seq) === this.seen) return;
        client = await checkout(this.pool);
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const { changes, head, activeRound } = await changesSince(client, this.seen);
        await client.query('COMMIT');
        this.applyCommitted(changes, activeRound, head);
      } catch (error) {
        await client?.query('ROLLBACK').catch(() => undefined);
        throw new StoreReadError(`Không đọc được cơ sở dữ liệu: ${postgresProblem(error)}`);
      } finally {
        client?.release();
      }
    });
    return this.nextSync;
  }

  get data(): Readonly<Data> {
    return this.state.data;
  }

  async read(): Promise<Readonly<Data>> {
    await this.sync();
    return this.state.data;
  }

  async idempotency(accountId: string, key: string): Promise<Readonly<IdempotencyRecord> | undefined> {
    await this.sync();
    return this.state.idempotency(accountId, key);
  }

  /** The last commits that touched the round and the reports: the same on every process. */
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
    void this.exclusive(async () => {
      this.scheduled = false;
      const batch = this.queue.splice(0);
      if (batch.length > 0) await this.commitBatch(batch);
    });
  }

  private async commitBatch(batch: PendingChange[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await checkout(this.pool);
    } catch (error) {
      const failure = new StoreWriteError(`Không kết nối được cơ sở dữ liệu: ${postgresProblem(error)}`);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    let applied: AppliedChange[] = [];
    try {
      await client.query('BEGIN');
      // The commit point of every process: this row's lock orders the commits.
      const head = await client.query<{ seq: string }>('UPDATE phuluc_head SET seq = seq + 1 RETURNING seq');
      const seq = Number(head.rows[0]?.seq);
      if (seq - 1 !== this.seen) {
        // Another process committed since this one last did: its rows first.
        const missed = await changesSince(client, this.seen);
        this.applyCommitted(missed.changes, missed.activeRound, seq - 1);
      }
      applied = applyBatch(this.state, batch);
      const changes = applied.flatMap((a) => a.tx.changes.map((c) => JSON.parse(c) as Change));
      if (changes.length === 0) {
        await client.query('ROLLBACK');
      } else {
        for (const change of changes) await writeChange(client, change, seq);
        await client.query('COMMIT');
        this.seen = seq;
        this.commits++;
        for (const { tx } of applied) for (const id of tx.touched) this.versions.set(id, seq);
      }
      for (const { pending, value } of applied) pending.resolve(value);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const { tx } of applied.reverse()) tx.undo(); // the batch never happened
      const failure = new StoreWriteError(`Không ghi được vào cơ sở dữ liệu: ${postgresProblem(error)}`);
      // A change refused by its own error keeps that answer: a settled promise ignores this one.
      for (const pending of batch) pending.reject(failure);
    } finally {
      client.release();
    }
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
