/**
 * The server's store. `Store` is what the routes use; `openLowdbStore` is the embedded default:
 * one JSON file kept by lowdb, written durably (durable-file.ts).
 *
 * Changes are queued and applied in batches (group commit): a batch is applied, written once and
 * only then acknowledged; the next batch is applied only after that write ends. So the state in
 * memory is ahead of the disk only while a write is under way, and `read()`, which waits for that
 * write, always gives committed state. A failed write rolls its batch back and the store stays
 * writable: the next batch is tried afresh.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { demoRound, type Round } from '../../core/round';
import { roundSchema } from '../../core/round-schema';
import { DurableJsonFile, fsyncFolder } from './durable-file';
import { lockFolder } from './lock';
import type { Data } from './schema';

export * from './schema';
export { FolderLockedError } from './lock';
export { StoreLoadError } from './durable-file';

export interface Store {
  /**
   * The state in memory, read-only. It may hold a batch whose write is still under way: read
   * through `read()` to see committed state only.
   */
  readonly data: Readonly<Data>;
  /** Committed state: waits for a write under way. Use the result before the next `await`. */
  read(): Promise<Readonly<Data>>;
  /**
   * Queues `change`, applies it with its batch (synchronously, so no other change interleaves) and
   * resolves with its result once the batch is on disk. A change must check before it mutates:
   * one that throws is refused alone, the rest of its batch goes on.
   */
  write<T>(change: (data: Data) => T): Promise<T>;
  /**
   * Keeps an uploaded workbook beside the data file (on disk before `use` runs) and gives its file
   * name to `use`; when `use` fails and no report refers to the file, the file is removed again.
   */
  withUpload<T>(bytes: Buffer, use: (name: string) => Promise<T>): Promise<T>;
  /** Waits for pending writes, then releases the folder. */
  close(): Promise<void>;
  /** How many times the data file has been written since opening (group commit makes this less than the changes). */
  readonly fileWrites: number;
}

/** A write failed: the change is not on disk and was rolled back; later writes are tried again. */
export class StoreWriteError extends Error {}

export const DATA_FILE = 'phuluc.json';

export interface OpenOptions {
  /** The round for a data folder that has none yet; defaults to the demo round. */
  round?: Round;
  now?: () => Date;
}

/** Files a crash left half-written: a temp data file, temp uploads. */
async function removeLeftovers(folder: string): Promise<void> {
  await unlink(path.join(folder, `${DATA_FILE}.tmp`)).catch(() => undefined);
  const uploads = path.join(folder, 'uploads');
  for (const name of await readdir(uploads)) {
    if (name.endsWith('.tmp')) await unlink(path.join(uploads, name)).catch(() => undefined);
  }
}

export async function openLowdbStore(folder: string, options: OpenOptions = {}): Promise<Store> {
  await mkdir(path.join(folder, 'uploads'), { recursive: true });
  const unlock = await lockFolder(folder);
  try {
    await removeLeftovers(folder);
    const file = new DurableJsonFile(path.join(folder, DATA_FILE));
    const db = new Low<Data>(file as Adapter<Data>, null as unknown as Data);
    await db.read();
    if (db.data === null) {
      db.data = {
        format: 2,
        round: roundSchema.parse(options.round ?? demoRound(options.now?.() ?? new Date())),
        submissions: [],
        scores: [],
        extensions: {},
        refusals: [],
        rounds: [],
        accounts: [],
        idempotency: [],
        audit: [],
      };
      await db.write();
    }
    return new LowdbStore(db, file, folder, unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

interface Pending {
  change: (data: Data) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

class LowdbStore implements Store {
  private queue: Pending[] = [];
  /** The write under way, if any; while it runs the next batch waits and `read()` waits too. */
  private writing: Promise<void> | null = null;
  private scheduled = false;
  /** Uploads that a request is still using, so a refused twin does not remove them. */
  private readonly uploadsInUse = new Map<string, number>();
  fileWrites = 0;

  constructor(
    private readonly db: Low<Data>,
    private readonly file: DurableJsonFile,
    private readonly folder: string,
    private readonly unlock: () => Promise<void>,
  ) {}

  get data(): Readonly<Data> {
    return this.db.data;
  }

  async read(): Promise<Readonly<Data>> {
    while (this.writing) await this.writing;
    return this.db.data;
  }

  write<T>(change: (data: Data) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ change, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /**
   * The next batch starts in a macrotask, never in a microtask: a reader resumed by the end of a
   * write (a microtask) reads before the next batch is applied.
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
    const applied: Array<{ pending: Pending; value: unknown }> = [];
    for (const pending of batch) {
      try {
        applied.push({ pending, value: pending.change(this.db.data) });
      } catch (error) {
        pending.reject(error);
      }
    }
    if (applied.length === 0) return this.schedule();
    this.writing = (async () => {
      try {
        await this.db.write();
        this.fileWrites++;
        for (const { pending, value } of applied) pending.resolve(value);
      } catch (error) {
        this.db.data = this.file.committed(this.db.data); // the batch never happened
        const failure = new StoreWriteError(`Không ghi được dữ liệu xuống đĩa: ${(error as Error).message}`);
        for (const { pending } of applied) pending.reject(failure);
      }
    })().finally(() => {
      this.writing = null;
      this.schedule();
    });
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
      if (failed && users === 0 && !this.db.data.submissions.some((s) => s.file === name)) {
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
    await this.unlock();
  }
}
