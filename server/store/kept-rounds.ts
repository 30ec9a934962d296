/**
 * Earlier rounds on disk, not in memory (issue #31): a round that is no longer active is written
 * to a file of its own, `phuluc-round-<checksum>.json` (its reports, scores, extensions and
 * refusals; its settings stay in the snapshot), and the snapshot names that file. A store opening
 * reads none of them: a kept round's data is read the first time something asks for it (an
 * earlier year's view, bringing the round back), and the summary worker reads the earlier years
 * it compares with from their files itself. At a nation's size the two earlier years were a third
 * of the snapshot, 0.9 s of every start and 210 MB held for nothing.
 *
 * A file is named by the checksum of its text and never changed: a round whose data changes gets
 * a new file, and a file no snapshot names any more is removed the next time a store opens.
 */
import { readFileSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Round } from '../../core/rounds/round';
import { shortChecksum } from './checksums';
import { packScores, unpackScores } from './score-table';
import { archivedRoundSchema, type ArchivedRound } from './schema';

const FILE = /^phuluc-round-[0-9a-f]{16}\.json$/;
const fileName = (text: string | Buffer) => `phuluc-round-${shortChecksum(text)}.json`;

/** What the snapshot says of a kept round in its own file: the file, and the counts the list of rounds shows. */
export const keptFileSchema = z.strictObject({
  file: z.string().regex(FILE),
  reports: z.number().int().min(0),
  scores: z.number().int().min(0),
});
export type KeptFile = z.infer<typeof keptFileSchema>;

const bodySchema = archivedRoundSchema.omit({ round: true });
type Body = z.infer<typeof bodySchema>;
/** A kept round's data as its file holds it (all but its settings). */
export type KeptBody = Body;
const reportsSchema = z.looseObject({ submissions: bodySchema.shape.submissions });

/** A kept round's data could not be read from its file (removed, damaged): the request fails with this message. */
export class KeptRoundError extends Error {
  override name = 'KeptRoundError'; // how the summary worker's failure is told apart, its message crossing as text
}

/** A kept round made from a file: its data once read (read, it may have changed), and a read of it under way elsewhere. */
interface FileSource {
  file: KeptFile;
  folder: string;
  body: Body | null;
  reading: Promise<boolean> | null;
}
const fromFile = new WeakMap<ArchivedRound, FileSource>();

/** The file a kept round's data is in, while it is still only there (not read, so unchanged). */
export function keptFileOf(kept: ArchivedRound): { file: KeptFile; path: string } | undefined {
  const found = fromFile.get(kept);
  return found && found.body === null ? { file: found.file, path: path.join(found.folder, found.file.file) } : undefined;
}

/**
 * Reads kept round `kept`'s file with `read` (in a thread of its own: kept-round-reader.ts) unless
 * its data is read already; true when it was read so. When `read` gives nothing, the data stays
 * unread: the first touch reads it here, as before, and a damaged file fails that request with its message.
 */
export function readKeptRoundWith(kept: ArchivedRound, read: (file: string) => Promise<Body | undefined>): Promise<boolean> {
  const source = fromFile.get(kept);
  if (!source || source.body !== null) return Promise.resolve(false);
  // Two requests for the round at once share one read.
  source.reading ??= read(path.join(source.folder, source.file.file)).then((body) => {
    source.reading = null;
    if (!body || source.body !== null) return false; // touched meanwhile: read here already
    source.body = body;
    return true;
  });
  return source.reading;
}

/** The text of a kept round's file, and its name. */
export function keptFileText(kept: ArchivedRound): { name: string; text: string; file: KeptFile } {
  const text = JSON.stringify({ submissions: kept.submissions, scores: packScores(kept.scores), extensions: kept.extensions, refusals: kept.refusals });
  const name = fileName(text);
  return { name, text, file: { file: name, ...countsOf(kept) } };
}

/** Reads and checks a kept round's file (its checksum, then its shape). */
export function readKeptFile(file: string): Body {
  return readChecked(file, (raw) => bodySchema.parse({ ...raw, scores: unpackScores(raw.scores) }));
}

