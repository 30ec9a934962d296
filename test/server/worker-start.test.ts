/**
 * What the reader and summary threads load when they start (each file read by `phuluc validate`
 * waits for it): ExcelJS's workbook, not its streaming reader and writer (about 200 ms more, for
 * modules nothing uses). The compiled threads (npm run build), in a process of their own.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/paths';

test("the reader and summary threads' modules leave out ExcelJS's streaming reader and writer", () => {
  const script = `
    require(${JSON.stringify(path.join(ROOT, 'dist/server/xlsx/read-worker.js'))});
    require(${JSON.stringify(path.join(ROOT, 'dist/server/summary-worker.js'))});
    const loaded = Object.keys(require.cache).filter((file) => file.includes('exceljs'));
    console.log(JSON.stringify({ workbook: loaded.some((f) => f.endsWith(path.join('lib', 'doc', 'workbook.js'))), streaming: loaded.filter((f) => f.includes(path.join('lib', 'stream', 'xlsx'))) }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', `const path = require('node:path');${script}`], { encoding: 'utf8' }));
  expect(out).toEqual({ workbook: true, streaming: [] });
});

test('the reader thread leaves out the summary writer (its sheets and charts)', () => {
  const script = `
    require(${JSON.stringify(path.join(ROOT, 'dist/server/xlsx/read-worker.js'))});
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({ reader: loaded.some((f) => f.endsWith(path.join('xlsx', 'read-xlsx.js'))), writer: loaded.filter((f) => ['xlsx/summary.js', 'xlsx/charts.js', 'core/consolidation/summary-sheets.js'].some((end) => f.endsWith(path.join(...end.split('/'))))) }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', `const path = require('node:path');${script}`], { encoding: 'utf8' }));
  expect(out).toEqual({ reader: true, writer: [] });
});
