/**
 * The command line's reading: every workbook the arguments name, read and checked in a reader
 * thread (server/xlsx/reader-pool.ts), in the files' order, with progress on a terminal.
 */
import type { ReadOptions } from '../../core/reader/read';
import type { ReportResult } from '../../core/types';
import { workbookReaders, type WorkbookReaders } from '../xlsx/reader-pool';
import { expandInputs } from './files';
import type { Io } from './io';

/**
 * One reader thread reading four files at once: their waits (disk, the zip library's pauses)
 * overlap. Measured on 300 ward files: 1.5 s, against 1.8 s one at a time and 1.7 s with two
 * threads (each warms ExcelJS up again, and two cores are shared with the main thread); on 3,000,
 * two threads were 0.4 s faster of 14 s, within this machine's noise.
 */
const WORKERS = 1;
const PER_WORKER = 4;
const READ_AT_ONCE = WORKERS * PER_WORKER;

/**
 * Reads every workbook the arguments name, in worker threads with the server's limits (a hostile
 * file costs its worker, and the other files are still reported), with progress on a terminal.
 * `onRead` is given each file's results as they come (the main thread is otherwise idle meanwhile).
 */
export function readReports(inputs: string[], io: Io, options: ReadOptions = {}, onRead?: (results: ReportResult[]) => void): Promise<ReportResult[]> {
  return readFiles(inputs, io, (readers, file) => readers.checkEverySheet(file, options), onRead);
}

/** Every file the arguments name read by `readOne` in the reader thread, one or more answers a file, in the files' order. */
export async function readFiles<T>(inputs: string[], io: Io, readOne: (readers: WorkbookReaders, file: string) => Promise<T[]>, onRead?: (results: T[]) => void): Promise<T[]> {
  const files = await expandInputs(inputs);
  const readers = workbookReaders({ workers: WORKERS, perWorker: PER_WORKER, queue: Number.POSITIVE_INFINITY, timeoutMs: 60_000 });
  let done = 0;
  try {
    // Results keep the files' order (a workbook of several report sheets gives one each); the reader thread reads the files itself, READ_AT_ONCE at a time.
    const results: T[][] = new Array(files.length);
    let next = 0;
    const reader = async () => {
      while (next < files.length) {
        const index = next++;
        const file = files[index] as string;
        results[index] = await readOne(readers, file);
        onRead?.(results[index]);
        if (io.progress) io.err(`\rĐã đọc ${++done}/${files.length}: ${file}\x1b[K`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_AT_ONCE, files.length) }, reader));
    if (io.progress && files.length > 0) io.err('\r\x1b[K');
    return results.flat();
  } finally {
    // Not waited for: the thread stops while the results are printed.
    void readers.close();
  }
}
