/**
 * The worker thread that reads untrusted workbooks (reader-pool.ts starts it): one job at a time,
 * under the pool's memory and time limits, so a hostile file costs this thread, never the server's.
 */
import { parentPort } from 'node:worker_threads';
import { fileMessages } from '../../core/messages';
import type { ReadOptions } from '../../core/read';
import { checkWorkbookBytes, LIMITS } from './index';

export interface ReadJob {
  id: number;
  file: string;
  bytes: Uint8Array;
  options: ReadOptions;
  limits: typeof LIMITS;
}

parentPort?.on('message', (job: ReadJob) => {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  void checkWorkbookBytes(job.file, bytes, job.options, job.limits)
    // A fault of our own reader on a strange file is that file's unreadable-file, not a dead thread.
    .catch(() => ({ file: job.file, sheet: null, error: { code: 'unreadable-file' as const, message: fileMessages.corrupt() }, entries: [], issues: [] }))
    .then((result) => parentPort?.postMessage({ id: job.id, result }));
});
