/**
 * The lowdb store while it runs: changes applied in batches through a transaction (`RecordingTx`)
 * whose operations keep their undo, one journal line flushed per batch (group commit), long
 * journals compacted in a worker thread. Opened by `openLowdbStore` (index.ts).
 *
 * Changes are queued and applied in batches: a batch is applied, its journal line flushed once and
 * only then acknowledged; the next batch is applied only after that flush. So the state in memory
 * is ahead of the disk only while a flush is under way, and `read()`, which waits for it, always
 * gives committed state. A change that throws is taken back alone; a failed flush takes its whole
 * batch back and the store stays writable: the next batch is tried afresh.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentVersionOf, ownContentVersionOf } from './changes';
import { roundDataOf, type StoreState } from './state';
import { auditMatches, StoreWriteError, type AuditQuery, type Store, type StoreTx } from './contract';
import { applyBatch, enqueue, type PendingChange } from './transaction';
import { usingUpload } from './uploads';
import { fsyncFolder, JournalSegment, journalLine, segmentFile, type HeldHistory } from './files';
import type { HistoryFiles } from './history-files';
import type { AuditRecord, Data, IdempotencyRecord, Score } from './schema';
import { startWorker } from '../worker-thread';
import type { CompactionAnswer } from './compaction-worker';
import { readKeptRoundWith } from './kept-rounds';
import { readKeptFileAside } from './kept-round-reader';

/** Scores given a slice at a time (`scores`); the answer writes them 500 at a time (json-pieces.ts). */
const SCORES_A_SLICE = 2_000;

export class LowdbStore implements Store {
  private queue: PendingChange[] = [];
  /** The flush under way, if any; while it runs the next batch waits and `read()` waits too. */
  private writing: Promise<void> | null = null;
  private scheduled = false;
  /** Uploads that a request is still using, so a refused twin does not remove them. */
  private readonly uploadsInUse = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private compaction: Promise<void> | null = null;
  /** Kept rounds to let go of once no batch is under way (a compaction put them in files). */
  private keepOnDisk: (() => void) | null = null;
  /** Journal bytes at which to compact next (pushed further after a failed compaction, so a failing one is not retried on every commit). */
  private compactAt: number;
  commits = 0;
  /** Compactions finished since opening (for tests and the benchmark). */
  compactions = 0;

  constructor(
    private readonly state: StoreState,
    private journal: JournalSegment,
    private readonly folder: string,
    private readonly unlock: () => Promise<void>,
    private readonly compactAfterBytes: number,
    /** Bytes of journal after the snapshot: what start-up replays and a compaction folds in. */
    private unfolded: number,
    /** The audit log and the answers a compaction put in files; those since, held, by the segment that brought them. */
    private historyFiles: HistoryFiles,
    private readonly heldHistory: HeldHistory[],
    /** Told why a compaction failed: before, it was dropped, and a journal growing for want of room went unseen. */
    private readonly compactionFailed: (reason: string) => void = () => undefined,
  ) {
    this.compactAt = compactAfterBytes;
    state.olderAnswer = (accountId, key) => this.historyFiles.answer(accountId, key);
  }

  /** The state in memory, read-only (this store's own; it may be ahead of the disk during a flush). */
  get data(): Readonly<Data> {
    return this.state.data;
  }

  /**
   * With `roundId` a kept round whose data is still only in its file, the file is read first in a
   * thread of its own, while other requests are answered (kept-round-reader.ts); anything else that
   * touches a kept round's data reads its file there and then (kept-rounds.ts).
   */
  async read(roundId?: string): Promise<Readonly<Data>> {
    const kept = roundId === undefined ? undefined : this.state.data.rounds.find((r) => r.round.id === roundId);
    if (kept) await readKeptRoundWith(kept, readKeptFileAside);
    while (this.writing) await this.writing;
    return this.state.data;
  }

  /** This store holds every score of the rounds it holds. */
  readWithScores(roundId?: string): Promise<Readonly<Data>> {
    return this.read(roundId);
  }

  /** A kept round's reports are in memory or in its file, which the summary worker reads itself. */
  unheldReportsAt(): undefined {
    return undefined;
  }

  async idempotency(accountId: string, key: string): Promise<Readonly<IdempotencyRecord> | undefined> {
    await this.read();
    return this.state.idempotency(accountId, key);
  }

