/**
 * A kept round's file read in a thread of its own (kept-round-worker.ts), for a request that asks
 * for that round (`LowdbStore.read(roundId)`): other users' requests are answered meanwhile, where
 * the first touch of a kept round's data reads its file on the main thread (kept-rounds.ts).
 */
import type { Worker } from 'node:worker_threads';
import { nullRecord } from '../../core/records';
import { startWorker } from '../worker-thread';
import type { KeptBody } from './kept-rounds';
import type { KeptRoundPiece } from './kept-round-worker';

/** The thread's heap: a nation's year (10,200 entries of text, 306,000 scores) with room to parse it. */
const HEAP_MB = 1024;

/** Kept round file `file`'s data, or undefined when the thread could not read it (the caller reads it itself, and so says why). */
export function readKeptFileAside(file: string): Promise<KeptBody | undefined> {
  return new Promise((resolve) => {
    const submissions: KeptBody['submissions'] = [];
    const scores: KeptBody['scores'] = [];
    let worker: Worker;
    try {
      worker = startWorker(__dirname, 'kept-round-worker', HEAP_MB, { file });
    } catch {
      return resolve(undefined); // no thread to be had (descriptors, memory): read where it is touched
    }
    let settled = false;
    const settle = (value: KeptBody | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    // Crossing between threads gives records keyed by names from outside (a score's criteria, the units of the extensions)
    // Object's prototype again (core/records.ts says why they have none): each piece's are made so again as it comes.
    worker.on('message', (piece: KeptRoundPiece) => {
      if ('submissions' in piece) submissions.push(...piece.submissions);
      else if ('scores' in piece) for (const score of piece.scores) scores.push({ ...score, points: nullRecord(Object.entries(score.points)) });
      else if ('done' in piece) return settle({ submissions, scores, refusals: piece.done.refusals, extensions: nullRecord(Object.entries(piece.done.extensions)) });
      else return settle(undefined);
      // The next piece once what waits behind this one has run.
      setImmediate(() => worker.postMessage('next'));
    });
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
  });
}
