/**
 * The worker thread that reads untrusted workbooks (reader-pool.ts starts it): checks a report,
 * or writes the marked copy of one, under the pool's memory and time limits, so a hostile file
 * costs this thread, never the server's.
 */
import { parentPort } from 'node:worker_threads';
import { fileMessages } from '../../core/messages';
import type { ReadOptions } from '../../core/reader/read';
import type { Issue, ReportResult } from '../../core/types';
import { checkEverySheetBytes, checkWorkbookBytes, LIMITS, UnreadableFileError } from './index';
import { readReportFile } from './files';
import { markedCopy } from './mark';
import { printed } from './printed';

/** `bytes` null: the file is read here, from disk (the command line's files). */
export type ReadJob = { id: number; file: string; bytes: Uint8Array | null; limits: typeof LIMITS } & (
  | { kind: 'check'; options: ReadOptions; picture: boolean; everySheet?: boolean; asJson?: boolean }
  | { kind: 'mark'; sheet: string; issues: Issue[]; by: string }
);

/** The marked copy, or why there is none (a message for the officer). */
export type MarkResult = { bytes: Uint8Array; error?: undefined } | { error: string };

/**
 * The command line's results without each entry's raw description and cell addresses: used by the
 * checks in this thread, never by the command line, and half the bytes handed back (a 2,000-entry
 * report: 7 MB of results to clone, 3.5 MB without them).
 */
function withoutReaderText(results: ReportResult[]): ReportResult[] {
  for (const result of results) for (const entry of result.entries) {
    delete entry.description;
    delete entry.cells;
  }
  return results;
}

async function run(job: ReadJob): Promise<unknown> {
  const bytes = job.bytes ? Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength) : await readReportFile(job.file, job.limits);
  if (!Buffer.isBuffer(bytes)) return job.kind === 'check' && job.everySheet ? [job.asJson ? printed(bytes) : bytes] : bytes; // no such file, or too large
  if (job.kind === 'check') {
    // A fault of our own reader on a strange file is that file's unreadable-file, not a dead thread.
    const fault = { file: job.file, sheet: null, error: { code: 'unreadable-file' as const, message: fileMessages.corrupt() }, entries: [], issues: [] };
    if (job.everySheet) {
      const results = await checkEverySheetBytes(job.file, bytes, job.options, job.limits).then(withoutReaderText, () => [fault]);
      return job.asJson ? results.map(printed) : results;
    }
    return checkWorkbookBytes(job.file, bytes, job.options, job.limits, job.picture).catch(() => fault);
  }
  try {
    const marked = await markedCopy(bytes, job.sheet, job.issues, job.limits, job.by);
    return { bytes: new Uint8Array(marked.buffer, marked.byteOffset, marked.byteLength) } satisfies MarkResult;
  } catch (error) {
    return { error: error instanceof UnreadableFileError ? error.message : fileMessages.corrupt() } satisfies MarkResult;
  }
}

parentPort?.on('message', (job: ReadJob) => {
  void run(job).then((result) => parentPort?.postMessage({ id: job.id, result }));
});
