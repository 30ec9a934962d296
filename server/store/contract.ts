/**
 * The store contract the routes use, whatever keeps the data (the embedded lowdb store today; the
 * PostgreSQL store for deployments of several processes): reads of committed state, and changes made in a transaction
 * through record-level operations. test/server/store-contract.ts is the suite every store passes.
 *
 * Reads inside a change go through `tx.data` (the state in memory, which both stores hold: the
 * PostgreSQL store brings it up to date with other processes' commits before a change runs; on the
 * embedded store a kept round's data is read from its file the first time it is asked for,
 * kept-rounds.ts) and the indexed lookups `score`, `scoresOfUnit`, `entry` and `idempotency`
 * (the PostgreSQL store reads scores and answers from its tables for the batch that looks them up).
 */
import type { Round } from '../../core/rounds/round';
import type { Account, AuditRecord, Data, IdempotencyRecord, Refusal, Score, Submission } from './schema';

/**
 * One transaction: reads of the state as of this change (earlier changes of the same batch
 * included) and the record-level operations that change it. The operations take effect at once
 * for the rest of the change; a change that throws is taken back whole.
 */
export interface StoreTx {
  readonly data: Readonly<Data>;
  /** Reviewer `reviewerId`'s score of entry `entryId` in round `roundId`. */
  score(roundId: string, entryId: string, reviewerId: string): Readonly<Score> | undefined;
  /** The answer kept for an Idempotency-Key of an account. */
  idempotency(accountId: string, key: string): Readonly<IdempotencyRecord> | undefined;
  /** The scores of unit `unit`'s entries in round `roundId` (indexed: no scan of every score). */
  scoresOfUnit(roundId: string, unit: string): ReadonlyArray<Readonly<Score>>;
  /** Entry `entryId` of a unit's latest report in round `roundId`, with its unit (indexed: no scan of every report). */
  entry(roundId: string, entryId: string): { unit: string; entry: Readonly<Submission['entries'][number]> } | undefined;
  /** A round's settings: a new round (with no reports yet) or a changed one. */
  putRound(round: Round): void;
  activateRound(roundId: string): void;
  addSubmission(roundId: string, submission: Submission): void;
  /** The score of one (entry, reviewer), new or replacing the one before. */
  putScore(roundId: string, score: Score): void;
  /** A unit's latest refused report (the earlier one is replaced). */
  putRefusal(roundId: string, refusal: Refusal): void;
  putExtension(roundId: string, unit: string, until: string): void;
  /** An account, new or changed. */
  putAccount(account: Account): void;
  addIdempotency(record: IdempotencyRecord): void;
  addAudit(record: AuditRecord): void;
}

/** Which audit records to read: the last `limit` that match, in commit order. */
export interface AuditQuery {
  limit: number;
  /** Only this account's records. */
  actor?: string;
  /** Only the records this says yes to (the route's filter by unit, which compares folded names). */
  matches?: (record: Readonly<AuditRecord>) => boolean;
}

/** Whether `record` is one `query` asks for (limit aside). */
export function auditMatches(query: AuditQuery, record: Readonly<AuditRecord>): boolean {
  return (query.actor === undefined || record.actor === query.actor) && (query.matches === undefined || query.matches(record));
}

/** A kept round's reports left in a database's table (read with `readUnheldReports`, store/postgres/kept-in-tables.ts). */
export interface UnheldReports {
  database: string;
  roundId: string;
}

export interface Store {
  /**
   * Committed state: waits for a flush under way. Use the result before the next `await`. With
   * `roundId`, that round's data is held in it (a kept round on PostgreSQL is read from its tables
   * the first time; the embedded store reads a kept round's file when it is first touched): a
   * route that reads or changes a kept round's reports or scores asks for it so.
   */
  read(roundId?: string): Promise<Readonly<Data>>;
  /**
   * As `read(roundId)`, with round `roundId`'s scores held too (the active round's by default): what
   * reads all of a round's scores from `data` asks for it so (a summary, Tiến độ, the counts of the
   * list of rounds, a change of a round's settings or lock). The PostgreSQL store leaves the active
   * round's scores in their table until then: a write reads those it looks up (`StoreTx.score`,
   * `scoresOfUnit`) under their locks, an activation holds the round it swaps out itself, and a list
   * of scores is read a page at a time (`scores`).
   */
  readWithScores(roundId?: string): Promise<Readonly<Data>>;
  /**
   * Where the reports of kept round `roundId` are read when the store does not hold its data
   * (PostgreSQL: their table, read by the summary worker itself, so a summary comparing with
   * earlier years holds their text in one thread, not two); undefined when the store holds them or
   * they are in a file of their own (`keptFileOf`).
   */
  unheldReportsAt(roundId: string): UnheldReports | undefined;
  /** The committed answer kept for an Idempotency-Key of an account. */
  idempotency(accountId: string, key: string): Promise<Readonly<IdempotencyRecord> | undefined>;
  /**
   * The committed audit records `query` asks for. Read here, not from `read()`'s data: both these
   * and the Idempotency-Key answers grow by a record with every write (two per score), and the
   * PostgreSQL store holds neither, asking their tables (lowdb holds them with the rest).
   */
  audit(query: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Round `roundId`'s scores (only reviewer `reviewerId`'s, when given), a slice at a time, in the
   * order they were first given: each score once, as it was when its slice was read. A nation's
   * round holds 306,000, whose JSON (100 MB) made as one string held every request 0.8–1.0 s and
   * lifted the process to 1.2 GB; PostgreSQL reads them from its table a page at a time, through an index.
   */
  scores(roundId: string, reviewerId?: string): AsyncIterable<ReadonlyArray<Readonly<Score>>>;
  /** Every Idempotency-Key answer and the whole audit log, each in commit order (`phuluc migrate`'s check of a copy). */
  history(): Promise<Pick<Data, 'idempotency' | 'audit'>>;
  /**
   * Queues `change`, runs it with its batch (synchronously, so no other change interleaves) and
   * resolves with its result once the batch is on disk. A change that throws is taken back alone,
   * the rest of its batch goes on. A change may be run more than once, every run but the last taken
   * back (the PostgreSQL store runs a batch first to learn what to lock): it reads and changes only
   * through `tx`, and its result is the last run's.
   */
  write<T>(change: (tx: StoreTx) => T): Promise<T>;
  /**
   * Keeps an uploaded workbook beside the data (on disk before `use` runs) and gives its file
   * name to `use`; when `use` fails and no report refers to the file, the file is removed again.
   */
  withUpload<T>(bytes: Buffer, use: (name: string) => Promise<T>): Promise<T>;
  /** An uploaded workbook kept by `withUpload`, or undefined when there is none of that name. */
  upload(name: string): Promise<Buffer | undefined>;
  /**
   * A version of round `roundId`'s content (its settings, reports and scores, and the reports of
   * other rounds it is compared with): it changes when they change, not with an account's
   * last-use time or an audit record, so what is computed from them is kept until it does.
   */
  contentVersion(roundId: string): string;
  /** A version of round `roundId`'s own content (its settings, reports and scores), which other rounds' reports do not move. */
  ownContentVersion(roundId: string): string;
  /** Waits for pending writes, then releases the folder. */
  close(): Promise<void>;
  /** How many commits since opening (group commit makes this less than the changes). */
  readonly commits: number;
}

/** A write failed: the change is not on disk and was taken back; later writes are tried again. */
export class StoreWriteError extends Error {}
/** Committed state could not be read (a database that cannot be reached); later reads are tried again. */
export class StoreReadError extends Error {
  override name = 'StoreReadError'; // how the summary worker's failure is told apart, its message crossing as text
}
