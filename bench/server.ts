/**
 * bench/server (autocannon on loopback, bounded in time): durable score writes per second ÷ a bare
 * Express JSON route in the same run (target ≥ 0.25), and how a write's latency grows from 10 to
 * 1,000 units' worth of data (each write rewrites the whole file; group commit shares the cost).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEFAULT_FIELDS } from '../core/reader/template';
import { demoRound } from '../core/rounds/round';
import { addAccount } from '../server/auth';
import { openLowdbStore } from '../server/store';
import { ROOT, type Benchmark, type BenchResult } from './measure';

const ENTRIES_PER_UNIT = 3;
const DURATION_S = 5;
/** Concurrent clients: a few reviewers at once, and a busy hour of the whole district. */
const CONCURRENCY = [10, 50];

/** A data folder holding `units` units' reports (3 entries each) and one reviewer, written through the store. */
async function seed(dir: string, units: number): Promise<{ token: string; entryIds: string[] }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = demoRound();
  const round = { ...base, units: Array.from({ length: units }, (_, i) => ({ name: `Đơn vị ${i + 1}`, kind: 'phuong' as const })) };
  const store = await openLowdbStore(dir, { round });
  const at = new Date().toISOString();
  const entryIds: string[] = [];
  const token = await store.write((tx) => {
    for (const [i, u] of round.units.entries()) {
      tx.addSubmission(round.id, {
        unit: u.name,
        version: 1,
        submittedAt: at,
        by: 'seed',
        source: 'json',
        entries: Array.from({ length: ENTRIES_PER_UNIT }, (_, k) => {
          const id = `e-${i}-${k}`;
          entryIds.push(id);
          return {
            id,
            row: 9 + k,
            stt: String(k + 1),
            unit: u.name,
            title: `Mô hình ${k + 1} của ${u.name}`,
            field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name,
            sections: {
              thucTrang: 'Người dân phải đi lại nhiều lần để bổ sung hồ sơ do chưa nắm rõ thành phần hồ sơ. '.repeat(3),
              noiDung: 'Bố trí công chức đầu mối tiếp nhận và trình ký ngay tại quầy của Bộ phận một cửa. '.repeat(4),
              hieuQua: 'Thời gian giải quyết giảm từ 7 ngày xuống còn 3 ngày, 100% hồ sơ trả đúng hạn. '.repeat(3),
              tinhMoi: 'Lần đầu áp dụng cơ chế phối hợp liên thông giữa các bộ phận. '.repeat(2),
            },
            note: '',
          };
        }),
        issues: [],
      });
    }
    return addAccount(tx, { role: 'reviewer', name: 'Hội đồng' }, new Date()).token;
  });
  await store.close();
  return { token, entryIds };
}

/**
 * The server under test in a process of its own. `TARGET_NODE_ARGS` passes node flags to it (`--cpu-prof --cpu-prof-dir=…`,
 * `--trace-gc`), `TARGET_STDOUT` a file its output is copied to: how the figures in the README were taken apart.
 */
export function startTarget(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.TARGET_NODE_ARGS?.split(' ') ?? []), path.join(ROOT, 'dist', 'bench', 'server-target.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (process.env.TARGET_STDOUT) appendFileSync(process.env.TARGET_STDOUT, chunk);
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
}

/**
 * GET `url` of the server at `base` as `token`, timed, while another user's process (pinger.ts, as
 * `pingToken`) sends GET /api/me one after another: the answer and the longest of those waits.
 */
export async function timedWhileOthersWait(base: string, url: string, token: string, pingToken: string, label: string): Promise<{ ms: number; bytes: number; body: Buffer; longestWait: number }> {
  process.stderr.write(`  ${label}: GET ${url}…`);
  const pinger = spawn(process.execPath, [path.join(ROOT, 'dist', 'bench', 'pinger.js'), base, pingToken], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  pinger.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const said = (text: string) => new Promise<void>((resolve) => pinger.stdout!.on('data', () => out.includes(text) && resolve()));
  await said('ready');
  const t = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t;
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const done = said('}');
  pinger.kill('SIGTERM');
  await done;
  const waits = JSON.parse(out.slice(out.indexOf('{'))) as { longest: number; median: number; count: number };
  process.stderr.write(` ${ms.toFixed(0)} ms, ${(body.length / 1e6).toFixed(1)} MB, others waited ≤ ${waits.longest.toFixed(0)} ms (${waits.count} answered)\n`);
  return { ms, bytes: body.length, body, longestWait: waits.longest };
}

export async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

/**
 * `connections` clients, each sending its next PUT when the last is answered, for `DURATION_S`
 * seconds; request `i` goes to `path`, as `token`'s, with `body` (a score by default).
 */
export async function load(url: string, connections: number, requestFor: (i: number) => { path: string; token?: string; body?: string }) {
  let i = 0;
  const score = JSON.stringify({ points: { tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 } });
  const result = await autocannon({
    url,
    connections,
    duration: DURATION_S,
    requests: [
      {
        method: 'PUT',
        setupRequest: (req) => {
          const { path, token, body } = requestFor(i++);
          return { ...req, path, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ?? score };
        },
      },
    ],
  });
  const ok = result['2xx'];
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load on ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { perSecond: ok / DURATION_S, p50: result.latency.p50, p99: result.latency.p99 };
}

type LoadResult = Awaited<ReturnType<typeof load>>;

export const server: Benchmark = async () => {
  const root = path.join(ROOT, 'bench', 'tmp');
  const results: Record<string, BenchResult> = {};

  const bare = await startTarget(['bare']);
  const bareRuns = new Map<number, LoadResult>();
  for (const c of CONCURRENCY) bareRuns.set(c, await load(bare.url, c, (i) => ({ path: `/echo/${i}` })));
  await stop(bare.child);

  const atUnits = new Map<number, Map<number, LoadResult>>();
  for (const units of [10, 1000]) {
    const dir = path.join(root, `server-${units}`);
    const { token, entryIds } = await seed(dir, units);
    const target = await startTarget(['phuluc', dir]);
    const runs = new Map<number, LoadResult>();
    for (const c of units === 10 ? CONCURRENCY : [CONCURRENCY[0]!]) runs.set(c, await load(target.url, c, (i) => ({ path: `/api/scores/${entryIds[i % entryIds.length]}`, token })));
    atUnits.set(units, runs);
    await stop(target.child);
  }

  for (const c of CONCURRENCY) {
    const durable = atUnits.get(10)!.get(c)!;
    const plain = bareRuns.get(c)!;
    results[`server.durable_writes_vs_bare_express_${c}_clients`] = {
      value: durable.perSecond / plain.perSecond,
      unit: 'ratio',
      target: 0.25,
      better: 'higher',
      note: `durable score writes ${durable.perSecond.toFixed(0)}/s (10 units) ÷ bare Express JSON ${plain.perSecond.toFixed(0)}/s, ${c} clients`,
    };
  }
  const [small, large] = [atUnits.get(10)!.get(CONCURRENCY[0]!)!, atUnits.get(1000)!.get(CONCURRENCY[0]!)!];
  results['server.write_latency_1000_vs_10_units'] = {
    value: large.p50 / small.p50,
    unit: 'ratio',
    target: null,
    better: 'lower',
    note: `median write latency ${large.p50} ms at 1,000 units ÷ ${small.p50} ms at 10 units, ${CONCURRENCY[0]} clients (p99 ${large.p99} ÷ ${small.p99} ms; ${large.perSecond.toFixed(0)} vs ${small.perSecond.toFixed(0)} writes/s)`,
  };
  return results;
};
