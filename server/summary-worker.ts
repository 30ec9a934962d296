/**
 * The worker thread that consolidates a round (summary-pool.ts starts it): the duplicate search
 * and the aggregation of every score take seconds at a city's size, and on the main thread they
 * would hold every other request that long. Answers with the bytes to send, in chunks as they are
 * written (the workbook streams), each transferred.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { consolidate, scoresOf, type EarlierEntry, type Refusal, type ReportInput, type Summary } from '../core/consolidation/consolidate';
import type { ScoreColumns } from '../core/consolidation/score-columns';
import { HeldScoreColumns, type ScoreHandOver } from '../core/consolidation/score-hand-over';
import { jsonPieces } from './json-pieces';
import { earlierEntriesOf, type EarlierPart } from './earlier-entries';
import { readKeptReports } from './store/kept-rounds';
import { readUnheldReports } from './store/postgres/kept-in-tables';
import type { Round } from '../core/rounds/round';
import { DuplicateIndex } from '../core/consolidation/duplicate-index';
import { describedForSearch } from '../core/consolidation/duplicate-text';
import { dashboard, summaryTables } from '../core/consolidation/summary-sheets';
import type { SummaryTable } from '../core/consolidation/sheet-layout';
import { summaryWorkbook } from './xlsx/summary';
import { documentBytes } from './docx/documents';
import { DOCUMENTS, type DocumentName } from '../core/documents/documents';

/**
 * What is built: the JSON (everything, for the command line and integrations), the sheets the
 * pane writes into the workbook (its tables, dashboard and what the jury must settle, no more),
 * the workbook, or one of the documents that follow (core/documents/award-documents).
 */
export type SummaryKind = 'json' | 'sheets' | 'xlsx' | DocumentName;

/** The reports and earlier years' entries (or their files) a summary reads: the scores change far more often. */
export interface SummaryReports {
  reports: ReportInput[];
  earlier: EarlierPart[];
}

export interface SummaryJob {
  id: number;
  kind: SummaryKind;
  round: Round;
  /**
   * The reports, in order: a number is the last job's report at that place (unchanged), null the
   * next of those sent just before, in SummaryReports messages (a few reports each, so that no one
   * message holds the main thread long): a report sent again is all that crosses.
   */
  reports: Array<number | null>;
  /** The earlier years' entries: the last job's, or those sent just before. */
  earlier: 'same' | 'sent';
  /** The scores changed since the last job, or all of them; handed over, not copied (summary-pool.ts). */
  scores: ScoreHandOver;
  refusals: Refusal[];
  reviewers: Array<{ id: string; name: string }>;
}

/** The reports and earlier entries of the last job. */
let held: { reports: ReportInput[]; earlier: EarlierEntry[] } = { reports: [], earlier: [] };
/** Those arriving for the next. */
let arriving: SummaryReports = { reports: [], earlier: [] };

/**
 * The earlier entries of the parts that arrived, in order: those sent, and those of kept rounds'
 * files and tables, read here. Held until the earlier years change, each description as the
 * duplicate search reads it (folded): at a nation's size, two years' text is half the memory so.
 */
async function earlierEntries(parts: ReadonlyArray<EarlierPart>, of: Round): Promise<EarlierEntry[]> {
  const entries: EarlierEntry[] = [];
  for (const part of parts) {
    const came = 'entries' in part ? part.entries : earlierEntriesOf({ round: part.round, submissions: 'file' in part ? readKeptReports(part.file) : await readUnheldReports(part) }, of);
    for (const entry of came) entries.push(describedForSearch(entry));
  }
  return entries;
}

/** The job's reports and earlier entries: those kept from the last job, and those that arrived for it (`came`). */
async function textsOf(job: SummaryJob, came: SummaryReports): Promise<{ reports: ReportInput[]; earlier: EarlierEntry[] }> {
  let next = 0;
  const reports = job.reports.map((place) => (place === null ? came.reports[next++] : held.reports[place]));
  if (reports.some((r) => r === undefined) || next !== came.reports.length) throw new Error('summary job and its reports do not match');
  const earlier = job.earlier === 'same' ? held.earlier : await earlierEntries(came.earlier, job.round);
  held = { reports: reports as ReportInput[], earlier };
  return held;
}

/** What the duplicate search did for a build: whether it ran the whole join, how many entries it measured one by one. */
export interface SearchWork {
  whole: number;
  measured: number;
}

/**
 * The answer, in messages: the bytes in chunks as they are written, then whether it is done (with
 * the duplicate search's work) or failed.
 */
export type SummaryAnswer = { id: number; chunk: Uint8Array } | { id: number; done: true; search: SearchWork } | { id: number; error: string };

/**
 * The duplicate search, kept between builds: scores never change it, and a report sent again is
 * measured on its own against the rest (core/consolidation/duplicate-index.ts).
 */
const duplicates = new DuplicateIndex();

/** The scores' columns of the last job, brought up to date by each job's changes. */
const scoresHeld = new HeldScoreColumns();

async function consolidated(job: SummaryJob, came: SummaryReports): Promise<{ summary: Summary; search: SearchWork; scores: ScoreColumns }> {
  // The scores first: the next job's changes count on this job's, whatever happens to the rest of it.
  const scores = scoresHeld.apply(job.scores);
  const { reports, earlier } = await textsOf(job, came);
  const before = { whole: duplicates.wholeSearches, measured: duplicates.entriesMeasured };
  const summary = consolidate(job.round, reports, scores, earlier, { refusals: job.refusals, duplicates: (all) => duplicates.search(all) });
  return { summary, scores, search: { whole: duplicates.wholeSearches - before.whole, measured: duplicates.entriesMeasured - before.measured } };
}

