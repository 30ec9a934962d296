/**
 * The data folder on disk: a snapshot of the state (format 4; format 3 is still read) and, after
 * it, a journal of the changes committed since, in numbered segments.
 *
 *   phuluc-snapshot.json         {"format":4,"through":N,"data":{…},"scores":[…]}: the state with segments ≤ N folded in
 *                                (./snapshot-format.ts: the active round's scores as a table, kept rounds in files)
 *   phuluc-round-<sum>.json      a kept round's data (./kept-rounds.ts), read when something asks for it
 *   phuluc-journal-000007.jsonl  one line per commit: "<sha256, 16 hex> {"changes":[…]}"
 *
 * A commit appends its line to the newest segment and flushes it: that flush is the commit point,
 * and it costs the size of the change. A line cut by a crash (or a failed write) fails its
 * checksum and, at the end of the newest segment, is dropped; anywhere else it stops start-up.
 * Compaction folds sealed segments into a new snapshot (written aside, flushed, renamed), then
 * removes them; a crash at any step leaves either the old snapshot and every segment or the new
 * snapshot and segments it already holds, which start-up removes.
 */
import { open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { changeSchema } from './changes';
import { shortChecksum } from './checksums';
import { checkKeptFiles, KeptRoundError, type KeptFile } from './kept-rounds';
import type { HistoryFile } from './history-files';
import { decodeSnapshot, encodeSnapshot, snapshotSchema, SnapshotShapeError, type KeptRoundFile } from './snapshot-format';
import { StoreState } from './state';
import type { Data } from './schema';

/** The data folder cannot be used: start-up stops with this message, and its files are left as they are. */
export class StoreLoadError extends Error {}

export const SNAPSHOT_FILE = 'phuluc-snapshot.json';
const SEGMENT = /^phuluc-journal-(\d{6,})\.jsonl$/;
export const segmentFile = (n: number) => `phuluc-journal-${String(n).padStart(6, '0')}.jsonl`;

const lineSchema = z.strictObject({ changes: z.array(changeSchema) });

/** Flushes a folder's entries (a rename or a new file is durable only once its folder is). */
export async function fsyncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeDurably(file: string, text: string | Buffer): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await fsyncFolder(path.dirname(file));
}

/**
 * The snapshot as a lowdb document: `read` gives its data (null for none) and sets `through`;
 * `write` writes the data with segments ≤ `through` folded in, its rename the commit point.
 */
export class SnapshotFile implements Adapter<Data> {
  through = 0;
  readonly file: string;
  /** The kept rounds' files the snapshot read names; how many kept rounds it holds itself. */
  keptFiles: KeptFile[] = [];
  keptInline = 0;
  /** The file each kept round is in, as the snapshot last written names them. */
  written: KeptRoundFile[] = [];
  /** The audit log's and the answers' files the snapshot names (read), or is to name (written). */
  history: HistoryFile[] = [];

  constructor(private readonly folder: string) {
    this.file = path.join(folder, SNAPSHOT_FILE);
  }

