/**
 * Reading a data folder of format 2 (until 2026-11), to migrate it: one JSON document
 * (`phuluc.json`) beside two append-only JSON-lines logs (audit, idempotency). The data file says
 * how many log records belong to it (`logged`); records beyond that count belong to a change a
 * crash cut off and are not read.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StoreLoadError } from './files';
import { auditSchema, dataSchema, idempotencySchema, upgradeData, type Data } from './schema';

/** Collections that only ever grew: kept as JSON lines beside the data file. */
const APPEND_ONLY = ['audit', 'idempotency'] as const;
type AppendOnly = (typeof APPEND_ONLY)[number];
const LOG_SCHEMAS = { audit: auditSchema, idempotency: idempotencySchema };
const loggedSchema = z.looseObject({ logged: z.strictObject({ audit: z.number().int().min(0), idempotency: z.number().int().min(0) }) });

export class Format2File {
  constructor(readonly file: string) {}

  logFile(name: AppendOnly): string {
    return this.file.replace(/\.json$/, `.${name}.jsonl`);
  }

  private corrupt(file: string, where: string): StoreLoadError {
    return new StoreLoadError(`Tệp dữ liệu ${file} ${where}. Máy chủ không khởi động và không ghi đè tệp; hãy khôi phục tệp từ bản sao lưu.`);
  }

  /** The first `count` records of a log. */
  private async readLog(name: AppendOnly, count: number): Promise<unknown[]> {
    const file = this.logFile(name);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const records: unknown[] = [];
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
      start = end + 1;
    }
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
    return parsed.data;
  }
}
