/**
 * The audit log and the Idempotency-Key answers on disk, not in memory (issue #31): both grow by a
 * record with every write (two per score, kept for good), and a nation's round left 306,000 of
 * each, 325 MB of the embedded store's heap and 3 s of every start. Each compaction moves those it
 * folds in out of the snapshot into a file of its own, `phuluc-history-<checksum>.jsonl`, one
 * record a line (`A {…}` an audit record, `K {…}` an answer), with its answers' index beside it,
 * `….keys` (per answer: its key's hash as two 32-bit halves, where its line starts and how long it
 * is, sorted by hash). The snapshot names the files in the order they were written, so the audit
 * log stays in commit order. A file is never changed; one a crash left unnamed is removed when a
 * store next opens. The store holds only the indexes (16 bytes an answer) and the records since the
 * last compaction.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { shortChecksum } from './checksums';
import { auditSchema, idempotencySchema, type AuditRecord, type IdempotencyRecord } from './schema';

const FILE = /^phuluc-history-[0-9a-f]{16}\.jsonl$/;
const keysOf = (file: string) => file.replace(/\.jsonl$/, '.keys');

/** What the snapshot says of a history file: its name and how many records of each kind it holds. */
export const historyFileSchema = z.strictObject({
  file: z.string().regex(FILE),
  audit: z.number().int().min(0),
  answers: z.number().int().min(0),
});
export type HistoryFile = z.infer<typeof historyFileSchema>;

/** A history file or its index is missing or does not match what the snapshot says: start-up stops with this message. */
export class HistoryFileError extends Error {}

