/**
 * Workbooks from outside are read in worker threads, each with a heap limit (`resourceLimits`) and
 * a time limit per file, behind a small bounded queue. A file that runs out of either gets an
 * `unreadable-file` answer and its worker is replaced; the main thread only hands the bytes over
 * (or, for the command line, the file's path: the worker reads it) and takes the result back, so
 * it keeps answering everyone else meanwhile.
 */
import type { Worker } from 'node:worker_threads';
import { fileMessages } from '../../core/messages';
import type { ReadOptions } from '../../core/reader/read';
import type { Issue, ReportResult } from '../../core/types';
import type { PicturedReport } from './index';
import { unreadable } from './files';
import type { MarkResult, ReadJob } from './read-worker';
import { printed, type PrintedReport } from './printed';
import { LIMITS } from './zip-guard';
import { startWorker } from '../worker-thread';

export interface ReaderOptions {
  /** Workers reading at once. */
  workers?: number;
  /** Files that may wait for a worker; past that `check` refuses with ReadersBusyError. */
  queue?: number;
  /** Time one file may take in its worker. */
  timeoutMs?: number;
  /**
   * Time one file may wait for a worker: past it the upload is refused (503, "try again") rather
   * than kept. The wait and the read together stay under the minute after which clients and
   * proxies commonly give up on an answer (nginx's proxy_read_timeout is 60 s): a file answered
   * after its client left is work for no one, and the wait of every file behind it.
   */
  queueWaitMs?: number;
  /** V8 heap of one worker (old generation), MB. */
  heapMb?: number;
  /**
   * Files one worker reads at a time: 1 on the server (each file alone, its time its own); more in
   * the command line, where one file's waits (disk, the zip library's pauses) overlap another's work.
   */
  perWorker?: number;
  limits?: typeof LIMITS;
}

export interface WorkbookReaders {
  /**
   * Reads and checks one workbook; never throws for a bad file (it becomes `unreadable-file`).
   * `signal`: the upload's client left; its file is taken out of the queue, or its read stopped.
   */
  check(file: string, bytes: Buffer, options?: ReadOptions, signal?: AbortSignal): Promise<ReportResult>;
  /**
   * Every report sheet of a workbook on disk, one result each (the command line's files): the
   * worker reads the file itself, so the calling thread neither reads nor copies any bytes.
   */
  checkEverySheet(file: string, options?: ReadOptions): Promise<ReportResult[]>;
  /** The same, each result as `validate --json` prints it, written in the worker. */
  checkEverySheetAsJson(file: string, options?: ReadOptions): Promise<PrintedReport[]>;
  /** The same, with the picture of the report's table for the browser page. */
  checkWithPicture(file: string, bytes: Buffer, options?: ReadOptions, signal?: AbortSignal): Promise<PicturedReport>;
  /** A copy of the workbook with `issues` marked on `sheet`'s cells; never throws for a bad file. */
  /** `by`: who checked it, written as the copy's author (never "Unknown" or "Author"). */
  mark(file: string, bytes: Buffer, sheet: string, issues: Issue[], by: string, signal?: AbortSignal): Promise<MarkResult>;
  close(): Promise<void>;
}

/** Every worker is busy and the queue is full, or a file waited its longest: the caller asks the client to try again shortly. */
export class ReadersBusyError extends Error {}

/** The file's client left before it was read: nothing to answer. */
export class ReadAbandonedError extends Error {}

/** A job whose worker ran out of time or memory, or was closed under it: the file is too complex. */
function failJob(job: Job): void {
  const tooComplex = unreadable(job.file, fileMessages.tooComplex());
  if (job.task.kind === 'check') job.resolve(job.task.everySheet ? [job.task.asJson ? printed(tooComplex) : tooComplex] : tooComplex);
  else job.resolve({ error: fileMessages.tooComplex() } satisfies MarkResult);
}

export const READER_DEFAULTS = { workers: 1, queue: 8, timeoutMs: 30_000, queueWaitMs: 20_000, heapMb: 512, perWorker: 1 };

/** What a job asks the worker, beside its bytes. */
type Task = { kind: 'check'; options: ReadOptions; picture: boolean; everySheet?: boolean; asJson?: boolean } | { kind: 'mark'; sheet: string; issues: Issue[]; by: string };

interface Job {
  file: string;
  /** null: the worker reads `file` from disk. */
  bytes: Buffer | null;
  task: Task;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  /** Set when the job's worker died under it together with others: it is tried once more, alone. */
  alone?: boolean;
  /** Refuses the job if it is still waiting when its longest wait is over. */
  expiry?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  /** Jobs in this worker, by message id, with their time limits. */
  jobs: Map<number, { job: Job; timer: ReturnType<typeof setTimeout> }>;
  /** Running a job alone (a retry): nothing else is given to it meanwhile. */
  alone: boolean;
}