/** Rows of a big table in one part of the pane's sheets: about a megabyte of Tổng hợp's (descriptions in full). */
export const ROWS_A_PART = 400;

/**
 * The pane's sheets in parts, each a JSON text of its own (summary-bytes: one chunk a part). First
 * what the pane shows at once (the dashboard, what the jury must settle), sent before any table is
 * laid out (0.4 s at a nation's size); then every table with its first rows and their flags, and
 * how many parts there are; then the other rows, ROWS_A_PART at a time, each with its rows' flags.
 * At a nation's size the whole is 53 MB: the pane fetches it part by part, no request waits for more than a part.
 */
function* sheetsParts(round: Round, summary: Summary): Generator<string> {
  const { underScored, divergent } = summary;
  yield JSON.stringify({ provisional: summary.provisional, summary: { underScored, divergent }, dashboard: dashboard(round, summary) });
  const rest: Array<{ sheet: string; from: number; rows: unknown[][]; flags: SummaryTable['flags'] }> = [];
  const heads = summaryTables(round, summary).map((table) => {
    // Each flag goes with its row's part: Trùng lặp flags every row, 100,000 of them at a nation's size.
    const flagsByPart: Array<SummaryTable['flags']> = [];
    for (const flag of table.flags) (flagsByPart[Math.floor(flag.row / ROWS_A_PART)] ??= []).push(flag);
    for (let from = ROWS_A_PART; from < table.rows.length; from += ROWS_A_PART) rest.push({ sheet: table.sheet, from, rows: table.rows.slice(from, from + ROWS_A_PART), flags: flagsByPart[from / ROWS_A_PART] ?? [] });
    return { ...table, rows: table.rows.slice(0, ROWS_A_PART), flags: flagsByPart[0] ?? [], rowCount: table.rows.length };
  });
  yield JSON.stringify({ tables: heads, parts: 2 + rest.length });
  for (const part of rest) yield JSON.stringify(part);
}

/** The answer's bytes: the workbook as it is written, the JSON in pieces, the pane's sheets in parts, a document whole. */
async function* render(job: SummaryJob, summary: Summary, scores: ScoreColumns): AsyncGenerator<Uint8Array> {
  if (job.kind === 'xlsx') yield* summaryWorkbook(job.round, summary) as AsyncIterable<Buffer>;
  // The parts after the first gzipped (fastest level): the route sends them as they are to a client that takes gzip (the pane), so
  // a nation's 38.6 MB of parts crosses the network, and is kept on the main thread, as 10.4 MB. The first, a few
  // kilobytes, is sent inside the answer that names the build, as it is.
  else if (job.kind === 'sheets') {
    let n = 0;
    for (const part of sheetsParts(job.round, summary)) yield n++ === 0 ? Buffer.from(part) : gzipSync(part, { level: 1 });
  }
  // Everything, for the command line and integrations; the tables too, so the add-in writes the same sheets as the .xlsx without knowing the round's details.
  else if (job.kind === 'json') yield* jsonPieces({ provisional: summary.provisional, summary, tables: summaryTables(job.round, summary), dashboard: dashboard(job.round, summary) });
  // The scores one by one now, before the next job's changes reach the columns.
  else {
    const documented = DOCUMENTS[job.kind](job.round, summary, { scores: scoresOf(scores), reviewers: job.reviewers });
    yield await documentBytes(documented);
  }
}

/**
 * Jobs are consolidated one after another, in the order they came (each starts from the last one's
 * reports and scores), though one may still be sending its bytes when the next begins.
 */
let consolidating: Promise<unknown> = Promise.resolve();

async function run(job: SummaryJob, came: SummaryReports): Promise<SearchWork> {
  const done = consolidating.then(() => consolidated(job, came));
  // What the next job waits for, holding nothing: resolved with this job's result, it kept the last summary alive until the next one was built.
  consolidating = done.then(
    () => undefined,
    () => undefined,
  );
  const { summary, search, scores } = await done;
  for await (const bytes of render(job, summary, scores)) {
    // Handed over as it is when it is the whole of its ArrayBuffer (a part's JSON made into bytes); copied into one of
    // its own first when it shares one (Node's buffer pool, a stream's chunk). Copying every chunk made a second copy of
    // every byte of an answer (85 MB of the JSON's at a nation's size) for the collector to find.
    const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const chunk = whole ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
    parentPort?.postMessage({ id: job.id, chunk } satisfies SummaryAnswer, [chunk.buffer]);
    // A job that arrives meanwhile starts now, not after the last of these parts: a nation's 200 parts took 1.5 s.
    await nextTurn();
  }
  return search;
}

/**
 * This thread runs below the main thread's priority (SUMMARY_NICE more nice): on a machine busy
 * with both, the requests the main thread answers go first and a summary takes what is left.
 * Linux keeps a nice value per thread (setpriority(2) on the thread's id); elsewhere, or where it
 * is not allowed, the thread keeps the process's priority.
 */
export const SUMMARY_NICE = 5;
function lowerPriority(): void {
  try {
    const tid = Number(/\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + SUMMARY_NICE));
  } catch {
    // not Linux, or not allowed
  }
}
if (parentPort) lowerPriority();

parentPort?.on('message', (message: SummaryJob | SummaryReports) => {
  if (!('id' in message)) {
    arriving.reports.push(...message.reports);
    arriving.earlier.push(...message.earlier);
    return;
  }
  const job = message;
  // Its reports are those that came before it: the next job's may arrive while an earlier year is read for this one.
  const came = arriving;
  arriving = { reports: [], earlier: [] };
  run(job, came).then(
    (search) => parentPort?.postMessage({ id: job.id, done: true, search } satisfies SummaryAnswer),
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: String(error) } satisfies SummaryAnswer),
  );
});
