/**
 * bench/consolidate: 300 generated ward workbooks consolidated by `phuluc consolidate` ÷ a process in
 * which ExcelJS merely loads the same 300 files, in one run (target ≤ 1.3); and the add-in writing a
 * 10,000-entry summary: its context.sync() calls and the largest payload of one.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sideBySide, timeNode, type Benchmark } from './measure';
import { reportWorkbook } from './generate';
import { writeSummarySheets } from '../addin/excel/summary';
import { consolidate, type ReportInput } from '../core/consolidate';
import { demoRound } from '../core/round';
import { summaryTables } from '../core/summary-sheets';
import { DEFAULT_FIELDS } from '../core/template';
import { excelHost } from '../test/helpers/excel-host';

const WORKBOOKS = 300;
const ENTRIES_EACH = 3;

const SYLLABLES = 'người dân hồ sơ thủ tục công chức phường trực tuyến dịch vụ số hóa hộ tịch khai sinh đất đai trật tự khu phố văn thanh niên mã tin nhắn bản đồ khảo sát góp ý thời gian chi phí giảm tăng tỷ lệ'.split(' ');
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => `${a}${b}`));

function text(seed: number, length: number): string {
  let state = seed * 2654435761 + 7;
  return Array.from({ length }, () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return WORDS[state % WORDS.length];
  }).join(' ');
}

/** Reports of `units` units with `each` entries of varied text, for the add-in's 10,000-entry summary. */
function manyReports(units: number, each: number): ReportInput[] {
  return Array.from({ length: units }, (_, u) => ({
    unit: `Đơn vị ${u + 1}`,
    source: `don-vi-${u + 1}.xlsx`,
    entries: Array.from({ length: each }, (_, k) => {
      const seed = u * 1000 + k;
      return {
        id: `${u}-${k}`,
        row: 9 + k,
        stt: String(k + 1),
        unit: `Đơn vị ${u + 1}`,
        title: text(seed, 7),
        field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name,
        sections: { thucTrang: text(seed + 1, 40), noiDung: text(seed + 2, 60), hieuQua: text(seed + 3, 30), tinhMoi: text(seed + 4, 20) },
        note: '',
      };
    }),
  }));
}

export const consolidateBench: Benchmark = async () => {
  const dir = path.join(ROOT, 'bench', 'tmp', 'consolidate-300');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < WORKBOOKS; i++) {
    writeFileSync(path.join(dir, `don-vi-${String(i + 1).padStart(3, '0')}.xlsx`), await reportWorkbook(`Phường ${i + 1}`, ENTRIES_EACH, i * ENTRIES_EACH));
  }
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const out = path.join(ROOT, 'bench', 'tmp', 'tong-hop-300.xlsx');
  const loadAll = `(async () => { const E = require('exceljs'); for (const f of ${JSON.stringify(files)}) await new E.Workbook().xlsx.readFile(f); })()`;
  const runs = await sideBySide(
    () => timeNode([path.join(ROOT, 'bin', 'phuluc.js'), 'consolidate', dir, '-o', out, '--json'], [0, 1]),
    () => timeNode(['-e', loadAll]),
    5,
  );
  // The add-in's door: a 10,000-entry summary written through Office.js (a recording host over office-addin-mock).
  const round = demoRound();
  const summary = consolidate(round, manyReports(500, 20));
  const host = excelHost();
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
      value: Math.max(...host.syncPayloads),
      unit: 'bytes',
      target: 5_000_000,
      better: 'lower',
      note: `largest payload of one sync (Excel on the web refuses over 5 MB); ${host.syncPayloads.reduce((a, b) => a + b, 0)} bytes in all`,
    },
    'consolidate.cli_vs_exceljs_load': {
      value: runs.wallRatio,
      unit: 'ratio',
      target: 1.3,
      better: 'lower',
      note: `wall time: phuluc consolidate ${runs.a.wallMs.toFixed(0)} ms ÷ ExcelJS loading the ${WORKBOOKS} files ${runs.b.wallMs.toFixed(0)} ms`,
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
