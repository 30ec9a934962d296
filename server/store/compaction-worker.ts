/**
 * The worker thread that compacts the journal (index.ts starts one per compaction): it reads the
 * snapshot and the sealed segments from disk itself and writes the next snapshot, so the main
 * thread never parses or serialises the whole state while requests wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFolder, writeSnapshot } from './files';
import type { KeptRoundFile } from './snapshot-format';

export interface CompactionJob {
  folder: string;
  /** The newest sealed segment: the snapshot is written with every segment up to it folded in. */
  upTo: number;
}

/** The compaction's answer: whether the snapshot was written, and the file each kept round is in. */
export type CompactionAnswer = { done: true; kept: KeptRoundFile[] } | { done: false; error: string };

async function compact({ folder, upTo }: CompactionJob): Promise<KeptRoundFile[]> {
  const loaded = await loadFolder(folder, upTo);
  if (!loaded) throw new Error('no snapshot to compact');
  return writeSnapshot(folder, loaded.state.data, upTo);
}

compact(workerData as CompactionJob).then(
  (kept) => parentPort?.postMessage({ done: true, kept } satisfies CompactionAnswer),
  (error: unknown) => parentPort?.postMessage({ done: false, error: String(error) } satisfies CompactionAnswer),
);
