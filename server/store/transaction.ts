/**
 * The transaction of one change, for every store: each operation is applied to the state in
 * memory at once (so the rest of the change sees it) and recorded, serialised as it was made, for
 * the store to write (a journal line, SQL rows); `undo` takes the change back record by record.
 */
import type { Round } from '../../core/rounds/round';
import { contentTouched, type Change } from './changes';
import type { StoreState } from './state';
import type { StoreTx } from './contract';
import type { Account, AuditRecord, Data, IdempotencyRecord, Refusal, Score, Submission } from './schema';

type Undo = () => void;

/**
 * What a change looked up by key, besides `data`: Idempotency-Keys (account, key), scores (round,
 * entry, reviewer) and a unit's scores (round, unit). The PostgreSQL store holds none of these
 * between batches (the active round's scores only once something reads them all): it locks them and
 * reads them from its tables for the batch that asks.
 */
export interface TxReads {
  keys: Array<readonly [string, string]>;
  scores: Array<readonly [string, string, string]>;
  units: Array<readonly [string, string]>;
}

export class RecordingTx implements StoreTx {
  readonly changes: string[] = [];
  readonly undos: Undo[] = [];
  readonly touched = new Set<string>();
  /** What the change looked up: the PostgreSQL store locks it and reads it from its tables for the batch (TxReads). */
  readonly reads: TxReads = { keys: [], scores: [], units: [] };

  /**
   * `rehearse`: each change is shown to it as it is made, and not serialised: a run that will be
   * taken back, made to learn what a batch touches.
   */
  constructor(
    private readonly state: StoreState,
    private readonly rehearse?: (change: Change) => void,
  ) {}

  get data(): Readonly<Data> {
    return this.state.data;
  }

  score(roundId: string, entryId: string, reviewerId: string) {
    this.reads.scores.push([roundId, entryId, reviewerId]);
    return this.state.score(roundId, entryId, reviewerId);
  }

  idempotency(accountId: string, key: string) {
    this.reads.keys.push([accountId, key]);
    return this.state.idempotency(accountId, key);
  }

  entry(roundId: string, entryId: string) {
    return this.state.entry(roundId, entryId);
  }

  scoresOfUnit(roundId: string, unit: string) {
    this.reads.units.push([roundId, unit]);
    return this.state.scoresOfUnit(roundId, unit);
  }

  /** Serialised now: the store writes the change as it was made, whatever the batch does next. */
  private put(change: Change): void {
    this.undos.push(this.state.apply(change));
    if (this.rehearse) this.rehearse(change);
    else this.changes.push(JSON.stringify(change));
    for (const t of contentTouched(change)) this.touched.add(t);
  }

  putRound(round: Round) {
    this.put({ kind: 'round', round });
  }
  activateRound(roundId: string) {
    this.put({ kind: 'activate', roundId });
  }
  addSubmission(roundId: string, submission: Submission) {
    this.put({ kind: 'submission', roundId, submission });
  }
  putScore(roundId: string, score: Score) {
    this.put({ kind: 'score', roundId, score });
  }
  putRefusal(roundId: string, refusal: Refusal) {
    this.put({ kind: 'refusal', roundId, refusal });
  }
  putExtension(roundId: string, unit: string, until: string) {
    this.put({ kind: 'extension', roundId, unit, until });
  }
  putAccount(account: Account) {
    this.put({ kind: 'account', account });
  }
  addIdempotency(record: IdempotencyRecord) {
    this.put({ kind: 'idempotency', record });
  }
  addAudit(record: AuditRecord) {
    this.put({ kind: 'audit', record });
  }

  undo(): void {
    for (const undo of this.undos.splice(0).reverse()) undo();
    this.changes.length = 0;
    this.touched.clear();
  }
}

/** A change waiting for its batch, with how to answer it. */
export interface PendingChange {
  change: (tx: StoreTx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Queues `change` for the next batch; the promise is settled by the store once that batch commits or fails. */
export function enqueue<T>(queue: PendingChange[], change: (tx: StoreTx) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ change: change as (tx: StoreTx) => unknown, resolve: resolve as (value: unknown) => void, reject });
  });
}

export interface AppliedChange {
  pending: PendingChange;
  value: unknown;
  tx: RecordingTx;
}

/** A change of a batch that was run: what it gave back, or what it threw (then taken back already) and what it had looked up. */
export type RunChange = (AppliedChange & { failed: false }) | { pending: PendingChange; failed: true; error: unknown; reads: TxReads };

/** Runs each change of a batch in a transaction of its own, answering none: one that throws is taken back alone. `rehearse`: see RecordingTx. */
export function runBatch(state: StoreState, batch: ReadonlyArray<PendingChange>, rehearse?: (change: Change) => void): RunChange[] {
  return batch.map((pending) => {
    const tx = new RecordingTx(state, rehearse);
    try {
      return { pending, value: pending.change(tx), tx, failed: false };
    } catch (error) {
      tx.undo();
      return { pending, failed: true, error, reads: tx.reads };
    }
  });
}

/** What a run batch looked up, its failed changes' too. */
export const readsBy = (run: ReadonlyArray<RunChange>): TxReads[] => run.map((r) => (r.failed ? r.reads : r.tx.reads));

/** Takes a run batch back, last change first. */
export function undoBatch(run: ReadonlyArray<RunChange>): void {
  for (const r of [...run].reverse()) if (!r.failed) r.tx.undo();
}

/** Runs each change of a batch in a transaction of its own: one that throws is taken back and refused alone. */
export function applyBatch(state: StoreState, batch: ReadonlyArray<PendingChange>): AppliedChange[] {
  const applied: AppliedChange[] = [];
  for (const r of runBatch(state, batch)) {
    if (r.failed) r.pending.reject(r.error);
    else applied.push(r);
  }
  return applied;
}
