/**
 * Report files from disk, before any reading: the bytes, or why there are none. No ExcelJS here,
 * so the command line's main thread (which hands the bytes to the reader threads) never loads it.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileMessages } from '../../core/messages';
import type { ReportResult } from '../../core/types';
import { LIMITS } from './zip-guard';

export function unreadable(file: string, message: string): ReportResult {
  return { file, sheet: null, error: { code: 'unreadable-file', message }, entries: [], issues: [] };
}

/** The bytes of a report file, or the unreadable-file result that says why there are none. */
export async function readReportFile(file: string, limits = LIMITS): Promise<Buffer | ReportResult> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return unreadable(file, fileMessages.notFound());
    // Refuse before reading a huge file into memory.
    if (info.size > limits.fileBytes) return unreadable(file, fileMessages.tooLarge(Math.round(limits.fileBytes / 1024 / 1024)));
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unreadable(file, code === 'ENOENT' ? fileMessages.notFound() : fileMessages.corrupt());
  }
}
