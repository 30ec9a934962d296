/**
 * bench/hostile: the longest wait another client sees while hostile workbooks are uploaded (issue
 * #11, target ≤ 1,000 ms), measured side by side with the same workbooks read on the main thread
 * as before the reader threads. A client asks /api/me again as soon as it is answered; its longest
 * round trip is the stall.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startServer } from '../server/serve';
import { addAccount } from '../server/auth';
import { checkWorkbookBytes } from '../server/xlsx';
import { cellsBomb, farCells, repeatedTextBomb, sharedStringsBomb, stylesBomb } from '../test/helpers/hostile-workbooks';
import type { Benchmark, BenchResult } from './measure';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The worst files: the largest that pass every limit (read to the end), and bombs refused by one. */
const FILES: Array<[string, () => Buffer]> = [
  ['475,000 cells (under the limit)', () => cellsBomb(9_500)],
  ['490,000 strings (under the limit)', () => sharedStringsBomb(490_000)],
  ['63,000 cell formats (under the limit)', () => stylesBomb(63_000)],
  ['100 sheets with a cell in BH50000', () => farCells(100)],
];

/** Runs `work` while a client polls `url`; the longest round trip the client saw, ms. */
async function longestWait(url: string, token: string, work: () => Promise<unknown>): Promise<number> {
  let running = true;
  let longest = 0;
  const client = (async () => {
    while (running) {
      const start = performance.now();
      await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      longest = Math.max(longest, performance.now() - start);
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50)); // the client is polling before the work starts
  await work();
  running = false;
  await client;
  return longest;
}

export const hostile: Benchmark = async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-bench-hostile-'));
  const server = await startServer({ port: 0, dataDir: dir, logger: pino({ level: 'silent' }) });
  const officer = await server.store.write((d) => addAccount(d, { role: 'officer', unit: 'Phường 1' }, new Date()).token);
  const me = `${server.url}/api/me`;
  const results: Record<string, BenchResult> = {};
  try {
    const files = FILES.map(([name, make]) => [name, make()] as const);
    const idle = await longestWait(me, officer, () => new Promise((resolve) => setTimeout(resolve, 500)));
    let worstWorker = 0;
    let worstMain = 0;
    for (const [name, bytes] of files) {
      const upload = () =>
        fetch(`${server.url}/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': XLSX }, body: new Uint8Array(bytes) }).then((r) => r.text());
      const inWorker = await longestWait(me, officer, upload);
      const onMain = await longestWait(me, officer, () => checkWorkbookBytes(name, bytes));
      process.stderr.write(`  ${name}: longest wait ${inWorker.toFixed(0)} ms with reader threads, ${onMain.toFixed(0)} ms read on the main thread\n`);
      worstWorker = Math.max(worstWorker, inWorker);
      worstMain = Math.max(worstMain, onMain);
    }
    results['hostile.longest-wait-ms'] = { value: worstWorker, unit: 'ms', target: 1_000, better: 'lower', note: `longest wait of another client during the worst upload (idle: ${idle.toFixed(0)} ms)` };

    // Issue #27: hostile requests that pass the zip guard or are plain JSON.
    const requests: Array<[string, () => Promise<unknown>]> = [
      [
        'POST /api/check: one 32,767-character text in 10,000 Ghi chú cells (217 KB)',
        () => fetch(`${server.url}/api/check`, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': XLSX }, body: new Uint8Array(repeatedTextBomb(10_000)) }).then((r) => r.text()),
      ],
      [
        'PUT /api/submissions: 5 MB of JSON nested 2.5 million deep',
        () =>
          fetch(`${server.url}/api/submissions/${encodeURIComponent('Phường 1')}`, {
            method: 'PUT',
            headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
            body: `{"entries":${'['.repeat(2_500_000)}${']'.repeat(2_500_000)}}`,
          }).then((r) => r.text()),
      ],
      [
        'three of those JSON bodies at once',
        () =>
          Promise.all(
            [1, 2, 3].map(() =>
              fetch(`${server.url}/api/submissions/${encodeURIComponent('Phường 1')}`, {
                method: 'PUT',
                headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' },
                body: `{"entries":${'['.repeat(2_500_000)}${']'.repeat(2_500_000)}}`,
              }).then((r) => r.text()),
            ),
          ),
      ],
    ];
    let worstRequest = 0;
    for (const [name, send] of requests) {
      const waited = await longestWait(me, officer, send);
      process.stderr.write(`  ${name}: longest wait ${waited.toFixed(0)} ms\n`);
      worstRequest = Math.max(worstRequest, waited);
    }
    results['hostile.requests-longest-wait-ms'] = { value: worstRequest, unit: 'ms', target: 1_000, better: 'lower', note: 'longest wait of another client during the worst hostile request (a repeated-text workbook checked, nested JSON)' };
    results['hostile.worker-vs-main-thread'] = { value: worstWorker / worstMain, unit: 'ratio', target: null, better: 'lower', note: `reader threads ÷ main thread, longest wait (${worstWorker.toFixed(0)} vs ${worstMain.toFixed(0)} ms)` };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
};
