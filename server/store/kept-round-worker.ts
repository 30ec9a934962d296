/**
 * The worker thread that reads a kept round's file (kept-round-reader.ts starts one each time): the
 * checksum, the JSON and the schema here, so the main thread only takes the data over, a piece at a
 * time. At a nation's size a kept round's file held the main thread 0.3 s without its scores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readKeptFile, type KeptBody } from './kept-rounds';

/** Reports in one message, and scores: each message is taken over by the main thread in a few milliseconds. */
const REPORTS_A_PIECE = 100;
const SCORES_A_PIECE = 5_000;

/** The pieces, then the rest of the round's data; or that it could not be read (the main thread then reads it itself, and says why). */
export type KeptRoundPiece = { submissions: KeptBody['submissions'] } | { scores: KeptBody['scores'] } | { done: Pick<KeptBody, 'extensions' | 'refusals'> } | { failed: true };

/**
 * The pieces one at a time: the next when the main thread asks for it, having taken the last over.
 * Posted all at once, they reached the main thread together and were taken over in one turn (80–120 ms at a nation's size).
 */
function* pieces(): Generator<KeptRoundPiece> {
  let body: KeptBody;
  try {
    body = readKeptFile((workerData as { file: string }).file);
  } catch {
    yield { failed: true };
    return;
  }
  for (let at = 0; at < body.submissions.length; at += REPORTS_A_PIECE) yield { submissions: body.submissions.slice(at, at + REPORTS_A_PIECE) };
  for (let at = 0; at < body.scores.length; at += SCORES_A_PIECE) yield { scores: body.scores.slice(at, at + SCORES_A_PIECE) };
  yield { done: { extensions: body.extensions, refusals: body.refusals } };
}

const next = pieces();
const sendNext = () => {
  const { value, done } = next.next();
  if (!done) parentPort?.postMessage(value);
};
parentPort?.on('message', sendNext);
sendNext();
