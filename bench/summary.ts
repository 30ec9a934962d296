/**
 * bench/summary (issue #13): a city's round, 200 units × 10 entries of realistic text and 60,000
 * scores (30 reviewers × 2,000), on the real server (`phuluc serve` in its own process):
 * - the longest wait of a GET /api/me sent one after another while the summary is built
 *   (target ≤ 100 ms: the summary is built in a worker, never on the request path);
 * - building and sending the summary workbook ÷ ExcelJS writing a workbook of the same cells.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { consolidate } from '../core/consolidation/consolidate';
import { summaryTables } from '../core/consolidation/summary-sheets';
import { displayRows } from '../core/consolidation/sheet-layout';
import { seedCity } from './city';
import { ROOT, type Benchmark } from './measure';
import { startTarget, stop } from './server';

const UNITS = 200;
const EACH = 10;
const REVIEWERS = 30;

export const summaryBench: Benchmark = async () => {
  const dir = path.join(ROOT, 'bench', 'tmp', 'summary-city');
  const { round, tokens, reports, scores } = await seedCity(dir, { units: UNITS, each: EACH, reviewers: REVIEWERS });
  const target = await startTarget(['phuluc', dir]);
  try {
    const get = (url: string, token: string) => fetch(`${target.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    // Warm, and each account's hourly last-use written now.
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
