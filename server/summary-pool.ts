/**
 * Summaries are built off the request path: in one worker thread (summary-worker.ts), one at a
 * time, and kept until the store changes, so asking again costs nothing and other requests never
 * wait for a consolidation. The main thread only gathers the round's latest reports and scores
 * (references, no copy of its own) and hands them over; the bytes come back in chunks as the
 * worker writes them (SummaryBytes), so a workbook is sent while it is still being written.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import type { Refusal, ReportInput, ScoreInput } from '../core/consolidation/consolidate';
import { sameEarlierParts, type EarlierPart } from './earlier-entries';
import { handOverBuffers, KeptScoreColumns } from '../core/consolidation/score-hand-over';
import type { Round } from '../core/rounds/round';
import { SummaryBytes } from './summary-bytes';
import { KeptRoundError } from './store/kept-rounds';
import { StoreReadError } from './store/contract';
import type { SummaryAnswer, SummaryJob, SummaryKind, SummaryReports } from './summary-worker';
import { startWorker } from './worker-thread';

export interface SummaryInput {
  round: Round;
  reports: ReportInput[];
  scores: ScoreInput[];
  /** Earlier rounds' entries, or the files the worker reads them from. */
  earlier: EarlierPart[];
  /** The units' latest refused reports ("Bị trả lại" where nothing was accepted). */
  refusals: Refusal[];
  /** The jury's members by account id, for the council's minutes. */
  reviewers: Array<{ id: string; name: string }>;
}

/**
 * The main thread's part of a summary is cut into slices, the event loop served between them, so
 * no request waits behind it: packing 60,000 scores, or cloning a city's reports in one message,
 * held it 30 to 80 ms each.
 */
const SCORES_A_SLICE = 5_000;
const REPORTS_A_MESSAGE = 20;

export interface Summaries {
  /**
   * The summary as JSON, as the workbook or as one of the documents, for `version` of the store (any write makes a new
   * one); `input` is asked for only when that version's is not kept yet.
   */
  get(kind: SummaryKind, version: string, input: () => SummaryInput): SummaryBytes;
  /**
   * The answer kept for `version`, if it still is: the newest version's, or the pane's sheets of
   * the version before (a pane fetching them part by part finishes what it began while scores arrive).
   */
  kept(kind: SummaryKind, version: string): SummaryBytes | undefined;
  /** How many builds ran the whole duplicate search (the others measured only the entries that changed, if any). */
  readonly wholeSearches: number;
  /** How many entries the duplicate search measured one by one against the rest (those of reports sent again). */
  readonly entriesMeasured: number;
  /** How many reports were sent to the worker (a report it holds from the last build is not sent again). */
  readonly reportsSent: number;
  /** How many times a round's scores were packed whole, how many were packed one by one since (the others were kept), how many times the worker was handed them all. */
  readonly scorePacking: { whole: number; one: number; handedWhole: number };
  close(): Promise<void>;
}

/** Whether two gatherings hold the same report: the same submission (the store's own entry and finding lists, which a submission never changes). */
const sameReport = (x: ReportInput, y: ReportInput) => x.unit === y.unit && x.source === y.source && x.submittedAt === y.submittedAt && x.entries === y.entries && x.issues === y.issues;

/** Each report's place among those the worker holds, or null for one it must be sent (new, or sent again). */
function placesIn(held: ReadonlyArray<ReportInput>, reports: ReadonlyArray<ReportInput>): Array<number | null> {
  const byUnit = new Map(held.map((r, i) => [r.unit, i]));
  return reports.map((r) => {
    const place = byUnit.get(r.unit);
    return place !== undefined && sameReport(held[place]!, r) ? place : null;
  });
}

/** A summary that could not be built (the worker failed or ran out of memory). */
export class SummaryFailedError extends Error {}

/**
 * The summary worker's heap limit (`phuluc serve --summary-heap`), and the most it grows to. V8 lets
 * a heap fill with garbage up to several times what is live before collecting it all, so the limit,
 * more than the live data (250–650 MB at a nation's size), sets the process's peak: measured side by
 * side at that size, 2 GB gave a peak of 2.4 GB and summaries after a report in 1.3–1.85 s, 1 GB a
 * peak of 1.87–2.0 GB and 1.8–2.6 s (more collections). 2 GB keeps the summaries' target; a machine
 * short of memory sets 1024. A round too large for the limit runs the worker out of memory: that
 * summary fails (503, "thử lại sau ít phút") and the worker starts again with twice the limit, so the
 * next attempt is built.
 */
