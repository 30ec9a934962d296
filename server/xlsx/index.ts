/**
 * Reading a report workbook from bytes or a file. Never throws for a bad workbook: anything that
 * yields no report becomes an `unreadable-file` result, so one bad file never stops the others.
 */
import { Workbook } from './exceljs';
import { fileMessages, messages } from '../../core/messages';
import type { ReadOptions } from '../../core/reader/read';
import { checkWorkbook, checkWorkbookSheets } from '../../core/reader/report';
import { sheetPicture, type SheetPicture } from '../../core/reader/sheet-picture';
import type { NamedGrid, ReportResult } from '../../core/types';
import { worksheetGrid } from './grid';
import { readReportFile, unreadable } from './files';
import { SUMMARY_MARK } from './summary-mark';
import { checkXlsxBytes, forReading, LIMITS, UnreadableFileError } from './zip-guard';
import { loadParts } from './read-xlsx';

export { LIMITS, UnreadableFileError } from './zip-guard';

export interface LoadedWorkbook {
  sheets: NamedGrid[];
  /** Names of sheets cut at the row or column limit. */
  truncated: string[];
  /** The workbook is a summary Phụ lục wrote (its document properties say so), not a report. */
  ownSummary: boolean;
}

/** Checks and opens an .xlsx; throws UnreadableFileError with a clerk-readable message. */
export async function loadWorkbook(bytes: Buffer, limits = LIMITS): Promise<LoadedWorkbook> {
  // Inflated once, natively, by the guard; ExcelJS parses the parts as they are (read-xlsx.ts).
  const parts = forReading(checkXlsxBytes(bytes, limits));
  const workbook = new Workbook();
  try {
    await loadParts(workbook, parts);
  } catch {
    throw new UnreadableFileError(fileMessages.corrupt());
  }
  const sheets: NamedGrid[] = [];
  const truncated: string[] = [];
  for (const sheet of workbook.worksheets) {
    // Hidden sheets are not read, as in the add-in (which reads the visible sheets only): an old
    // copy kept hidden is not the report the officer sees.
    if (sheet.state !== 'visible' && sheet.state !== undefined) continue;
    const { grid, truncated: cut, merges, hiddenRows } = worksheetGrid(sheet, limits);
    sheets.push({ name: sheet.name, grid, merges, hiddenRows });
    if (cut) truncated.push(sheet.name);
  }
  const ownSummary = workbook.creator === SUMMARY_MARK.creator && (workbook.title ?? '').startsWith(SUMMARY_MARK.titlePrefix);
  return { sheets, truncated, ownSummary };
}


/** A report as checked for the browser page: with the picture of its table. */
export type PicturedReport = ReportResult & { picture?: SheetPicture | null };

/** The workbook opened, or the result that says why it holds no report. */
async function openReport(file: string, bytes: Buffer, limits: typeof LIMITS): Promise<LoadedWorkbook | ReportResult> {
  let loaded: LoadedWorkbook;
  try {
    loaded = await loadWorkbook(bytes, limits);
  } catch (error) {
    if (error instanceof UnreadableFileError) return unreadable(file, error.message);
    return unreadable(file, fileMessages.corrupt());
  }
  if (loaded.ownSummary) return { file, sheet: null, error: { code: 'not-a-report', message: fileMessages.ownSummary() }, entries: [], issues: [] };
  return loaded;
}

/** A sheet cut at the limits says so in its report. */
function withTruncation(result: ReportResult, loaded: LoadedWorkbook, limits: typeof LIMITS): ReportResult {
  if (result.sheet && loaded.truncated.includes(result.sheet)) {
    result.issues.unshift({
      code: 'sheet-truncated',
      severity: 'warning',
      row: null,
      cell: null,
      message: messages.sheetTruncated(result.sheet, limits.rows, limits.columns),
    });
  }
  return result;
}

/**
 * Reads and checks one report from its bytes (a workbook sent as one unit's report: other report
 * sheets are named by sheet-not-read). `file` is the name shown to the user; with `picture`, the
 * result carries the picture of the table (core/reader/sheet-picture.ts).
 */
export async function checkWorkbookBytes(file: string, bytes: Buffer, options: ReadOptions = {}, limits = LIMITS, picture = false): Promise<PicturedReport> {
  const loaded = await openReport(file, bytes, limits);
  if (!('sheets' in loaded)) return loaded;
  const result = withTruncation(checkWorkbook(file, loaded.sheets, options), loaded, limits);
  if (!picture) return result;
  const sheet = loaded.sheets.find((s) => s.name === result.sheet);
  return { ...result, picture: sheet ? sheetPicture(sheet, result) : null };
}

/** Every report sheet of a workbook, one result each (the command line's `files`). */
export async function checkEverySheetBytes(file: string, bytes: Buffer, options: ReadOptions = {}, limits = LIMITS): Promise<ReportResult[]> {
  const loaded = await openReport(file, bytes, limits);
  if (!('sheets' in loaded)) return [loaded];
  return checkWorkbookSheets(file, loaded.sheets, options).map((r) => withTruncation(r, loaded, limits));
}

/** Reads and checks one report file in this thread (trusted callers only); `file` is the path as the user gave it. */
export async function checkWorkbookFile(file: string, options: ReadOptions = {}, limits = LIMITS): Promise<ReportResult> {
  const bytes = await readReportFile(file, limits);
  return Buffer.isBuffer(bytes) ? checkWorkbookBytes(file, bytes, options, limits) : bytes;
}
