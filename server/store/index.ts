/**
 * The server's store. `Store` (contract.ts) is what the routes use. `openLowdbStore` opens the
 * embedded default on a data folder: the state in memory, a lowdb snapshot on disk and a journal
 * of the changes since (files.ts), so a commit appends what changed (changes.ts) and never
 * rewrites the data; lowdb-store.ts runs it. Opening takes the folder's lock, removes what a crash
 * left half-written, and migrates a folder of the earlier format.
 */
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { demoRound, type Round } from '../../core/rounds/round';
import { roundSchema } from '../../core/rounds/round-schema';
import { emptyData, StoreState } from './state';
import { fsyncFolder, JournalSegment, loadFolder, removeLeftovers, StoreLoadError, writeSnapshot, type HeldHistory } from './files';
import { HistoryFileError, HistoryFiles, removeUnnamedHistoryFiles, type HistoryFile } from './history-files';
import { Format2File } from './format-2';
import { removeUnnamedKeptFiles } from './kept-rounds';
import { lockFolder } from './lock';
import { LowdbStore } from './lowdb-store';

export * from './schema';
import { tokensPurged } from './schema';
export * from './contract';
export { FolderLockedError } from './lock';
export { StoreLoadError, SNAPSHOT_FILE, segmentFile } from './files';
export { keptFileOf, KeptRoundError, roundCounts } from './kept-rounds';
export { HistoryFileError } from './history-files';
export { LowdbStore } from './lowdb-store';
export { openPostgresStore, PostgresStore, type PostgresOptions } from './postgres/postgres-store';

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
  /** Told why a compaction failed (a full disk, a damaged segment): the journal is kept and folded next time; the server logs it. */
  onCompactionFailed?: (reason: string) => void;
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

/** The folder's state: a snapshot and journal as they are, format 2 migrated (snapshot first, then the old files moved aside), or a new one. */
async function loadOrCreate(
  folder: string,
  options: OpenOptions,
): Promise<{ state: StoreState; segment: { n: number; bytes: number }; unfolded: number; keptInline: number; history: HistoryFile[]; heldHistory: HeldHistory[] }> {
  const loaded = await loadFolder(folder);
  if (loaded) {
    await removeLeftovers(folder, loaded.folded);
    await removeUnnamedKeptFiles(folder, loaded.keptFiles);
    await removeUnnamedHistoryFiles(folder, loaded.history);
    await keepFormat2Aside(folder); // a migration a crash cut off after its snapshot
    const { state, unfolded, keptInline, history, heldHistory } = loaded;
    return { state, segment: loaded.newest ?? { n: loaded.through + 1, bytes: 0 }, unfolded, keptInline, history, heldHistory };
  }
  const format2 = await new Format2File(path.join(folder, FORMAT_2_FILE)).read();
  const data = format2 ?? emptyData(roundSchema.parse(options.round ?? demoRound(options.now?.() ?? new Date())));
  await writeSnapshot(folder, data, 0);
  await keepFormat2Aside(folder);
  return { state: new StoreState(data), segment: { n: 1, bytes: 0 }, unfolded: 0, keptInline: 0, history: [], heldHistory: [{ segment: 0, audit: data.audit.length, answers: data.idempotency.length }] };
}

export async function openLowdbStore(folder: string, options: OpenOptions = {}): Promise<LowdbStore> {
  await mkdir(path.join(folder, 'uploads'), { recursive: true });
  const unlock = await lockFolder(folder);
  try {
    await removeTempUploads(folder);
    const purgedBefore = tokensPurged.count;
    const { state, segment, unfolded, keptInline, history, heldHistory } = await loadOrCreate(folder, options);
    const files = await HistoryFiles.open(folder, history).catch((error: unknown) => {
      throw error instanceof HistoryFileError ? new StoreLoadError(error.message) : error;
    });
    const journal = await JournalSegment.open(folder, segment.n, segment.bytes);
    const store = new LowdbStore(state, journal, folder, unlock, options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER, unfolded, files, heldHistory, options.onCompactionFailed);
    // Tokens kept in the files by an earlier version are gone from the state: a new snapshot takes
    // them off the disk too; kept rounds and the audit log and answers held in the snapshot go to
    // files of their own. Otherwise only a long journal left by the last run (a crash cut its
    // compaction off) is folded, since it makes every start slower.
    const inline = heldHistory[0]!;
    if (tokensPurged.count > purgedBefore || keptInline > 0 || inline.audit + inline.answers > 0) store.compactNow();
    else store.compactIfLong();
    return store;
  } catch (error) {
    await unlock();
    throw error;
  }
}
