/**
 * How far V8 lets the server's heaps grow past what the last full collection left live before it
 * collects again. V8 picks the factor from how fast it collects against how fast the program
 * allocates, up to 4 (v8/src/heap/heap-controller.cc, `MemoryController::GrowingFactor`). A server
 * opening a nation's data allocates fast for a few seconds (306,000 scores read from their rows), so
 * its main thread's heap grew to 420 MB around 206 MB live, and it kept those pages through the
 * first summary: the process peaked at 1.09–1.14 GB. At 1.5 (`--heap-growing-percent=50`, read at
 * every full collection, so it holds when set while running, and for every thread of the process)
 * the peak was 1.00–1.02 GB with start-up within the noise; at 1.25 it was no lower (see README, issue #31).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** For a server process, before it opens its store: the command line's `serve` and the benchmarks' server. */
export function growHeapsGently(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
