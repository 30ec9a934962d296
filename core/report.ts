/**
 * One workbook's sheets → the report result of DESIGN §5: the entries found and every finding.
 * The single entry point the add-in, the server and the command line call.
 */
import { messages } from './messages';
import { readReport, type ReadOptions } from './read';
import type { NamedGrid, ReportResult } from './types';
import { validateReport } from './validate';

export function checkWorkbook(file: string, sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}): ReportResult {
  const report = readReport(sheets, options);
  if (!report) {
    return { file, sheet: null, error: { code: 'header-not-found', message: messages.headerNotFound() }, entries: [], issues: [] };
  }
  return {
    file,
    sheet: report.sheet,
    error: null,
    entries: report.entries,
    titleBlock: report.titleBlock,
    headerRow: report.headerRow,
    issues: validateReport(report.entries, report.firstDataRow - 1, options),
  };
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
