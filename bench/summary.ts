/**
 * bench/summary (issue #13): a city's round, 200 units × 10 entries of realistic text and 60,000
 * scores (30 reviewers × 2,000), on the real server (`phuluc serve` in its own process):
 * - the longest wait of a GET /api/me sent one after another while the summary is built
 *   (target ≤ 100 ms: the summary is built in a worker, never on the request path);
 * - building and sending the summary workbook ÷ ExcelJS writing a workbook of the same cells.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { consolidate } from '../core/consolidate';
import { demoRound } from '../core/round';
import { displayRows, summaryTables } from '../core/summary-sheets';
import { DEFAULT_FIELDS } from '../core/template';
import { entryFingerprint } from '../core/submission';
import { addAccount } from '../server/auth';
import { openLowdbStore, type Score } from '../server/store';
import { markovDescription, markovTitle, random } from './markov';
import { ROOT, type Benchmark } from './measure';
import { startTarget, stop } from './server';

const UNITS = 200;
const EACH = 10;
const REVIEWERS = 30;

/** The data folder, written through the store; the admin's and an officer's tokens. */
async function seed(dir: string) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = demoRound();
  const round = { ...base, units: Array.from({ length: UNITS }, (_, i) => ({ name: `Phường ${i + 1}`, kind: 'phuong' as const })) };
  const store = await openLowdbStore(dir, { round });
  const at = new Date().toISOString();
  const tokens = await store.write((tx) => {
    const reviewers = Array.from({ length: REVIEWERS }, (_, r) => addAccount(tx, { role: 'reviewer', name: `Giám khảo ${r + 1}` }, new Date()).account.id);
    for (const [u, unit] of round.units.entries()) {
      const entries = Array.from({ length: EACH }, (_, k) => {
        const next = random(u * 100 + k + 1);
        return { id: `e-${u}-${k}`, row: 9 + k, stt: String(k + 1), unit: unit.name, title: markovTitle(next), field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name, sections: markovDescription(next), note: '' };
      });
      tx.addSubmission(round.id, { unit: unit.name, version: 1, submittedAt: at, by: 'seed', source: 'json', entries, issues: [] });
      for (const entry of entries) {
        for (const reviewerId of reviewers) {
          const score: Score = { id: `${entry.id}-${reviewerId}`, entryId: entry.id, reviewerId, unit: unit.name, points: { tinhMoi: 20, hieuQua: 20, nhanRong: 12, khaThi: 14 }, comment: '', version: 1, updatedAt: at, entryFingerprint: entryFingerprint(entry), stale: false };
          tx.putScore(round.id, score);
        }
      }
    }
    return {
      admin: addAccount(tx, { role: 'admin', name: 'Thư ký' }, new Date()).token,
      officer: addAccount(tx, { role: 'officer', unit: 'Phường 1' }, new Date()).token,
    };
  });
  // What the summary is built from, kept for the side-by-side ExcelJS write (the server will hold the folder).
  const reports = store.data.submissions.map((s) => ({ unit: s.unit, source: 'x', entries: s.entries }));
  const scores = [...store.data.scores];
  await store.close();
  return { round, tokens, reports, scores };
}

export const summaryBench: Benchmark = async () => {
  const dir = path.join(ROOT, 'bench', 'tmp', 'summary-city');
  const { round, tokens, reports, scores } = await seed(dir);
  const target = await startTarget(['phuluc', dir]);
  try {
    const get = (url: string, token: string) => fetch(`${target.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    // Warm, and each account's hourly last-use written now: a write stalls the server for as long
    // as the whole data file takes to write (the store's part of issue #13), not what this measures.
    await get('/api/me', tokens.officer);
    await get('/api/me', tokens.admin);
    // GET /api/me one after another for as long as the summary is being built.
    let building = true;
    const waits: number[] = [];
    const started = performance.now();
    const summary = get('/api/summary.xlsx', tokens.admin).then(async (res) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      building = false;
      if (!res.ok) throw new Error(`summary: ${res.status}`);
      return { bytes, ms: performance.now() - started };
    });
    while (building) {
      const t = performance.now();
      const res = await get('/api/me', tokens.officer);
      await res.arrayBuffer();
      waits.push(performance.now() - t);
    }
    const built = await summary;

    // ExcelJS writing a workbook of the same cells, in this process.
    const tables = summaryTables(round, consolidate(round, reports, scores));
    const t = performance.now();
    const workbook = new ExcelJS.Workbook();
    for (const table of tables) workbook.addWorksheet(table.sheet).addRows([table.headers, ...displayRows(table)]);
    await workbook.xlsx.writeBuffer();
    const plain = performance.now() - t;

    return {
      'summary.longest_wait_of_other_requests_ms': {
        value: Math.max(...waits),
        unit: 'ms',
        target: 100,
        better: 'lower',
        note: `${waits.length} GET /api/me answered while the summary of ${UNITS * EACH} entries and ${UNITS * EACH * REVIEWERS} scores was built (${built.ms.toFixed(0)} ms)`,
      },
      'summary.workbook_vs_exceljs_write': {
        value: built.ms / plain,
        unit: 'ratio',
        target: null,
        better: 'lower',
        note: `GET /api/summary.xlsx ${built.ms.toFixed(0)} ms (consolidation with the duplicate search, in the worker) ÷ ExcelJS writing the same cells ${plain.toFixed(0)} ms`,
      },
    };
  } finally {
    await stop(target.child);
  }
};
