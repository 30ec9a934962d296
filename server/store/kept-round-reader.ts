/**
 * A kept round's file read in a thread of its own (kept-round-worker.ts), for a request that asks
 * for that round (`LowdbStore.read(roundId)`): other users' requests are answered meanwhile, where
 * the first touch of a kept round's data reads its file on the main thread (kept-rounds.ts).
 */
import { startWorker } from '../worker-thread';
import type { KeptBody } from './kept-rounds';
import type { KeptRoundPiece } from './kept-round-worker';

/** The thread's heap: a nation's year (10,200 entries of text, 306,000 scores) with room to parse it. */
const HEAP_MB = 1024;

/** Kept round file `file`'s data, or undefined when the thread could not read it (the caller reads it itself, and so says why). */
export function readKeptFileAside(file: string): Promise<KeptBody | undefined> {
  return new Promise((resolve) => {
    const body: KeptBody = { submissions: [], scores: [], extensions: Object.create(null) as KeptBody['extensions'], refusals: [] };
    const worker = startWorker(__dirname, 'kept-round-worker', HEAP_MB, { file });
    let settled = false;
    const settle = (value: KeptBody | undefined) => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    worker.on('message', (piece: KeptRoundPiece) => {
      if ('submissions' in piece) for (const s of piece.submissions) body.submissions.push(s);
      else if ('scores' in piece) for (const s of piece.scores) body.scores.push(s);
      else if ('done' in piece) return settle({ ...body, extensions: piece.done.extensions, refusals: piece.done.refusals });
      else return settle(undefined);
      // The next piece once what waits behind this one has run.
      setImmediate(() => worker.postMessage('next'));
    });
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
  });
}
