/**
 * The server's store. `Store` (contract.ts) is what the routes use. `openLowdbStore` is the
 * embedded default: the state in memory, a lowdb snapshot on disk and a journal of the changes
 * since (files.ts), so a commit appends what changed (changes.ts) and never rewrites the data.
 *
 * Changes are queued and applied in batches (group commit): a batch is applied, its journal line
 * flushed once and only then acknowledged; the next batch is applied only after that flush. So the
 * state in memory is ahead of the disk only while a flush is under way, and `read()`, which waits
 * for it, always gives committed state. A change that throws is taken back alone; a failed flush
 * takes its whole batch back and the store stays writable: the next batch is tried afresh.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoRound, type Round } from '../../core/round';
import { roundSchema } from '../../core/round-schema';
import { emptyData, StoreState, type Change } from './changes';
import { fsyncFolder, JournalSegment, journalLine, loadFolder, removeLeftovers, segmentFile, writeSnapshot } from './files';
import { Format2File } from './format-2';
import { lockFolder } from './lock';
import type { Account, AuditRecord, Data, IdempotencyRecord, Refusal, Score, Submission } from './schema';
import { StoreWriteError, type Store, type StoreTx } from './contract';
import { startWorker } from '../worker-thread';

export * from './schema';
export * from './contract';
export { FolderLockedError } from './lock';
export { StoreLoadError, SNAPSHOT_FILE, segmentFile } from './files';

/** The data file of format 2, migrated to a snapshot and kept aside on first start. */
export const FORMAT_2_FILE = 'phuluc.json';
/** Where the files of format 2 are kept after migration. */
export const FORMAT_2_BACKUP = 'format-2-backup';

export interface OpenOptions {
  /** The round for a data folder that has none yet; defaults to the demo round. */
  round?: Round;
  now?: () => Date;
  /** Compact the journal once its newest segment passes this many bytes (default 8 MiB). */
  compactAfterBytes?: number;
}

const DEFAULT_COMPACT_AFTER = 8 * 1024 * 1024;

/** Files a crash left half-written: a temp data file of format 2, temp uploads. */
async function removeTempUploads(folder: string): Promise<void> {
  await unlink(path.join(folder, `${FORMAT_2_FILE}.tmp`)).catch(() => undefined);
  const uploads = path.join(folder, 'uploads');
  for (const name of await readdir(uploads)) {
    if (name.endsWith('.tmp')) await unlink(path.join(uploads, name)).catch(() => undefined);
  }
}

/** Moves the files of format 2 aside once the snapshot holds their data (again after a crash, harmlessly). */
async function keepFormat2Aside(folder: string): Promise<void> {
  const names = [FORMAT_2_FILE, 'phuluc.audit.jsonl', 'phuluc.idempotency.jsonl'];
  const present = [];
  for (const name of names) if (await stat(path.join(folder, name)).catch(() => null)) present.push(name);
  if (present.length === 0) return;
  await mkdir(path.join(folder, FORMAT_2_BACKUP), { recursive: true });
  for (const name of present) await rename(path.join(folder, name), path.join(folder, FORMAT_2_BACKUP, name));
  await fsyncFolder(folder);
}

/** The folder's state: format 3 as it is, format 2 migrated (snapshot first, then the old files moved aside), or a new one. */
async function loadOrCreate(folder: string, options: OpenOptions): Promise<{ state: StoreState; segment: { n: number; bytes: number }; unfolded: number }> {
  const loaded = await loadFolder(folder);
  if (loaded) {
    await removeLeftovers(folder, loaded.folded);
    await keepFormat2Aside(folder); // a migration a crash cut off after its snapshot
    return { state: loaded.state, segment: loaded.newest ?? { n: loaded.through + 1, bytes: 0 }, unfolded: loaded.unfolded };
  }
  const format2 = await new Format2File(path.join(folder, FORMAT_2_FILE)).read();
  const data = format2 ?? emptyData(roundSchema.parse(options.round ?? demoRound(options.now?.() ?? new Date())));
  await writeSnapshot(folder, data, 0);
  await keepFormat2Aside(folder);
  return { state: new StoreState(data), segment: { n: 1, bytes: 0 }, unfolded: 0 };
}

export async function openLowdbStore(folder: string, options: OpenOptions = {}): Promise<LowdbStore> {
  await mkdir(path.join(folder, 'uploads'), { recursive: true });
  const unlock = await lockFolder(folder);
  try {
    await removeTempUploads(folder);
    const { state, segment, unfolded } = await loadOrCreate(folder, options);
    const journal = await JournalSegment.open(folder, segment.n, segment.bytes);
    const store = new LowdbStore(state, journal, folder, unlock, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER, unfolded);
    store.compactIfLong(); // a long journal left by the last run (a crash cut its compaction off) makes every start slower
    return store;
  } catch (error) {
    await unlock();
    throw error;
  }
}

type Undo = () => void;

