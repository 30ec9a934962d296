/**
 * A report as `validate --json` prints it, written in the reader thread: its JSON, and the result
 * without its entries (what the command line's exit status reads). The entries travel once, as
 * text, instead of being cloned to the main thread and written out there.
 */
import { reportJson } from '../../core/reader/report';
import type { ReportResult } from '../../core/types';

export interface PrintedReport {
  json: string;
  head: ReportResult;
}

export const printed = (result: ReportResult): PrintedReport => ({ json: JSON.stringify(reportJson(result)), head: { ...result, entries: [] } });