  /** The files and the records held since, taken together (a compaction that ends meanwhile moves records from one to the other). */
  private async historyNow(): Promise<{ files: HistoryFiles; audit: AuditRecord[]; answers: IdempotencyRecord[] }> {
    const { audit, idempotency } = await this.read();
    return { files: this.historyFiles, audit: [...audit], answers: [...idempotency] };
  }

  async audit(query: AuditQuery): Promise<AuditRecord[]> {
    const { files, audit } = await this.historyNow();
    const found: AuditRecord[] = [];
    const visit = (record: AuditRecord) => {
      if (!auditMatches(query, record)) return;
      found.push(record);
      if (found.length >= 2 * query.limit) found.splice(0, found.length - query.limit);
    };
    for await (const record of files.records({ audit: true })) if ('audit' in record) visit(record.audit);
    audit.forEach(visit);
    return found.slice(-query.limit);
  }

  /** Which scores: those given when asked (the references copied once); each as it is when its slice is taken. */
  async *scores(roundId: string, reviewerId?: string): AsyncGenerator<ReadonlyArray<Readonly<Score>>> {
    const round = roundDataOf(await this.read(roundId), roundId);
    if (!round) return;
    const scores = reviewerId === undefined ? [...round.scores] : round.scores.filter((s) => s.reviewerId === reviewerId);
    for (let at = 0; at < scores.length; at += SCORES_A_SLICE) yield scores.slice(at, at + SCORES_A_SLICE);
  }

  async history(): Promise<Pick<Data, 'idempotency' | 'audit'>> {
    const now = await this.historyNow();
    const audit: AuditRecord[] = [];
    const idempotency: IdempotencyRecord[] = [];
    for await (const record of now.files.records({ audit: true, answers: true })) {
      if ('audit' in record) audit.push(record.audit);
      else idempotency.push(record.answer);
    }
    return { audit: [...audit, ...now.audit], idempotency: [...idempotency, ...now.answers] };
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

  /**
   * The next batch starts in a macrotask, never in a microtask: a reader resumed by the end of a
   * flush (a microtask) reads before the next batch is applied.
   */
  private schedule(): void {
    if (this.scheduled || this.writing || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.runBatch();
    });
  }

  private runBatch(): void {
    if (this.writing) return;
    const batch = this.queue.splice(0);
    const before = { audit: this.state.data.audit.length, answers: this.state.data.idempotency.length };
    const applied = applyBatch(this.state, batch);
    const changes = applied.flatMap((a) => a.tx.changes);
    if (changes.length === 0) {
      for (const { pending, value } of applied) pending.resolve(value); // nothing to write
      return this.schedule();
    }
    this.writing = (async () => {
      try {
        const line = journalLine(changes);
        const segment = this.journal.n;
        await this.journal.append(line);
        const held = { segment, audit: this.state.data.audit.length - before.audit, answers: this.state.data.idempotency.length - before.answers };
        if (held.audit + held.answers > 0) this.heldHistory.push(held);
        this.unfolded += Buffer.byteLength(line, 'utf8');
        this.commits++;
        for (const { tx } of applied) for (const id of tx.touched) this.versions.set(id, (this.versions.get(id) ?? 0) + 1);
        for (const { pending, value } of applied) pending.resolve(value);
      } catch (error) {
        for (const { tx } of applied.reverse()) tx.undo(); // the batch never happened
        const failure = new StoreWriteError(`Không ghi được dữ liệu xuống đĩa: ${(error as Error).message}`);
        for (const { pending } of applied) pending.reject(failure);
        return;
      }
      await this.rotateIfLong();
    })().finally(() => {
      this.writing = null;
      this.keepKeptOnDisk();
      this.schedule();
    });
  }

  /**
   * Folds the whole journal into a new snapshot now, however short (a state that must reach the
   * disk rewritten). Asked while a compaction runs, it folds what came after that one once it ends:
   * dropped, as it was, a caller wanting everything folded had to ask again and again. Asked while
   * a flush ends (right after a write was answered), it runs once that flush is over: it was dropped too.
   */
  compactNow(): void {
    const busy = this.compaction ?? this.writing;
    if (busy) {
      const again = () => this.compactNow();
      void busy.then(again, again);
      return;
    }
    this.compactAt = 0;
    this.compactIfLong();
  }

  /** Starts a compaction now if the journal is long (in the flush chain, so no append is under way). */
  compactIfLong(): void {
    if (this.writing) return;
    this.writing = this.rotateIfLong().finally(() => {
      this.writing = null;
      this.keepKeptOnDisk();
      this.schedule();
    });
  }

