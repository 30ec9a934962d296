/**
 * One workbook's sheets → the report result of DESIGN §5: the entries found and every finding.
 * The single entry point the add-in, the server and the command line call.
 */
import { messages } from '../messages';
import { readReports, type ReadOptions, type ReadReport } from './read';
import type { Issue, NamedGrid, ReportResult } from '../types';
import { validateReport } from './validate';

/**
 * A warning when the title block names a year ("… năm 2024") and never the round's: most often
 * last year's file chosen by mistake. A plan's date ("ngày 15/3/2025") is not such a naming.
 */
function otherYear(report: ReadReport, options: ReadOptions): Issue[] {
  if (!options.year) return [];
  const named = new Set(report.titleBlock.flatMap((text) => [...text.matchAll(/\bn[aă]m\s+(20\d{2})\b/giu)].map((m) => Number(m[1]))));
  if (named.size === 0 || named.has(options.year)) return [];
  const [year] = [...named];
  return [{ code: 'other-year', severity: 'warning', row: null, cell: null, message: messages.otherYear(year!, options.year) }];
}

function resultOf(file: string, report: ReadReport, options: ReadOptions, others: ReadonlyArray<ReadReport> = []): ReportResult {
  const notRead: Issue[] = others.map((other) => ({
    code: 'sheet-not-read',
    severity: 'warning',
    row: null,
    cell: null,
    message: messages.sheetNotRead(other.sheet, other.entries.length, report.sheet),
  }));
  const issues = [...notRead, ...otherYear(report, options), ...report.findings, ...validateReport(report.entries, report.firstDataRow - 1, options)];
  return { file, sheet: report.sheet, error: null, entries: report.entries, titleBlock: report.titleBlock, headerRow: report.headerRow, issues };
}

function headerNotFound(file: string): ReportResult {
  return { file, sheet: null, error: { code: 'header-not-found', message: messages.headerNotFound() }, entries: [], issues: [] };
}

/**
 * One workbook's report, for where a workbook is one report (the pane, an upload): the first
 * report sheet, or `prefer` when it is one; any other report sheet is named by sheet-not-read.
 */
export function checkWorkbook(file: string, sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}, prefer?: string): ReportResult {
  const reports = readReports(sheets, options);
  // The preferred sheet (the pane's active one) is read even when it holds no entry yet.
  const preferred = prefer === undefined ? undefined : (reports.find((r) => r.sheet === prefer) ?? readReports(sheets.filter((s) => s.name === prefer), options)[0]);
  const chosen = preferred ?? reports[0];
  if (!chosen) return headerNotFound(file);
  return resultOf(file, chosen, options, reports.filter((r) => r.sheet !== chosen.sheet));
}

/** Every report sheet of a workbook, one result each (the command line's `files`, DESIGN §5). */
export function checkWorkbookSheets(file: string, sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}): ReportResult[] {
  const reports = readReports(sheets, options);
  return reports.length === 0 ? [headerNotFound(file)] : reports.map((r) => resultOf(file, r, options));
}

/** One element of `files` in `phuluc validate --json` (DESIGN §5): an entry's contract fields, and the city contest's columns when the report has them. */
export function reportJson(result: ReportResult) {
  return {
    file: result.file,
    sheet: result.sheet,
    error: result.error,
    entries: result.entries.map(({ row, stt, unit, title, field, sections, note, authors, phone, category }) => ({
      row,
      stt,
      unit,
      title,
      field,
      sections,
      note,
      ...(authors === undefined ? {} : { authors }),
      ...(phone === undefined ? {} : { phone }),
      ...(category === undefined ? {} : { category }),
    })),
    issues: result.issues,
  };
}
