/**
 * `npm run bench`: runs every benchmark (or those named on the command line), prints a table
 * and writes bench/results.json. Not part of `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, type Benchmark, type BenchResult } from './measure';
import { addin } from './addin';
import { assignmentBench } from './assignment';
import { consolidateBench } from './consolidate';
import { duplicatesBench } from './duplicates';
import { hostile } from './hostile';
import { postgresScaleBench } from './postgres-scale';
import { reader } from './reader';
import { scaleBench } from './scale';
import { server } from './server';
import { storeBench } from './store';
import { summaryBench } from './summary';

const BENCHMARKS: Record<string, Benchmark> = { assignment: assignmentBench, reader, server, consolidate: consolidateBench, duplicates: duplicatesBench, summary: summaryBench, scale: scaleBench, 'postgres-scale': postgresScaleBench, store: storeBench, addin, hostile };

async function main(names: string[]): Promise<void> {
  const chosen = names.length > 0 ? names : Object.keys(BENCHMARKS);
  const file = path.join(ROOT, 'bench', 'results.json');
  let results: Record<string, BenchResult> = {};
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    results = {};
  }
  for (const name of chosen) {
    const bench = BENCHMARKS[name];
    if (!bench) throw new Error(`no benchmark named ${name}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.stderr.write(`running ${name}…\n`);
    // A rerun replaces everything that benchmark reported before.
    for (const key of Object.keys(results)) if (key.startsWith(`${name}.`)) delete results[key];
    Object.assign(results, await bench());
  }
  const rows = Object.entries(results).map(([name, r]) => {
    const met = r.target === null ? '' : (r.better === 'lower' ? r.value <= r.target : r.value >= r.target) ? 'ok' : 'MISSED';
    return [name, r.value.toFixed(r.unit === 'count' ? 0 : 3), r.unit, r.target === null ? '-' : `${r.better === 'lower' ? '≤' : '≥'} ${r.target}`, met, r.note ?? ''];
  });
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((row) => row[i]!.length), 6));
  for (const row of [['benchmark', 'value', 'unit', 'target', '', 'measured'], ...rows]) {
    console.log(row.map((cell, i) => (i < 5 ? cell.padEnd(widths[i]!) : cell)).join('  '));
  }
  const stored = Object.fromEntries(Object.entries(results).map(([k, { note: _note, ...r }]) => [k, r]));
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