  /**
   * Once the journal is long, commits go to a new segment and the ones before are folded into a
   * new snapshot by a worker thread. Runs between flushes, so no append is under way. A segment
   * that cannot be opened (no descriptors, a full disk) leaves the journal as it is, tried again later.
   */
  private async rotateIfLong(): Promise<void> {
    if (this.compaction || this.unfolded < this.compactAt) return;
    let next: JournalSegment;
    try {
      next = await JournalSegment.open(this.folder, this.journal.n + 1, 0);
    } catch {
      return;
    }
    const sealed = this.journal;
    this.journal = next;
    await sealed.close().catch(() => undefined);
    const folding = this.unfolded;
    const keptChanges = this.state.keptChanges; // the compaction's state is this one
    this.compaction = this.compact(sealed.n, folding, keptChanges).finally(() => {
      this.compaction = null;
    });
  }

  /** Folds segments up to `upTo` into a new snapshot (in a worker), then removes them; a failure leaves them for the next time. */
  private async compact(upTo: number, folding: number, keptChanges: number): Promise<void> {
    const worker = startWorker(__dirname, 'compaction-worker', 4096, { folder: this.folder, upTo });
    const answer = await new Promise<CompactionAnswer>((resolve) => {
      worker.once('message', (message: CompactionAnswer) => resolve(message));
      worker.once('error', (error) => resolve({ done: false, error: String(error) }));
      worker.once('exit', () => resolve({ done: false, error: 'exited' }));
    });
    await worker.terminate();
    let failure = answer.done ? '' : answer.error;
    const history = answer.done
      ? await this.historyFiles.with(answer.history).catch((error: unknown) => {
          failure = String(error);
          return null;
        })
      : null;
    if (!answer.done || !history) {
      this.compactAt = this.unfolded + this.compactAfterBytes;
      this.compactionFailed(failure);
      return;
    }
    this.keepOnDisk = () => {
      this.state.keepOnDisk(this.folder, answer.kept, keptChanges);
      // The audit records and answers of the segments folded in are in the new history file: let go of them, read them there.
      const folded = this.heldHistory.filter((h) => h.segment <= upTo);
      this.heldHistory.splice(0, folded.length);
      this.state.foldHistory(
        folded.reduce((n, h) => n + h.audit, 0),
        folded.reduce((n, h) => n + h.answers, 0),
      );
      this.historyFiles = history;
    };
    if (!this.writing) this.keepKeptOnDisk();
    this.unfolded -= folding;
    this.compactAt = this.compactAfterBytes;
    for (let n = upTo; n > 0; n--) {
      const removed = await unlink(path.join(this.folder, segmentFile(n))).then(
        () => true,
        (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
      );
      if (!removed) break; // the earlier ones went with an earlier compaction
    }
    this.compactions++;
  }

  /** Lets go of kept rounds a compaction put in files; only between batches. */
  private keepKeptOnDisk(): void {
    const keep = this.keepOnDisk;
    this.keepOnDisk = null;
    keep?.();
  }

  /** Waits for a compaction under way (tests, the benchmark). */
  async settled(): Promise<void> {
    // A compaction asked for is started in the flush chain: wait for that too.
    while (this.compaction || this.writing) await (this.compaction ?? this.writing);
  }

  async withUpload<T>(bytes: Buffer, use: (name: string) => Promise<T>): Promise<T> {
    const name = await this.saveUpload(bytes);
    return usingUpload(this.uploadsInUse, name, use, async () => {
      if (!this.state.data.submissions.some((s) => s.file === name)) await unlink(path.join(this.folder, 'uploads', name));
    });
  }

  async upload(name: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{64}\.xlsx$/.test(name)) return undefined; // a name, never a path
    return readFile(path.join(this.folder, 'uploads', name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
  }

  private async saveUpload(bytes: Buffer): Promise<string> {
    const name = `${createHash('sha256').update(bytes).digest('hex')}.xlsx`;
    const file = path.join(this.folder, 'uploads', name);
    const temp = `${file}.${randomUUID()}.tmp`; // two uploads of the same workbook at once must not share a temp file
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, file);
      await fsyncFolder(path.dirname(file));
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new StoreWriteError(`Không ghi được tệp gửi lên: ${(error as Error).message}`);
    }
    return name;
  }

  async close(): Promise<void> {
    while (this.writing || this.queue.length > 0 || this.scheduled) {
      await (this.writing ?? new Promise((resolve) => setImmediate(resolve)));
    }
    await this.settled();
    await this.journal.close().catch(() => undefined);
    await this.unlock();
  }
}
