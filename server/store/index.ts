/**
 * The server's store. `Store` is what the routes use; `openLowdbStore` is the embedded default:
 * one JSON file kept by lowdb, written durably (temp file, fsync, rename, fsync of the folder),
 * with concurrent changes committed together in one write (group commit). A 2xx is sent only after
 * the write that holds the change is on disk.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, truncate, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { demoRound, type Round } from '../../core/round';
import { roundSchema } from '../../core/round-schema';
import { lockFolder } from './lock';
import { auditSchema, dataSchema, idempotencySchema, type Data } from './schema';

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

/** Writes (or appends) `text` and flushes it to disk. */
async function syncedWrite(file: string, flags: 'w' | 'a', text: string): Promise<void> {
  const handle = await open(file, flags, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Collections that only ever grow: kept as JSON lines beside the data file, appended, never rewritten. */
const APPEND_ONLY = ['audit', 'idempotency'] as const;
type AppendOnly = (typeof APPEND_ONLY)[number];
const LOG_SCHEMAS = { audit: auditSchema, idempotency: idempotencySchema };
const loggedSchema = z.looseObject({ logged: z.strictObject({ audit: z.number().int().min(0), idempotency: z.number().int().min(0) }) });

/**
 * A lowdb adapter that writes durably and schema-checks what it reads. Each write appends the new
 * records of the append-only collections to their .jsonl files (fsynced), then replaces the data
 * file, which says how many log records belong to it (`logged`): the rename is the one commit
 * point, and log records beyond that count (a change cut off by a crash) are dropped on load.
 */
class DurableJsonFile implements Adapter<Data> {
  /** How many records of each append-only collection are already in its file. */
  private persisted: Record<AppendOnly, number> = { audit: 0, idempotency: 0 };

  constructor(private readonly file: string) {}

  private logFile(name: AppendOnly): string {
    return this.file.replace(/\.json$/, `.${name}.jsonl`);
  }

  private corrupt(file: string, where: string): StoreLoadError {
    return new StoreLoadError(`Tệp dữ liệu ${file} ${where}. Máy chủ không khởi động và không ghi đè tệp; hãy khôi phục tệp từ bản sao lưu.`);
  }

  /** The first `count` records of a log; anything after them is cut off the file. */
  private async readLog(name: AppendOnly, count: number): Promise<unknown[]> {
    const file = this.logFile(name);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const records: unknown[] = [];
    let bytes = 0;
    let start = 0;
    while (records.length < count) {
      const end = text.indexOf('\n', start);
      if (end < 0) throw this.corrupt(file, `thiếu bản ghi (cần ${count}, có ${records.length})`);
      const line = text.slice(start, end);
      try {
        records.push(LOG_SCHEMAS[name].parse(JSON.parse(line)));
      } catch {
        throw this.corrupt(file, `hỏng ở dòng ${records.length + 1}`);
      }
      bytes += Buffer.byteLength(line, 'utf8') + 1;
      start = end + 1;
    }
    if (start < text.length) await truncate(file, bytes); // records of a change that never committed
    this.persisted[name] = records.length;
    return records;
  }

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
      throw this.corrupt(this.file, 'bị hỏng (không phải JSON hợp lệ)');
    }
    const file = loggedSchema.safeParse(json);
    if (!file.success) throw this.corrupt(this.file, 'không đúng cấu trúc (thiếu “logged”)');
    const { logged: _logged, ...rest } = json as Record<string, unknown>;
    const logs = { audit: await this.readLog('audit', file.data.logged.audit), idempotency: await this.readLog('idempotency', file.data.logged.idempotency) };
    const parsed = dataSchema.safeParse({ ...rest, ...logs });
    if (!parsed.success) {
      throw this.corrupt(this.file, `không đúng cấu trúc (tại “${parsed.error.issues[0]?.path.join('.') ?? ''}”)`);
    }
    return parsed.data;
  }

  async write(data: Data): Promise<void> {
    // Taken now, synchronously: later changes go into the next write.
    const { audit, idempotency, ...rest } = data;
    const appended = { audit: audit.slice(this.persisted.audit), idempotency: idempotency.slice(this.persisted.idempotency) };
    const text = JSON.stringify({ ...rest, logged: { audit: audit.length, idempotency: idempotency.length } });
    // The new log records and the new data file must both be on disk before the rename commits them;
    // written side by side, their flushes overlap.
    const temp = `${this.file}.tmp`;
    await Promise.all([
      ...APPEND_ONLY.filter((name) => appended[name].length > 0).map((name) =>
        syncedWrite(this.logFile(name), 'a', appended[name].map((r) => `${JSON.stringify(r)}\n`).join('')),
      ),
      syncedWrite(temp, 'w', text),
    ]);
    for (const name of APPEND_ONLY) this.persisted[name] += appended[name].length;
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
    const temp = `${file}.${randomUUID()}.tmp`; // two uploads of the same workbook at once must not share a temp file
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