/** The transaction of one change: applies each operation at once and keeps it for the journal and for taking it back. */
class LowdbTx implements StoreTx {
  readonly changes: string[] = [];
  readonly undos: Undo[] = [];
  readonly touched = new Set<string>();

  constructor(private readonly state: StoreState) {}

  get data(): Readonly<Data> {
    return this.state.data;
  }

  score(roundId: string, entryId: string, reviewerId: string) {
    return this.state.score(roundId, entryId, reviewerId);
  }

  idempotency(accountId: string, key: string) {
    return this.state.idempotency(accountId, key);
  }

  /**
   * Serialised now: the journal holds the change as it was made, whatever the batch does next.
   * `touches`: the content versions it changes (a round's; `reports` for any report, which
   * summaries of other rounds compare against).
   */
  private put(change: Change, ...touches: string[]): void {
    this.undos.push(this.state.apply(change));
    this.changes.push(JSON.stringify(change));
    for (const t of touches) this.touched.add(t);
  }

  putRound(round: Round) {
    this.put({ kind: 'round', round }, round.id);
  }
  activateRound(roundId: string) {
    this.put({ kind: 'activate', roundId });
  }
  addSubmission(roundId: string, submission: Submission) {
    this.put({ kind: 'submission', roundId, submission }, roundId, 'reports');
  }
  putScore(roundId: string, score: Score) {
    this.put({ kind: 'score', roundId, score }, roundId);
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

interface Pending {
  change: (tx: StoreTx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class LowdbStore implements Store {
  private queue: Pending[] = [];
  /** The flush under way, if any; while it runs the next batch waits and `read()` waits too. */
  private writing: Promise<void> | null = null;
  private scheduled = false;
  /** Uploads that a request is still using, so a refused twin does not remove them. */
  private readonly uploadsInUse = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private compaction: Promise<void> | null = null;
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
  ) {
    this.compactAt = compactAfterBytes;
  }

  /** The state in memory, read-only (this store's own; it may be ahead of the disk during a flush). */
  get data(): Readonly<Data> {
    return this.state.data;
  }

  async read(): Promise<Readonly<Data>> {
    while (this.writing) await this.writing;
    return this.state.data;
  }

  async idempotency(accountId: string, key: string): Promise<Readonly<IdempotencyRecord> | undefined> {
    await this.read();
    return this.state.idempotency(accountId, key);
  }

  contentVersion(roundId: string): string {
    return `${roundId}:${this.versions.get(roundId) ?? 0}:${this.versions.get('reports') ?? 0}`;
  }

  write<T>(change: (tx: StoreTx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change: change as (tx: StoreTx) => unknown, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
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
    const applied: Array<{ pending: Pending; value: unknown; tx: LowdbTx }> = [];
    for (const pending of batch) {
      const tx = new LowdbTx(this.state);
      try {
        applied.push({ pending, value: pending.change(tx), tx });
      } catch (error) {
        tx.undo();
        pending.reject(error);
      }
    }
    const changes = applied.flatMap((a) => a.tx.changes);
    if (changes.length === 0) {
      for (const { pending, value } of applied) pending.resolve(value); // nothing to write
      return this.schedule();
    }
    this.writing = (async () => {
      try {
        const line = journalLine(changes);
        await this.journal.append(line);
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
      this.schedule();
    });
  }

  /** Starts a compaction now if the journal is long (in the flush chain, so no append is under way). */
  compactIfLong(): void {
    if (this.writing) return;
    this.writing = this.rotateIfLong().finally(() => {
      this.writing = null;
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
    this.compaction = this.compact(sealed.n, folding).finally(() => {
      this.compaction = null;
    });
  }

  /** Folds segments up to `upTo` into a new snapshot (in a worker), then removes them; a failure leaves them for the next time. */
  private async compact(upTo: number, folding: number): Promise<void> {
    const worker = startWorker(__dirname, 'compaction-worker', 4096, { folder: this.folder, upTo });
    const done = await new Promise<boolean>((resolve) => {
      worker.once('message', (answer: { done: boolean }) => resolve(answer.done));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    await worker.terminate();
    if (!done) {
      this.compactAt = this.unfolded + this.compactAfterBytes;
      return;
    }
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

  /** Waits for a compaction under way (tests, the benchmark). */
  async settled(): Promise<void> {
    while (this.compaction) await this.compaction;
  }

  async withUpload<T>(bytes: Buffer, use: (name: string) => Promise<T>): Promise<T> {
    const name = await this.saveUpload(bytes);
    this.uploadsInUse.set(name, (this.uploadsInUse.get(name) ?? 0) + 1);
    let failed = false;
    try {
      return await use(name);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const users = (this.uploadsInUse.get(name) ?? 1) - 1;
      if (users > 0) this.uploadsInUse.set(name, users);
      else this.uploadsInUse.delete(name);
      if (failed && users === 0 && !this.state.data.submissions.some((s) => s.file === name)) {
        await unlink(path.join(this.folder, 'uploads', name)).catch(() => undefined);
      }
    }
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
