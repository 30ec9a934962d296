/**
 * The worker thread that compacts the journal (index.ts starts one per compaction): it reads the
 * snapshot and the sealed segments from disk itself and writes the next snapshot, so the main
 * thread never parses or serialises the whole state while requests wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadFolder, writeDurably, writeSnapshot } from './files';
import { writeHistoryFile, type HistoryFile } from './history-files';
import type { KeptRoundFile } from './snapshot-format';

export interface CompactionJob {
  folder: string;
  /** The newest sealed segment: the snapshot is written with every segment up to it folded in. */
  upTo: number;
}

/** The compaction's answer: whether the snapshot was written, the file each kept round is in, the audit log's and the answers' files. */
export type CompactionAnswer = { done: true; kept: KeptRoundFile[]; history: HistoryFile[] } | { done: false; error: string };

/** The audit records and answers folded in go to a history file of their own (history-files.ts), not into the snapshot. */
async function compact({ folder, upTo }: CompactionJob): Promise<{ kept: KeptRoundFile[]; history: HistoryFile[] }> {
  const loaded = await loadFolder(folder, upTo);
  if (!loaded) throw new Error('no snapshot to compact');
  const data = loaded.state.data;
  const history = [...loaded.history];
  if (data.audit.length + data.idempotency.length > 0) history.push(await writeHistoryFile(folder, data.audit, data.idempotency, writeDurably));
  return { kept: await writeSnapshot(folder, { ...data, audit: [], idempotency: [] }, upTo, history), history };
}

compact(workerData as CompactionJob).then(
  ({ kept, history }) => parentPort?.postMessage({ done: true, kept, history } satisfies CompactionAnswer),
  (error: unknown) => parentPort?.postMessage({ done: false, error: String(error) } satisfies CompactionAnswer),
);
