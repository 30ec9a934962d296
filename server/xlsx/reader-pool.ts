/**
 * Workbooks from outside are read in worker threads, each with a heap limit (`resourceLimits`) and
 * a time limit per file, behind a small bounded queue. A file that runs out of either gets an
 * `unreadable-file` answer and its worker is replaced; the main thread only hands bytes over and
 * takes the result back, so it keeps answering everyone else meanwhile.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileMessages } from '../../core/messages';
import type { ReadOptions } from '../../core/read';
import type { ReportResult } from '../../core/types';
import type { ReadJob } from './read-worker';
import { LIMITS } from './zip-guard';

export interface ReaderOptions {
  /** Workers reading at once. */
  workers?: number;
  /** Files that may wait for a worker; past that `check` refuses with ReadersBusyError. */
  queue?: number;
  /** Time one file may take in its worker. */
  timeoutMs?: number;
  /** V8 heap of one worker (old generation), MB. */
  heapMb?: number;
  limits?: typeof LIMITS;
}

export interface WorkbookReaders {
  /** Reads and checks one workbook; never throws for a bad file (it becomes `unreadable-file`). */
  check(file: string, bytes: Buffer, options?: ReadOptions): Promise<ReportResult>;
  close(): Promise<void>;
}

/** Every worker is busy and the queue is full: the caller asks the client to try again shortly. */
export class ReadersBusyError extends Error {}

export const READER_DEFAULTS = { workers: 1, queue: 8, timeoutMs: 30_000, heapMb: 512 };

/**
 * The compiled worker beside this file; under ts (the tests run the sources) a bootstrap that
 * compiles the sources with swc as they are required.
 */
function startWorker(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
  const compiled = path.join(__dirname, 'read-worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { resourceLimits });
  const source = path.join(__dirname, 'read-worker.ts');
  const bootstrap = `
    const fs = require('node:fs');
    const { transformSync } = require('@swc/core');
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
      module._compile(code, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

interface Job {
  file: string;
  bytes: Buffer;
  options: ReadOptions;
  resolve: (result: ReportResult) => void;
}

function unreadable(file: string, message: string): ReportResult {
  return { file, sheet: null, error: { code: 'unreadable-file', message }, entries: [], issues: [] };
}

export function workbookReaders(options: ReaderOptions = {}): WorkbookReaders {
  const { workers: size, queue: queueLimit, timeoutMs, heapMb } = { ...READER_DEFAULTS, ...options };
  const limits = options.limits ?? LIMITS;
  const idle: Worker[] = [];
  const running = new Set<Worker>();
  const waiting: Job[] = [];
  let nextId = 1;
  let closed = false;

  function finished(worker: Worker | null): void {
    if (worker) {
      running.delete(worker);
      if (closed) void worker.terminate();
      else {
        worker.unref(); // an idle reader never keeps the process alive
        idle.push(worker);
      }
    }
    dispatch();
  }

  function dispatch(): void {
    while (!closed && waiting.length > 0 && running.size < size) {
      const job = waiting.shift() as Job;
      const worker = idle.pop() ?? startWorker(heapMb);
      worker.ref();
      running.add(worker);
      run(worker, job);
    }
  }

  function run(worker: Worker, job: Job): void {
    const id = nextId++;
    let done = false;
    const settle = (result: ReportResult, keep: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      job.resolve(result);
      if (keep) finished(worker);
      else {
        running.delete(worker);
        void worker.terminate();
        finished(null);
      }
    };
    // Out of heap, or out of time: the worker is given up and the file reported as too complex.
    const onError = () => settle(unreadable(job.file, fileMessages.tooComplex()), false);
    const onExit = () => settle(unreadable(job.file, fileMessages.tooComplex()), false);
    const onMessage = (message: { id: number; result: ReportResult }) => {
      if (message.id === id) settle(message.result, true);
    };
    const timer = setTimeout(() => settle(unreadable(job.file, fileMessages.tooComplex()), false), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const bytes = new Uint8Array(job.bytes); // a copy: the caller may still keep the upload
    const message: ReadJob = { id, file: job.file, bytes, options: job.options, limits };
    worker.postMessage(message, [bytes.buffer]);
  }

  return {
    check(file, bytes, readOptions = {}) {
      if (closed) return Promise.reject(new Error('workbook readers closed'));
      if (running.size >= size && waiting.length >= queueLimit) return Promise.reject(new ReadersBusyError());
      return new Promise<ReportResult>((resolve) => {
        waiting.push({ file, bytes, options: readOptions, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of waiting.splice(0)) job.resolve(unreadable(job.file, fileMessages.tooComplex()));
      await Promise.all([...idle.splice(0), ...running].map((w) => w.terminate()));
    },
  };
}