/** An answer's key as the index holds it: the first 8 bytes of SHA-256(account, key) as two unsigned 32-bit numbers. */
function keyHash(accountId: string, key: string): [number, number] {
  const digest = createHash('sha256').update(`${accountId}\u0000${key}`).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

/** Index fields per answer, unsigned 32-bit: hash high, hash low, where its line starts, its length (bytes; a file stays below 4 GB: one compaction's records). */
const FIELDS = 4;

/**
 * Writes `audit` and `answers` (in commit order) to a new history file and its index, each flushed
 * (`writeDurably`: written aside, flushed, renamed), the index last; gives back what the snapshot names.
 * `writeDurably` is files.ts's, passed in: files.ts reads the snapshot, whose schema names this
 * module's, so importing it here would make a cycle that loads a schema before it is made.
 */
export async function writeHistoryFile(folder: string, audit: ReadonlyArray<AuditRecord>, answers: ReadonlyArray<IdempotencyRecord>, writeDurably: (file: string, bytes: string | Buffer) => Promise<void>): Promise<HistoryFile> {
  // Bytes a line at a time, not one string: a folder's first compaction moves the whole log it held (245 MB at a nation's size, near V8's longest string).
  const index = new Uint32Array(FIELDS * answers.length);
  const lines: Buffer[] = audit.map((r) => Buffer.from(`A ${JSON.stringify(r)}\n`, 'utf8'));
  let at = lines.reduce((sum, line) => sum + line.length, 0);
  answers.forEach((answer, i) => {
    const line = Buffer.from(`K ${JSON.stringify(answer)}\n`, 'utf8');
    lines.push(line);
    index.set([...keyHash(answer.accountId, answer.key), at, line.length], FIELDS * i);
    at += line.length;
  });
  const text = Buffer.concat(lines);
  const order = answers.map((_, i) => i).sort((x, y) => index[FIELDS * x]! - index[FIELDS * y]! || index[FIELDS * x + 1]! - index[FIELDS * y + 1]!);
  if (text.length >= 2 ** 32) throw new Error('history file of 4 GB or more');
  const sorted = new Uint32Array(index.length);
  order.forEach((from, to) => sorted.set(index.subarray(FIELDS * from, FIELDS * from + FIELDS), FIELDS * to));
  const file = `phuluc-history-${shortChecksum(text)}.jsonl`;
  await writeDurably(path.join(folder, file), text);
  await writeDurably(path.join(folder, keysOf(file)), Buffer.from(sorted.buffer));
  return { file, audit: audit.length, answers: answers.length };
}

/** Removes the history files and indexes no snapshot names (a compaction a crash cut off). */
export async function removeUnnamedHistoryFiles(folder: string, named: ReadonlyArray<HistoryFile>): Promise<void> {
  const keep = new Set(named.flatMap((h) => [h.file, keysOf(h.file)]));
  for (const name of await readdir(folder)) if (/^phuluc-history-[0-9a-f]{16}\.(jsonl|keys)(\.tmp)?$/.test(name) && !keep.has(name)) await unlink(path.join(folder, name)).catch(() => undefined);
}

/** The history files a snapshot names, with their answers' indexes in memory: what is looked up and read back. */
export class HistoryFiles {
  private constructor(
    private readonly folder: string,
    readonly files: ReadonlyArray<HistoryFile>,
    private readonly indexes: ReadonlyArray<Uint32Array>,
  ) {}

  /**
   * Reads the indexes of `files`; throws HistoryFileError when an index is missing or of the wrong
   * size, or its file is missing or shorter than the lines it names (so a line read later is never
   * past the file's end, nor longer than it).
   */
  static async open(folder: string, files: ReadonlyArray<HistoryFile>): Promise<HistoryFiles> {
    const indexes = await Promise.all(
      files.map(async (h) => {
        const bytes = await readFile(path.join(folder, keysOf(h.file))).catch(() => null);
        const size = (await stat(path.join(folder, h.file)).catch(() => null))?.size ?? -1;
        const index = bytes && bytes.length === FIELDS * 4 * h.answers ? new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)) : null;
        let end = 0;
        for (let i = 0; index && i < index.length; i += FIELDS) end = Math.max(end, (index[i + 2] as number) + (index[i + 3] as number));
        if (!index || size < end) throw new HistoryFileError(`Thư mục dữ liệu thiếu tệp ${index ? h.file : keysOf(h.file)} (nhật ký thao tác và khoá chống gửi trùng), hoặc tệp bị hỏng. Máy chủ không khởi động; hãy khôi phục thư mục dữ liệu từ bản sao lưu.`);
        return index;
      }),
    );
    return new HistoryFiles(folder, files, indexes);
  }

  /** These files and `more` after them. */
  async with(more: ReadonlyArray<HistoryFile>): Promise<HistoryFiles> {
    const added = await HistoryFiles.open(this.folder, more.slice(this.files.length));
    return new HistoryFiles(this.folder, [...this.files, ...added.files], [...this.indexes, ...added.indexes]);
  }

  /**
   * The answer kept for an account's key, newest file first; read from its line (synchronously: it
   * is asked inside a change, and only a key whose hash is in an index, a retry, reads the disk).
   */
  answer(accountId: string, key: string): IdempotencyRecord | undefined {
    const [hi, lo] = keyHash(accountId, key);
    for (let f = this.files.length - 1; f >= 0; f--) {
      const index = this.indexes[f] as Uint32Array;
      for (let i = firstAtLeast(index, hi, lo); i < index.length / FIELDS && index[FIELDS * i] === hi && index[FIELDS * i + 1] === lo; i++) {
        const record = this.readLine((this.files[f] as HistoryFile).file, index[FIELDS * i + 2] as number, index[FIELDS * i + 3] as number);
        if (record.accountId === accountId && record.key === key) return record;
      }
    }
    return undefined;
  }

  private readLine(file: string, at: number, length: number): IdempotencyRecord {
    const bytes = Buffer.alloc(length);
    const fd = openSync(path.join(this.folder, file), 'r');
    try {
      readSync(fd, bytes, 0, length, at);
    } finally {
      closeSync(fd);
    }
    const line = bytes.toString('utf8');
    return parsedLine(file, line, 'K ', idempotencySchema);
  }

  /** Each record of the files, oldest first, read a line at a time (`kinds`: the audit records, the answers or both). */
  async *records(kinds: { audit?: boolean; answers?: boolean }): AsyncGenerator<{ audit: AuditRecord } | { answer: IdempotencyRecord }> {
    for (const h of this.files) {
      if (!(kinds.audit && h.audit > 0) && !(kinds.answers && h.answers > 0)) continue;
      const input = createReadStream(path.join(this.folder, h.file));
      try {
        for await (const line of createInterface({ input, crlfDelay: Infinity })) {
          if (line.startsWith('A ')) {
            if (kinds.audit) yield { audit: parsedLine(h.file, line, 'A ', auditSchema) };
          } else if (!kinds.answers) break; // the answers come after the audit records
          else yield { answer: parsedLine(h.file, line, 'K ', idempotencySchema) };
        }
      } finally {
        input.destroy();
      }
    }
  }
}

/** A line of history file `file` as the record it holds (`kind`: `A ` or `K `); a line that is not one is a damaged file, said so. */
function parsedLine<S extends z.ZodType>(file: string, line: string, kind: string, schema: S): z.infer<S> {
  let value: unknown;
  try {
    value = line.startsWith(kind) ? JSON.parse(line.slice(2)) : undefined;
  } catch {
    value = undefined; // refused by the schema below
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HistoryFileError(`Tệp ${file} (nhật ký thao tác và khoá chống gửi trùng) trong thư mục dữ liệu bị hỏng. Thay đổi chưa được lưu; hãy báo quản trị hệ thống khôi phục thư mục dữ liệu từ bản sao lưu.`);
  return parsed.data;
}

/** The first place in a sorted index whose hash is at least (hi, lo). */
function firstAtLeast(index: Uint32Array, hi: number, lo: number): number {
  let low = 0;
  let high = index.length / FIELDS;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const h = index[FIELDS * mid] as number;
    if (h < hi || (h === hi && (index[FIELDS * mid + 1] as number) < lo)) low = mid + 1;
    else high = mid;
  }
  return low;
}
