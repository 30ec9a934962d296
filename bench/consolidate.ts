/**
 * bench/consolidate: generated ward workbooks (realistic text) consolidated by `phuluc consolidate`
 * ÷ a process in which ExcelJS merely loads the same files, in one run, at a district's size (300
 * files) and a city's (3,000; target ≤ 1.3 at both); and the add-in writing a 10,000-entry
 * summary: its context.sync() calls and the largest payload of one.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sideBySide, timeNode, type Benchmark } from './measure';
import { reportWorkbook } from './generate';
import { writeSummarySheets } from '../addin/excel/summary';
import { consolidate } from '../core/consolidation/consolidate';
import { demoRound } from '../core/rounds/round';
import { summaryTables } from '../core/consolidation/summary-sheets';
import { installExcel } from '../test/helpers/excel-host';
import { manyReports } from '../test/helpers/reports';

const ENTRIES_EACH = 3;

/** `workbooks` ward files consolidated ÷ ExcelJS loading them, medians of `runs` alternated runs. */
async function measure(workbooks: number, runs: number) {
  const dir = path.join(ROOT, 'bench', 'tmp', `consolidate-${workbooks}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < workbooks; i++) {
    writeFileSync(path.join(dir, `don-vi-${String(i + 1).padStart(4, '0')}.xlsx`), await reportWorkbook(`Phường ${i + 1}`, ENTRIES_EACH, i * ENTRIES_EACH));
  }
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const out = path.join(ROOT, 'bench', 'tmp', `tong-hop-${workbooks}.xlsx`);
  // The file list goes in a file: 3,000 paths are too long for a command line on some systems.
  const list = path.join(ROOT, 'bench', 'tmp', `files-${workbooks}.json`);
  writeFileSync(list, JSON.stringify(files));
  const loadAll = `(async () => { const E = require('exceljs'); for (const f of require(${JSON.stringify(list)})) await new E.Workbook().xlsx.readFile(f); })()`;
  return sideBySide(
    () => timeNode([path.join(ROOT, 'bin', 'phuluc.js'), 'consolidate', dir, '-o', out, '--json'], [0, 1]),
    () => timeNode(['-e', loadAll]),
    runs,
  );
}

export const consolidateBench: Benchmark = async () => {
  const runs = await measure(300, 5);
  const city = await measure(3000, 5);
  // The add-in's door: a 10,000-entry summary written through Office.js (the simulated Excel host).
  const round = demoRound();
  const summary = consolidate(round, manyReports(500, 20));
  const host = installExcel();
  const syncs = await writeSummarySheets(summaryTables(round, summary));
  const rows = summary.entries.length;

  return {
    'consolidate.addin_syncs_10000_entries': {
      value: syncs,
      unit: 'count',
      target: null,
      better: 'lower',
      note: `context.sync() calls to write ${rows} entries: blocks of under 4 MB, not one per row`,
    },
    'consolidate.addin_max_sync_bytes': {
      value: Math.max(...host.stats.requestBytes),
      unit: 'bytes',
      target: 5_000_000,
      better: 'lower',
      note: `largest payload of one sync (Excel on the web refuses over 5 MB); ${host.stats.requestBytes.reduce((a, b) => a + b, 0)} bytes in all`,
    },
    'consolidate.cli_vs_exceljs_load': {
      value: runs.wallRatio,
      unit: 'ratio',
      target: 1.3,
      better: 'lower',
      note: `wall time: phuluc consolidate ${runs.a.wallMs.toFixed(0)} ms ÷ ExcelJS loading the 300 files ${runs.b.wallMs.toFixed(0)} ms`,
    },
    'consolidate.cli_vs_exceljs_load_3000': {
      value: city.wallRatio,
      unit: 'ratio',
      target: 1.3,
      better: 'lower',
      note: `wall time: phuluc consolidate ${city.a.wallMs.toFixed(0)} ms ÷ ExcelJS loading the 3,000 files ${city.b.wallMs.toFixed(0)} ms (CPU ${city.cpuRatio.toFixed(2)}); time per file at 3,000 ÷ at 300: ${(city.a.wallMs / 3000 / (runs.a.wallMs / 300)).toFixed(2)}`,
    },
    'consolidate.cli_vs_exceljs_load_cpu': {
      value: runs.cpuRatio,
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `CPU time: ${runs.a.cpuMs.toFixed(0)} ms ÷ ${runs.b.cpuMs.toFixed(0)} ms`,
    },
  };
};
