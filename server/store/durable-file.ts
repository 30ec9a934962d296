/**
 * The data file on disk: one JSON document beside two append-only JSON-lines logs (audit,
 * idempotency). A commit appends the new log records (fsynced), then replaces the data file
 * (temp file, fsync, rename, fsync of the folder); the data file says how many log records belong
 * to it (`logged`), so the rename is the one commit point and log records beyond that count (a
 * change cut off by a crash or a failed commit) are dropped. A failed commit leaves the disk as
 * it was and gives back the last committed state, so the store can roll its change back.
 */
import { open, readFile, rename, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { auditSchema, dataSchema, idempotencySchema, upgradeData, type Data } from './schema';

/** The data file cannot be used: start-up stops with this message, and the file is left as it is. */
export class StoreLoadError extends Error {}

/** Collections that only ever grow: kept as JSON lines beside the data file, appended, never rewritten. */
const APPEND_ONLY = ['audit', 'idempotency'] as const;
type AppendOnly = (typeof APPEND_ONLY)[number];
const LOG_SCHEMAS = { audit: auditSchema, idempotency: idempotencySchema };
const loggedSchema = z.looseObject({ logged: z.strictObject({ audit: z.number().int().min(0), idempotency: z.number().int().min(0) }) });

interface LogState {
  records: number;
  bytes: number;
}

/** Flushes a folder's entries (a rename is durable only once its folder is). */
export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class DurableJsonFile {
  /** What is committed of each log: records and bytes (anything after them is cut before appending). */
  private logs: Record<AppendOnly, LogState> = { audit: { records: 0, bytes: 0 }, idempotency: { records: 0, bytes: 0 } };
  /** The committed data file's text, kept to give the committed state back after a failed commit. */
  private committedText = '';

  constructor(readonly file: string) {}

  logFile(name: AppendOnly): string {
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
    this.logs[name] = { records: records.length, bytes };
    return records;
  }

  /** The data, or null for a folder that has none yet. A log without its data file is refused. */
  async read(): Promise<Data | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreLoadError(`Không đọc được tệp dữ liệu ${this.file}: ${(error as Error).message}`);
      // Logs without the data file: the data file was lost or moved. Starting afresh would truncate the audit log.
      for (const name of APPEND_ONLY) {
        const log = await stat(this.logFile(name)).catch(() => null);
        if (log && log.size > 0) {
          throw new StoreLoadError(
            `Thư mục dữ liệu có nhật ký ${this.logFile(name)} nhưng thiếu tệp ${this.file}. Máy chủ không khởi động để khỏi ghi đè dữ liệu cũ; hãy khôi phục ${path.basename(this.file)} từ bản sao lưu.`,
          );
        }
      }
      return null;
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
    const parsed = dataSchema.safeParse(upgradeData({ ...rest, ...logs }));
    if (!parsed.success) {
      throw this.corrupt(this.file, `không đúng cấu trúc (tại “${parsed.error.issues[0]?.path.join('.') ?? ''}”)`);
    }
    this.committedText = text;
    return parsed.data;
  }

  /** Appends `text` to a log after cutting whatever a failed commit left past its committed end. */
  private async appendLog(name: AppendOnly, text: string): Promise<number> {
    const handle = await open(this.logFile(name), 'a', 0o600);
    try {
      await handle.truncate(this.logs[name].bytes);
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return Buffer.byteLength(text, 'utf8');
  }

  private async writeTemp(temp: string, text: string): Promise<void> {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Commits `data`. Its serialisation is taken synchronously, before the first await, so changes
   * made meanwhile are not part of this commit. Throws when anything fails; the disk then holds
   * the previous commit (the next commit cuts the logs back to it).
   */
  async write(data: Data): Promise<void> {
    const { audit, idempotency, ...rest } = data;
    const appended = { audit: audit.slice(this.logs.audit.records), idempotency: idempotency.slice(this.logs.idempotency.records) };
    const text = JSON.stringify({ ...rest, logged: { audit: audit.length, idempotency: idempotency.length } });
    const lines = { audit: appended.audit.map((r) => `${JSON.stringify(r)}\n`).join(''), idempotency: appended.idempotency.map((r) => `${JSON.stringify(r)}\n`).join('') };
    const temp = `${this.file}.tmp`;
    // The new log records and the new data file must both be on disk before the rename commits them;
    // written side by side, their flushes overlap.
    const [auditBytes, idempotencyBytes] = await Promise.all([
      appended.audit.length > 0 ? this.appendLog('audit', lines.audit) : 0,
      appended.idempotency.length > 0 ? this.appendLog('idempotency', lines.idempotency) : 0,
      this.writeTemp(temp, text),
    ]);
    await rename(temp, this.file);
    await fsyncFolder(path.dirname(this.file));
    this.logs = {
      audit: { records: audit.length, bytes: this.logs.audit.bytes + auditBytes },
      idempotency: { records: idempotency.length, bytes: this.logs.idempotency.bytes + idempotencyBytes },
    };
    this.committedText = text;
  }

  /** The state as last committed, rebuilt from the committed text and the logs' committed records. */
  committed(current: Data): Data {
    const { logged: _logged, ...rest } = JSON.parse(this.committedText) as Record<string, unknown>;
    return {
      ...(rest as Omit<Data, 'audit' | 'idempotency'>),
      audit: current.audit.slice(0, this.logs.audit.records),
      idempotency: current.idempotency.slice(0, this.logs.idempotency.records),
    };
  }
}
