/**
 * How far V8 lets the server's heaps grow past what the last full collection left live before it
 * collects again. V8 picks the factor from how fast it collects against how fast the program
 * allocates, up to 4 (v8/src/heap/heap-controller.cc, `MemoryController::GrowingFactor`). A server
 * opening a nation's data allocates fast for a few seconds (306,000 scores read from their rows), so
 * its main thread's heap grew to 420 MB around 206 MB live, and it kept those pages through the
 * first summary. At 1.5 (`--heap-growing-percent=50`, read at every full collection, so it holds
 * when set while running, and for every thread of the process), measured side by side at a
 * nation's size: the peak through the first summary 1,002–1,012 MB against 1,095–1,143 on
 * PostgreSQL, 1,284–1,321 against 1,446 on lowdb; start-up 0.2–0.4 s slower (more collections while
 * the store opens); a summary after a report as fast, after a score 10–25 % slower (the worker's
 * large heap collected more often). Set only while starting, the PostgreSQL peak was 1,020–1,058 MB
 * and start-up as slow; at 1.25, no lower (README, issue #31).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** For a server process, before it opens its store: the command line's `serve` and the benchmarks' server. */
export function growHeapsGently(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
