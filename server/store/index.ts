/**
 * The server's store. `Store` is what the routes use; `openLowdbStore` is the embedded default:
 * one JSON file kept by lowdb, written durably (temp file, fsync, rename, fsync of the folder),
 * with concurrent changes committed together in one write (group commit). A 2xx is sent only after
 * the write that holds the change is on disk.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { demoRound, roundSchema, type Round } from '../../core/round';
import { lockFolder } from './lock';
import { dataSchema, type Data } from './schema';

export * from './schema';
export { FolderLockedError } from './lock';

export interface Store {
  /** The current data, read-only; mutate it only inside `write`. */
  readonly data: Readonly<Data>;
  /** Applies `change` (synchronously, so no other change interleaves) and resolves once it is on disk. */
  write<T>(change: (data: Data) => T): Promise<T>;
  /** Keeps an uploaded workbook beside the data file; resolves with its file name once it is on disk. */
  saveUpload(bytes: Buffer): Promise<string>;
  /** Waits for pending writes, then releases the folder. */
  close(): Promise<void>;
  /** How many times the data file has been written since opening (group commit makes this less than the changes). */
  readonly fileWrites: number;
}

/** The data file cannot be used: start-up stops with this message, and the file is left as it is. */
export class StoreLoadError extends Error {}
/** A write failed: the change is not on disk, and the store accepts no more changes. */
export class StoreWriteError extends Error {}

export const DATA_FILE = 'phuluc.json';

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A lowdb adapter that writes durably and schema-checks what it reads. */
class DurableJsonFile implements Adapter<Data> {
  constructor(private readonly file: string) {}

  async read(): Promise<Data | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreLoadError(`Không đọc được tệp dữ liệu ${this.file}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new StoreLoadError(`Tệp dữ liệu ${this.file} bị hỏng (không phải JSON hợp lệ). Máy chủ không khởi động và không ghi đè tệp; hãy khôi phục tệp từ bản sao lưu.`);
    }
    const parsed = dataSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new StoreLoadError(`Tệp dữ liệu ${this.file} không đúng cấu trúc (tại “${where}”). Máy chủ không khởi động và không ghi đè tệp; hãy khôi phục tệp từ bản sao lưu.`);
    }
    return parsed.data;
  }

  async write(data: Data): Promise<void> {
    const text = JSON.stringify(data); // taken now: later changes go into the next write
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await fsyncFolder(path.dirname(this.file));
  }
}

export interface OpenOptions {
  /** The round for a data folder that has none yet; defaults to the demo round. */
  round?: Round;
  now?: () => Date;
}

export async function openLowdbStore(folder: string, options: OpenOptions = {}): Promise<Store> {
  await mkdir(path.join(folder, 'uploads'), { recursive: true });
  const unlock = await lockFolder(folder);
  try {
    const file = path.join(folder, DATA_FILE);
    await unlink(`${file}.tmp`).catch(() => undefined); // a write cut off by a crash never reached the file
    const db = new Low<Data>(new DurableJsonFile(file), null as unknown as Data);
    await db.read();
    if (db.data === null) {
      db.data = {
        format: 1,
        round: roundSchema.parse(options.round ?? demoRound(options.now?.() ?? new Date())),
        accounts: [],
        submissions: [],
        scores: [],
        extensions: {},
        idempotency: [],
        audit: [],
      };
      await db.write();
    }
    return new LowdbStore(db, folder, unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

class LowdbStore implements Store {
  /** The write now under way (or the last one), and the one that pending changes wait for. */
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private failure: Error | null = null;
  fileWrites = 0;

  constructor(
    private readonly db: Low<Data>,
    private readonly folder: string,
    private readonly unlock: () => Promise<void>,
  ) {}

  get data(): Readonly<Data> {
    return this.db.data;
  }

  async write<T>(change: (data: Data) => T): Promise<T> {
    if (this.failure) throw new StoreWriteError(this.failure.message);
    const result = change(this.db.data);
    await this.commit();
    return result;
  }

  /** Resolves when a write that began after this call is on disk; calls made meanwhile share it. */
  private commit(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(async () => {
      this.queued = null; // from here on, new changes wait for the write after this one
      try {
        await this.db.write();
        this.fileWrites++;
      } catch (error) {
        this.failure = error as Error;
        throw new StoreWriteError(`Không ghi được dữ liệu xuống đĩa: ${(error as Error).message}`);
      }
    });
    this.queued = next;
    this.running = next.catch(() => undefined);
    return next;
  }

  async saveUpload(bytes: Buffer): Promise<string> {
    const name = `${createHash('sha256').update(bytes).digest('hex')}.xlsx`;
    const file = path.join(this.folder, 'uploads', name);
    const temp = `${file}.tmp`;
    await writeFile(temp, bytes, { mode: 0o600 });
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await fsyncFolder(path.dirname(file));
    return name;
  }

  async close(): Promise<void> {
    await this.running;
    await this.unlock();
  }
}