  async read(): Promise<Data | null> {
    let text: string;
    try {
      // Decoded whole: read with an encoding, the file is decoded piece by piece into a string JSON.parse then takes twice as long over (a nation's snapshot: 1.4 + 2.2 s, against 0.6 + 1.2 + 1.1 s).
      text = new TextDecoder().decode(await readFile(this.file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreLoadError(`Không đọc được tệp dữ liệu ${this.file}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw corrupt(this.file, 'bị hỏng (không phải JSON hợp lệ)');
    }
    const snapshot = snapshotSchema.safeParse(json);
    if (!snapshot.success) throw corrupt(this.file, 'không đúng cấu trúc');
    let decoded;
    try {
      decoded = decodeSnapshot(snapshot.data, this.folder);
    } catch (error) {
      if (error instanceof SnapshotShapeError) throw corrupt(this.file, error.message ? `không đúng cấu trúc (tại “${error.message}”)` : 'không đúng cấu trúc');
      throw error;
    }
    try {
      await checkKeptFiles(this.folder, decoded.keptFiles);
    } catch (error) {
      if (error instanceof KeptRoundError) throw new StoreLoadError(error.message);
      throw error;
    }
    this.through = snapshot.data.through;
    this.history = decoded.history;
    this.keptFiles = decoded.keptFiles;
    this.keptInline = decoded.keptInline;
    return decoded.data;
  }

  async write(data: Data): Promise<void> {
    // A kept round's file is named by its text's checksum: one already there holds that text.
    const { text, kept } = await encodeSnapshot(data, this.through, this.history, async (name, body) => {
      const file = path.join(this.folder, name);
      if (!(await stat(file).catch(() => null))) await writeDurably(file, body);
    });
    await writeDurably(this.file, text);
    this.written = kept;
  }
}

/** Writes the snapshot of `data` with segments ≤ `through` folded in, naming `history`'s files; gives back the file each kept round is in. */
export async function writeSnapshot(folder: string, data: Data, through: number, history: ReadonlyArray<HistoryFile> = []): Promise<KeptRoundFile[]> {
  const file = new SnapshotFile(folder);
  file.through = through;
  file.history = [...history];
  const db = new Low<Data>(file, data);
  await db.write();
  return file.written;
}

/** One commit's journal line, of its changes each serialised (JSON of a `Change`). */
export function journalLine(changes: ReadonlyArray<string>): string {
  const json = `{"changes":[${changes.join(',')}]}`;
  return `${shortChecksum(json)} ${json}\n`;
}

function corrupt(file: string, where: string): StoreLoadError {
  return new StoreLoadError(`Tệp dữ liệu ${file} ${where}. Máy chủ không khởi động và không ghi đè tệp; hãy khôi phục thư mục dữ liệu từ bản sao lưu.`);
}

/** The segments in the folder, by number. */
export async function segments(folder: string): Promise<number[]> {
  return (await readdir(folder))
    .map((name) => SEGMENT.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Applies a segment's commits to `state`. Returns the bytes of its whole lines; a last line that
 * is cut or fails its checksum (a commit that never completed) is not applied, and `last` says
 * whether that is allowed here (only the newest segment may end so).
 */
async function replaySegment(folder: string, n: number, state: StoreState, last: boolean): Promise<number> {
  const file = path.join(folder, segmentFile(n));
  const text = await readFile(file);
  let start = 0;
  let line = 0;
  while (start < text.length) {
    line++;
    const end = text.indexOf(10, start);
    const raw = text.subarray(start, end < 0 ? text.length : end).toString('utf8');
    const space = raw.indexOf(' ');
    const json = raw.slice(space + 1);
    const whole = end >= 0 && space === 16 && shortChecksum(json) === raw.slice(0, 16);
    if (!whole) {
      if (last && (end < 0 || text.indexOf(10, end + 1) < 0)) return start; // the cut last commit
      throw corrupt(file, `hỏng ở dòng ${line}`);
    }
    let parsed: z.infer<typeof lineSchema>;
    try {
      parsed = lineSchema.parse(JSON.parse(json));
    } catch {
      throw corrupt(file, `không đúng cấu trúc ở dòng ${line}`);
    }
    try {
      for (const change of parsed.changes) state.apply(change);
    } catch {
      throw corrupt(file, `ghi một thay đổi không khớp dữ liệu ở dòng ${line}`);
    }
    start = end + 1;
  }
  return start;
}

export interface LoadedFolder {
  state: StoreState;
  /** The newest segment and the bytes of its whole commits (where the next commit goes), or null when there is none. */
  newest: { n: number; bytes: number } | null;
  /** Segments that the snapshot already holds (a compaction cut off before removing them). */
  folded: number[];
  /** The newest segment the snapshot holds. */
  through: number;
  /** Bytes of the segments after the snapshot (what a compaction would fold in). */
  unfolded: number;
  /** The kept rounds' files the snapshot names (any other is left over); how many kept rounds it holds itself. */
  keptFiles: KeptFile[];
  keptInline: number;
  /** The audit log's and the answers' files the snapshot names, oldest first. */
  history: HistoryFile[];
  /**
   * How many audit records and answers the state holds from the snapshot itself (segment 0) and
   * from each segment replayed after it, in that order: a compaction that folds segments up to N
   * puts those of segment N and before in a file, and the store then lets them go.
   */
  heldHistory: HeldHistory[];
}

/** Audit records and answers the state holds that a segment (0: the snapshot) brought. */
export interface HeldHistory {
  segment: number;
  audit: number;
  answers: number;
}

/**
 * The state of a format-3 folder: its snapshot and every later segment (up to `upTo` when given).
 * Null when the folder has no snapshot and no journal (a new folder, or one still in format 2).
 */
export async function loadFolder(folder: string, upTo = Number.POSITIVE_INFINITY): Promise<LoadedFolder | null> {
  const all = (await segments(folder)).filter((n) => n <= upTo);
  const file = new SnapshotFile(folder);
  const db = new Low<Data | null>(file as Adapter<Data | null>, null);
  await db.read();
  if (db.data === null) {
    if (all.length === 0) return null;
    // A journal without its snapshot: the snapshot was lost or moved. Starting afresh would lose what the journal holds.
    throw new StoreLoadError(
      `Thư mục dữ liệu có nhật ký ${segmentFile(all[0] as number)} nhưng thiếu tệp ${SNAPSHOT_FILE}. Máy chủ không khởi động để khỏi ghi đè dữ liệu cũ; hãy khôi phục ${SNAPSHOT_FILE} từ bản sao lưu.`,
    );
  }
  const state = new StoreState(db.data);
  const { through } = file;
  const later = all.filter((n) => n > through);
  later.forEach((n, i) => {
    if (n !== through + i + 1) throw new StoreLoadError(`Thư mục dữ liệu thiếu nhật ký ${segmentFile(through + i + 1)}. Máy chủ không khởi động; hãy khôi phục thư mục dữ liệu từ bản sao lưu.`);
  });
  let newest: LoadedFolder['newest'] = null;
  let unfolded = 0;
  const counts = () => ({ audit: state.data.audit.length, answers: state.data.idempotency.length });
  const heldHistory: HeldHistory[] = [{ segment: 0, ...counts() }];
  for (const [i, n] of later.entries()) {
    const before = counts();
    const bytes = await replaySegment(folder, n, state, i === later.length - 1);
    newest = { n, bytes };
    unfolded += bytes;
    heldHistory.push({ segment: n, audit: counts().audit - before.audit, answers: counts().answers - before.answers });
  }
  return { state, newest, folded: all.filter((n) => n <= through), through, unfolded, keptFiles: file.keptFiles, keptInline: file.keptInline, history: file.history, heldHistory };
}

/**
 * The newest segment, open for appending. Kept open for its life, so a commit needs no new
 * descriptor; after a failed append the next one first cuts the file back to its last commit.
 */
export class JournalSegment {
  private dirty = false;

  private constructor(
    readonly n: number,
    private handle: FileHandle,
    public bytes: number,
  ) {}

  /** Opens segment `n` of `folder` to append after its first `bytes` bytes (a new, empty one for 0). */
  static async open(folder: string, n: number, bytes: number): Promise<JournalSegment> {
    const file = path.join(folder, segmentFile(n));
    const handle = await open(file, 'a', 0o600);
    try {
      const size = (await handle.stat()).size;
      if (size !== bytes) await handle.truncate(bytes); // a commit a crash cut off
      if (size === 0) await fsyncFolder(folder); // the new file's name must outlive a crash too
      return new JournalSegment(n, handle, bytes);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Appends one commit and flushes it; throws, leaving the segment as it was, when it cannot. */
  async append(line: string): Promise<void> {
    const bytes = Buffer.from(line, 'utf8');
    if (this.dirty) await this.handle.truncate(this.bytes);
    this.dirty = true; // until flushed: a failure from here on may leave part of the line
    // A write may take only part of the bytes (a disk filling up): the rest is written after it.
    for (let offset = 0; offset < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, offset);
      if (bytesWritten === 0) throw new Error('nothing written (the disk may be full)');
      offset += bytesWritten;
    }
    await this.handle.datasync();
    this.dirty = false;
    this.bytes += bytes.length;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Removes files a crash left: temp snapshots, segments a finished compaction folded in. */
export async function removeLeftovers(folder: string, folded: number[]): Promise<void> {
  await unlink(path.join(folder, `${SNAPSHOT_FILE}.tmp`)).catch(() => undefined);
  for (const n of folded) await unlink(path.join(folder, segmentFile(n))).catch(() => undefined);
}
