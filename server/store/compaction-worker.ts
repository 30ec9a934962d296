/**
 * The worker thread that compacts the journal (index.ts starts one per compaction): it reads the
 * snapshot and the sealed segments from disk itself and writes the next snapshot, so the main
 * thread never parses or serialises the whole state while requests wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFolder, writeSnapshot } from './files';

export interface CompactionJob {
  folder: string;
  /** The newest sealed segment: the snapshot is written with every segment up to it folded in. */
  upTo: number;
}

async function compact({ folder, upTo }: CompactionJob): Promise<void> {
  const loaded = await loadFolder(folder, upTo);
  if (!loaded) throw new Error('no snapshot to compact');
  await writeSnapshot(folder, loaded.state.data, upTo);
}

compact(workerData as CompactionJob).then(
  () => parentPort?.postMessage({ done: true }),
  (error: unknown) => parentPort?.postMessage({ done: false, error: String(error) }),
);
