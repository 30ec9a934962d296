/** Shared helpers for benchmarks: timing, medians, child processes. Every result is a ratio measured side by side. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  value: number;
  unit: 'ratio' | 'count' | 'bytes' | 'megabytes' | 'per-second' | 'ms';
  target: number | null;
  better: 'lower' | 'higher';
  /** What was measured, for the printed table. */
  note?: string;
}

export type Benchmark = () => Promise<Record<string, BenchResult>>;

/** The repository root, from bench/ or dist/bench/. */
export const ROOT = path.basename(path.resolve(__dirname, '..')) === 'dist' ? path.resolve(__dirname, '..', '..') : path.resolve(__dirname, '..');

/** A process's resident memory now and at its peak (MB), from Linux's /proc (VmRSS, VmHWM). */
export function residentMb(pid: number): { now: number; peak: number } {
  const lines = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
  const mb = (name: string) => Number(/(\d+)/.exec(lines.find((l) => l.startsWith(name)) ?? '')?.[1] ?? Number.NaN) / 1024;
  return { now: mb('VmRSS:'), peak: mb('VmHWM:') };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The value `q` of the way up `values` (0.9: the 90th percentile), by rank. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
}

export function timeSync(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface ProcessTime {
  /** CPU time the process used (user + system): steady on a busy machine. */
  cpuMs: number;
  /** Wall time from the parent's spawn to the child's exit. */
  wallMs: number;
}

/**
 * Runs `node args…` with its output discarded (as when redirected to a file) and resolves with
 * its CPU and wall time; rejects on an exit code not in `allowedExit`.
 */
export function timeNode(args: string[], allowedExit: number[] = [0]): Promise<ProcessTime> {
  const start = process.hrtime.bigint();
  const preload = path.join(ROOT, 'bench', 'report-usage.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', preload, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let report = '';
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (report += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (!allowedExit.includes(code ?? -1)) return reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      try {
        resolve({ cpuMs: (JSON.parse(report) as { cpuMs: number }).cpuMs, wallMs });
      } catch {
        reject(new Error(`node ${args.join(' ')} reported no usage`));
      }
    });
  });
}

/**
 * Alternates two measurements `runs` times (so drift on a busy machine hits both alike)
 * and returns the medians of each and their ratios, a ÷ b.
 */
export async function sideBySide(
  a: () => Promise<ProcessTime>,
  b: () => Promise<ProcessTime>,
  runs: number,
): Promise<{ cpuRatio: number; wallRatio: number; a: ProcessTime; b: ProcessTime }> {
  const as: ProcessTime[] = [];
  const bs: ProcessTime[] = [];
  await a();
  await b(); // warm the file cache for both
  for (let i = 0; i < runs; i++) {
    as.push(await a());
    bs.push(await b());
  }
  const mid = (xs: ProcessTime[]): ProcessTime => ({ cpuMs: median(xs.map((x) => x.cpuMs)), wallMs: median(xs.map((x) => x.wallMs)) });
  const [ma, mb] = [mid(as), mid(bs)];
  return { cpuRatio: ma.cpuMs / mb.cpuMs, wallRatio: ma.wallMs / mb.wallMs, a: ma, b: mb };
}
