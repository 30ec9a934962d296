/**
 * bench/reader: on a generated 2,000-entry workbook, measured in one run:
 * - `phuluc validate` (a real process) ÷ a process in which ExcelJS merely loads the same file (target ≤ 1.25),
 *   in wall time, with the CPU-time ratio beside it;
 * - core read + validate ÷ one normalize('NFC') pass over every cell (reported).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkWorkbook } from '../core/reader/report';
import { loadWorkbook } from '../server/xlsx';
import { median, ROOT, sideBySide, timeNode, timeSync, type Benchmark } from './measure';
import { reportWorkbook } from './generate';

const ENTRIES = 2_000;

export const reader: Benchmark = async () => {
  const dir = path.join(ROOT, 'bench', 'tmp');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'reader-2000.xlsx');
  const bytes = await reportWorkbook('Phường 1', ENTRIES);
  writeFileSync(file, bytes);

  const cli = path.join(ROOT, 'bin', 'phuluc.js');
  const loadOnly = `new (require('exceljs').Workbook)().xlsx.readFile(${JSON.stringify(file)}).then(() => {})`;
  const processes = await sideBySide(
    () => timeNode([cli, 'validate', file, '--json'], [0, 1]),
    () => timeNode(['-e', loadOnly]),
    15,
  );

  const { sheets } = await loadWorkbook(bytes);
  const cells = sheets.flatMap((s) => s.grid.flat()).filter((v): v is string => typeof v === 'string');
  let entries = 0;
  const readTimes: number[] = [];
  const nfcTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    readTimes.push(timeSync(() => (entries = checkWorkbook('x.xlsx', sheets).entries.length)));
    nfcTimes.push(timeSync(() => cells.forEach((c) => c.normalize('NFC'))));
  }
  if (entries !== ENTRIES) throw new Error(`reader found ${entries} entries, expected ${ENTRIES}`);

  return {
    'reader.validate_vs_exceljs_load': {
      value: processes.wallRatio,
      unit: 'ratio',
      target: 1.25,
      better: 'lower',
      note: `wall time, medians of 15 alternated runs: phuluc validate ${processes.a.wallMs.toFixed(0)} ms ÷ ExcelJS load ${processes.b.wallMs.toFixed(0)} ms, ${ENTRIES} entries`,
    },
    'reader.validate_vs_exceljs_load_cpu': {
      value: processes.cpuRatio,
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `CPU time incl. V8's background threads: ${processes.a.cpuMs.toFixed(0)} ms ÷ ${processes.b.cpuMs.toFixed(0)} ms`,
    },
    'reader.core_vs_nfc_pass': {
      value: median(readTimes) / median(nfcTimes),
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `core read+validate ${median(readTimes).toFixed(1)} ms ÷ NFC pass ${median(nfcTimes).toFixed(1)} ms over ${cells.length} cells`,
    },
  };
};