/**
 * Only the reports of a kept round's file (the summary worker compares with them): its scores,
 * 300,000 a year at a nation's size, are neither made into objects nor checked.
 */
export function readKeptReports(file: string): Body['submissions'] {
  return readChecked(file, (raw) => reportsSchema.parse(raw).submissions);
}

function readChecked<T>(file: string, shape: (raw: { scores?: unknown }) => T): T {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new KeptRoundError(`Không đọc được tệp dữ liệu của đợt cũ ${file}: ${(error as Error).message}. Hãy khôi phục tệp này từ bản sao lưu.`);
  }
  const damaged = () => new KeptRoundError(`Tệp dữ liệu của đợt cũ ${file} bị hỏng. Hãy khôi phục tệp này từ bản sao lưu.`);
  if (path.basename(file) !== fileName(bytes)) throw damaged(); // named by its text's checksum
  try {
    return shape(JSON.parse(new TextDecoder().decode(bytes)) as { scores?: unknown });
  } catch {
    throw damaged();
  }
}

/** A kept round whose data stays in `folder`'s file until something asks for it. */
export function keptRoundFromFile(folder: string, round: Round, file: KeptFile): ArchivedRound {
  const source: FileSource = { file, folder, body: null, reading: null };
  const load = () => (source.body ??= readKeptFile(path.join(folder, file.file)));
  const kept = { round } as ArchivedRound;
  for (const key of ['submissions', 'scores', 'extensions', 'refusals'] as const) {
    Object.defineProperty(kept, key, {
      enumerable: true,
      configurable: true,
      get: () => load()[key],
      set: (value) => void ((load() as Record<typeof key, unknown>)[key] = value),
    });
  }
  fromFile.set(kept, source);
  return kept;
}

/** Kept rounds whose data the store does not hold (PostgreSQL: still only in its tables), with their counts. */
const unheld = new WeakMap<ArchivedRound, { reports: number; scores: number }>();

/**
 * A kept round of which the store holds only its settings: its data is read from the database
 * before anything uses it (PostgresStore `read(roundId)`); touching it before is a mistake in the
 * code, said as such rather than answered with an empty round.
 */
export function unheldKeptRound(round: Round, counts: { reports: number; scores: number }): ArchivedRound {
  const kept = { round } as ArchivedRound;
  for (const key of ['submissions', 'scores', 'extensions', 'refusals'] as const) {
    Object.defineProperty(kept, key, {
      enumerable: true,
      get: () => {
        throw new Error(`kept round ${round.id} used before its data was read`);
      },
    });
  }
  unheld.set(kept, counts);
  return kept;
}

/** How many units reported in a round, and how many scores it holds, counted from its data. */
function countsOf(r: Pick<ArchivedRound, 'submissions' | 'scores'>): { reports: number; scores: number } {
  return { reports: new Set(r.submissions.map((s) => s.unit)).size, scores: r.scores.length };
}

/** The same without reading a kept round's file: what its snapshot says. */
export function roundCounts(r: ArchivedRound): { reports: number; scores: number } {
  const counted = keptFileOf(r)?.file ?? unheld.get(r);
  return counted ? { reports: counted.reports, scores: counted.scores } : countsOf(r);
}

/** Every kept round's file the snapshot names is there: a missing one stops start-up, not a request months later. */
export async function checkKeptFiles(folder: string, files: ReadonlyArray<KeptFile>): Promise<void> {
  for (const { file } of files) {
    if (!(await stat(path.join(folder, file)).catch(() => null))) {
      throw new KeptRoundError(`Thư mục dữ liệu thiếu tệp ${file} (dữ liệu của một đợt cũ). Máy chủ không khởi động; hãy khôi phục tệp này từ bản sao lưu.`);
    }
  }
}

/** Removes kept rounds' files the snapshot no longer names (a round brought back, a compaction cut off before its rename). */
export async function removeUnnamedKeptFiles(folder: string, named: ReadonlyArray<KeptFile>): Promise<void> {
  const keep = new Set(named.map((f) => f.file));
  for (const name of await readdir(folder)) if (FILE.test(name) && !keep.has(name)) await unlink(path.join(folder, name)).catch(() => undefined);
}