export const SUMMARY_HEAP = { firstMb: 2048, mostMb: 8192 };

/** The worker's errors that say what went wrong (crossing as text, by name): an earlier year's file or table that cannot be read. */
const CROSSING_ERRORS = { KeptRoundError, StoreReadError } as const;

/** Why a worker thread stopped when its heap limit was reached (Node's error code). */
const OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * `reportsAMessage`: how many reports go to the worker in one message (and ten times as many
 * earlier entries); `heapMb`: the worker's first heap limit (doubled, up to SUMMARY_HEAP.mostMb, each time it runs out).
 */
export function summaryBuilder({ reportsAMessage = REPORTS_A_MESSAGE, heapMb = SUMMARY_HEAP.firstMb } = {}): Summaries & { readonly heapMb: number } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, SummaryBytes>();
  /** The latest version's answers by kind, whole or still arriving. */
  const kept = new Map<string, SummaryBytes>();
  let earlierSheets: { version: string; bytes: SummaryBytes } | null = null;
  let wholeSearches = 0;
  let entriesMeasured = 0;
  let reportsSent = 0;
  /**
   * The reports and earlier entries the worker holds from the last job: while reviewers score, each
   * score makes a new summary of the same reports, and cloning them (thousands of entries with
   * their text) was most of the time the main thread spent on a summary; when a unit sends again,
   * its report is all that crosses.
   */
  let held: SummaryReports | null = null;
  /** Each round's scores as columns, kept between builds: only scores added or changed since are packed. */
  const scoreColumns = new Map<string, KeptScoreColumns>();
  /** The round whose score columns the worker holds as last handed over (it is then sent only the changes), or null. */
  let scoresHeld: string | null = null;

  function failAll(reason: string): void {
    worker = null;
    held = null;
    scoresHeld = null;
    for (const bytes of pending.values()) bytes.fail(new SummaryFailedError(reason));
    pending.clear();
    kept.clear();
    earlierSheets = null;
  }

  function started(): Worker {
    if (worker) return worker;
    const w = startWorker(__dirname, 'summary-worker', heapMb);
    w.on('message', (answer: SummaryAnswer) => {
      const bytes = pending.get(answer.id);
      if (!bytes) return;
      if ('chunk' in answer) return bytes.push(Buffer.from(answer.chunk.buffer, answer.chunk.byteOffset, answer.chunk.byteLength));
      pending.delete(answer.id);
      if (pending.size === 0) w.unref(); // an idle worker never keeps the process alive
      if ('done' in answer) {
        wholeSearches += answer.search.whole;
        entriesMeasured += answer.search.measured;
        bytes.finish();
      } else {
        // The worker may not have taken this job's reports or scores: the next is sent them all.
        held = null;
        scoresHeld = null;
        // An earlier year's file or table that cannot be read says so (the worker's error crosses as text), not that the server is busy.
        const [, name, message] = /^(\w+): (.*)$/s.exec(answer.error) ?? [];
        const Said = name !== undefined && Object.hasOwn(CROSSING_ERRORS, name) ? CROSSING_ERRORS[name as keyof typeof CROSSING_ERRORS] : undefined;
        bytes.fail(Said ? new Said(message) : new SummaryFailedError(answer.error));
      }
    });
    w.on('error', (error) => {
      if ((error as { code?: string }).code === OUT_OF_MEMORY) heapMb = Math.min(SUMMARY_HEAP.mostMb, 2 * heapMb);
      failAll(String(error));
    });
    w.on('exit', () => {
      if (worker === w) failAll('summary worker exited');
    });
    worker = w;
    return w;
  }

  /** Jobs are handed over one after another: the reports of one are never interleaved with another's. */
  let handing: Promise<void> = Promise.resolve();

  /** The job to the worker, in slices: the reports it does not hold yet, the earlier entries if they changed, then the scores. */
  async function handOver(w: Worker, id: number, kind: SummaryKind, input: SummaryInput): Promise<void> {
    await nextTurn(); // not in the same turn as gathering the input: requests waiting meanwhile go first
    const kept = scoreColumns.get(input.round.id) ?? scoreColumns.set(input.round.id, new KeptScoreColumns()).get(input.round.id)!;
    await kept.update(input.round, input.scores, nextTurn, SCORES_A_SLICE);
    if (worker !== w) throw new SummaryFailedError('summary worker exited');
    const places = placesIn(held?.reports ?? [], input.reports);
    const earlierSame = held !== null && sameEarlierParts(held.earlier, input.earlier);
    held = { reports: input.reports, earlier: input.earlier };
    const toSend = input.reports.filter((_, i) => places[i] === null);
    reportsSent += toSend.length;
    for (let i = 0; i < toSend.length; i += reportsAMessage) {
      w.postMessage({ reports: toSend.slice(i, i + reportsAMessage), earlier: [] } satisfies SummaryReports);
      await nextTurn();
    }
    if (!earlierSame) {
      for (const part of input.earlier) {
        // A kept round's file or table is named in one message; entries go ten reports' worth at a time.
        const messages: EarlierPart[] = [];
        if (!('entries' in part)) messages.push(part);
        else for (let i = 0; i < part.entries.length; i += 10 * reportsAMessage) messages.push({ entries: part.entries.slice(i, i + 10 * reportsAMessage) });
        for (const message of messages) {
          w.postMessage({ reports: [], earlier: [message] } satisfies SummaryReports);
          await nextTurn();
        }
      }
    }
    if (worker !== w) throw new SummaryFailedError('summary worker exited');
    // The scores changed since the worker's last job (it holds that job's columns), or all of them; posted at once, so what the worker holds is what was handed.
    const scores = kept.handOver(scoresHeld === input.round.id);
    scoresHeld = null; // until posted: a job that never reaches the worker leaves it holding what it held
    const job: SummaryJob = { id, kind, round: input.round, reports: places, earlier: earlierSame ? 'same' : 'sent', scores, refusals: input.refusals, reviewers: input.reviewers };
    // Their arrays are handed over, not copied: tens of thousands of objects cloned here would hold the main thread.
    w.postMessage(job, handOverBuffers(scores));
    scoresHeld = input.round.id;
  }

  function build(kind: SummaryKind, input: SummaryInput): SummaryBytes {
    const w = started();
    w.ref();
    const id = nextId++;
    const bytes = new SummaryBytes();
    pending.set(id, bytes);
    // The scores as they are now (this version's): the store may change its list before the hand-over runs.
    const now = { ...input, scores: [...input.scores] };
    handing = handing.then(() =>
      handOver(w, id, kind, now).catch((error: unknown) => {
        pending.delete(id);
        bytes.fail(error instanceof Error ? error : new SummaryFailedError(String(error)));
      }),
    );
    return bytes;
  }

  return {
    /** The heap limit the worker has, or is started with (MB). */
    get heapMb() {
      return heapMb;
    },
    get wholeSearches() {
      return wholeSearches;
    },
    get entriesMeasured() {
      return entriesMeasured;
    },
    get reportsSent() {
      return reportsSent;
    },
    get scorePacking() {
      const all = [...scoreColumns.values()];
      return { whole: all.reduce((n, k) => n + k.wholePacks, 0), one: all.reduce((n, k) => n + k.scoresPacked, 0), handedWhole: all.reduce((n, k) => n + k.wholeHandOvers, 0) };
    },
    kept(kind, version) {
      return kept.get(`${kind}|${version}`) ?? (kind === 'sheets' && earlierSheets?.version === version ? earlierSheets.bytes : undefined);
    },
    get(kind, version, input) {
      const key = `${kind}|${version}`;
      let answer = kept.get(key);
      if (!answer) {
        // Only the newest version is kept (and the sheets of the one before, for a pane still fetching their parts).
        for (const [old, bytes] of kept) {
          if (old.endsWith(`|${version}`)) continue;
          if (old.startsWith('sheets|')) earlierSheets = { version: old.slice('sheets|'.length), bytes };
          kept.delete(old);
        }
        answer = build(kind, input());
        void answer.over().then((ok) => ok || kept.delete(key));
        kept.set(key, answer);
      }
      return answer;
    },
    async close() {
      const w = worker;
      failAll('closed');
      if (w) await w.terminate();
    },
  };
}