export function workbookReaders(options: ReaderOptions = {}): WorkbookReaders {
  const { workers: size, queue: queueLimit, timeoutMs, queueWaitMs, heapMb, perWorker } = { ...READER_DEFAULTS, ...options };
  const limits = options.limits ?? LIMITS;
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  const inFlight = () => slots.reduce((n, s) => n + s.jobs.size, 0);

  function newSlot(): Slot {
    const slot: Slot = { worker: startWorker(__dirname, 'read-worker', heapMb), jobs: new Map(), alone: false };
    slot.worker.on('message', (message: { id: number; result: unknown }) => {
      const running = slot.jobs.get(message.id);
      if (!running) return;
      clearTimeout(running.timer);
      slot.jobs.delete(message.id);
      if (slot.jobs.size === 0) {
        slot.alone = false;
        slot.worker.unref(); // an idle reader never keeps the process alive
      }
      running.job.resolve(message.result);
      dispatch();
    });
    // Out of heap, or crashed: the worker is given up (see giveUp).
    slot.worker.on('error', () => giveUp(slot, null));
    slot.worker.on('exit', () => giveUp(slot, null));
    slots.push(slot);
    return slot;
  }

  /**
   * A worker out of time (for job `culprit`), out of heap or crashed: replaced. Its file is
   * reported as too complex; another file it was reading alongside is read again, alone, so one
   * hostile file never costs another its report.
   */
  function giveUp(slot: Slot, culprit: number | null): void {
    const at = slots.indexOf(slot);
    if (at < 0) return;
    slots.splice(at, 1);
    void slot.worker.terminate();
    const retry: Job[] = [];
    for (const [id, { job, timer }] of slot.jobs) {
      clearTimeout(timer);
      if (id === culprit || job.alone || slot.jobs.size === 1) failJob(job);
      else {
        job.alone = true;
        retry.push(job);
      }
    }
    slot.jobs.clear();
    waiting.unshift(...retry);
    dispatch();
  }

  /** A worker for `job`: one with room (an empty one for a job that must run alone), or a new one. */
  function slotFor(job: Job): Slot | null {
    const open = slots.filter((s) => !s.alone && (job.alone ? s.jobs.size === 0 : s.jobs.size < perWorker));
    if (open.length > 0) return open.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    return slots.length < size ? newSlot() : null;
  }

  function dispatch(): void {
    while (!closed && waiting.length > 0) {
      const slot = slotFor(waiting[0] as Job);
      if (!slot) return;
      start(slot, waiting.shift() as Job);
    }
  }

  function start(slot: Slot, job: Job): void {
    clearTimeout(job.expiry);
    const id = nextId++;
    if (job.alone) slot.alone = true;
    slot.worker.ref();
    slot.jobs.set(id, { job, timer: setTimeout(() => giveUp(slot, id), timeoutMs) });
    const bytes = job.bytes && new Uint8Array(job.bytes); // a copy: the caller may still keep the upload
    const message: ReadJob = { id, file: job.file, bytes, limits, ...job.task };
    slot.worker.postMessage(message, bytes ? [bytes.buffer] : []);
  }

  /** The job out of the queue, if it is still there. */
  const unqueue = (job: Job) => {
    const at = waiting.indexOf(job);
    if (at >= 0) waiting.splice(at, 1);
    clearTimeout(job.expiry);
    return at >= 0;
  };

  /**
   * A job whose client left: out of the queue if it waits; if it is being read, alone in its
   * worker, the worker is stopped and replaced so the next file starts now. A job sharing a worker
   * (the command line's) is let finish.
   */
  function abandon(job: Job): void {
    if (unqueue(job)) return job.reject(new ReadAbandonedError());
    for (const slot of slots) {
      for (const [id, running] of slot.jobs) {
        if (running.job !== job || slot.jobs.size !== 1) continue;
        clearTimeout(running.timer);
        slot.jobs.delete(id);
        slots.splice(slots.indexOf(slot), 1);
        void slot.worker.terminate();
        job.reject(new ReadAbandonedError());
        dispatch();
        return;
      }
    }
  }

  function submit<R>(file: string, bytes: Buffer | null, task: Task, signal?: AbortSignal): Promise<R> {
    if (closed) return Promise.reject(new Error('workbook readers closed'));
    if (signal?.aborted) return Promise.reject(new ReadAbandonedError());
    if (inFlight() >= size * perWorker && waiting.length >= queueLimit) return Promise.reject(new ReadersBusyError());
    return new Promise<R>((resolve, reject) => {
      const job: Job = { file, bytes, task, resolve: resolve as (result: unknown) => void, reject };
      job.expiry = setTimeout(() => unqueue(job) && reject(new ReadersBusyError()), queueWaitMs);
      job.expiry.unref?.();
      signal?.addEventListener('abort', () => abandon(job), { once: true });
      waiting.push(job);
      dispatch();
    });
  }

  return {
    check: (file, bytes, readOptions = {}, signal) => submit(file, bytes, { kind: 'check', options: readOptions, picture: false }, signal),
    checkEverySheet: (file, readOptions = {}) => submit(file, null, { kind: 'check', options: readOptions, picture: false, everySheet: true }),
    checkEverySheetAsJson: (file, readOptions = {}) => submit(file, null, { kind: 'check', options: readOptions, picture: false, everySheet: true, asJson: true }),
    checkWithPicture: (file, bytes, readOptions = {}, signal) => submit(file, bytes, { kind: 'check', options: readOptions, picture: true }, signal),
    mark: (file, bytes, sheet, issues, by, signal) => submit(file, bytes, { kind: 'mark', sheet, issues, by }, signal),
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) {
        clearTimeout(job.expiry);
        failJob(job);
      }
      const all = slots.splice(0);
      for (const slot of all) for (const { job, timer } of slot.jobs.values()) {
        clearTimeout(timer);
        failJob(job);
      }
      await Promise.all(all.map((slot) => slot.worker.terminate()));
    },
  };
}
