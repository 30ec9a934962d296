/**
 * bench/store (issue #13): what one score write costs as the data grows, on the real server
 * (`phuluc serve` in its own process, autocannon on loopback), at the demo's size and at a city's
 * (200 units × 10 entries of realistic text + 60,000 scores):
 * - one writer's median latency at the city's size ÷ the same at the demo's (target ≤ 2: a commit
 *   costs the change, not the data);
 * - p50 and p99 of 30 concurrent writers (30 reviewers) at both sizes;
 * - start-up at the city's size: opening the data folder (snapshot and journal) in this process.
 *
 * The same on PostgreSQL, in the same run, when it is installed: a cluster of its own in a temp
 * folder, each seeded folder copied in by `phuluc migrate`'s copy (its time reported too), the
 * server run with `--database`. Then, at the city's size, two server processes on one database
 * against one (issue #31: target ≥ 1.6 times the writes per second), beside the floor of a
 * single-row INSERT committed on its own. Skipped, and said, without PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openLowdbStore, openPostgresStore } from '../server/store';
import { copyFolderToPostgres } from '../server/copy-to-postgres';
import { postgresBinaries, startPostgres, type PostgresCluster } from '../test/helpers/postgres';
import { seedCity, type City } from './city';
import { type Benchmark, type BenchResult, median, percentile, ROOT, timeAsync } from './measure';
import { load, startTarget, stop } from './server';

const SIZES = {
  demo: { units: 12, each: 3, reviewers: 3 },
  city: { units: 200, each: 10, reviewers: 30 },
};
const WRITES_ONE_CLIENT = 400;

/** One reviewer's writes one after another, each timed here (sub-millisecond, unlike autocannon's histogram). */
async function oneWriter(url: string, city: City) {
  const times: number[] = [];
  for (let n = 0; n < WRITES_ONE_CLIENT; n++) {
    const t = performance.now();
    const res = await fetch(`${url}/api/scores/${city.entryIds[(n * 7919) % city.entryIds.length]}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${city.tokens.reviewers[0]}` },
      body: JSON.stringify({ points: { tinhMoi: 20 + (n % 10), hieuQua: 24, nhanRong: 15, khaThi: 16 } }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`score write: ${res.status}`);
    times.push(performance.now() - t);
  }
  return { p50: median(times), p99: percentile(times, 0.99) };
}
/**
 * PUT /api/scores by `connections` reviewers at once (each sends the next when answered): median
 * and p99 in ms. `reviewers`: whose tokens they write with (all the city's by default).
 */
function writes(url: string, city: City, connections: number, reviewers = city.tokens.reviewers) {
  return load(url, connections, (n) => ({
    path: `/api/scores/${city.entryIds[(n * 7919) % city.entryIds.length]}`,
    token: reviewers[n % reviewers.length] as string,
    body: JSON.stringify({ points: { tinhMoi: 20 + (n % 10), hieuQua: 24, nhanRong: 15, khaThi: 16 } }),
  }));
}

type Measured = Record<'demo' | 'city', { one: Awaited<ReturnType<typeof oneWriter>>; thirty: Awaited<ReturnType<typeof writes>>; startMs: number; copyMs?: number }>;

/** Both sizes on one store: `open` opens it in this process (start-up), `target` runs the server on it. */
async function measureStore(
  prepare: (name: string, dir: string) => Promise<{ open: () => Promise<{ close(): Promise<void> }>; target: string[]; copyMs?: number }>,
  cities: Record<string, City>,
): Promise<Measured> {
  const measured: Record<string, Measured['demo']> = {};
  for (const name of Object.keys(SIZES)) {
    const dir = path.join(ROOT, 'bench', 'tmp', `store-${name}`);
    const city = cities[name] as City;
    const { open, target: args, copyMs } = await prepare(name, dir);
    // Start-up: opening the store as `phuluc serve` does (median of three).
    const starts: number[] = [];
    for (let k = 0; k < 3; k++) starts.push(await timeAsync(async () => (await open()).close()));
    const target = await startTarget(args);
    try {
      // Each reviewer's hourly last-use written first, so it is not counted in the writes below.
      for (const token of city.tokens.reviewers) await fetch(`${target.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      const one = await oneWriter(target.url, city);
      const thirty = await writes(target.url, city, 30);
      measured[name] = { one, thirty, startMs: median(starts), ...(copyMs === undefined ? {} : { copyMs }) };
    } finally {
      await stop(target.child);
    }
  }
  return measured as Measured;
}

function report(store: string, m: Measured, target: number | null): Record<string, BenchResult> {
  const { demo, city } = m;
  const key = store === 'lowdb' ? 'store' : `store.${store}`;
  return {
    [`${key}.one_write_city_vs_demo`]: {
      value: city.one.p50 / demo.one.p50,
      unit: 'ratio',
      target,
      better: 'lower',
      note: `${store}: one writer's median score write ${city.one.p50.toFixed(2)} ms at 200 units × 10 entries + 60,000 scores ÷ ${demo.one.p50.toFixed(2)} ms at the demo's size (p99 ${city.one.p99.toFixed(1)} vs ${demo.one.p99.toFixed(1)} ms)`,
    },
    [`${key}.one_write_p50_ms_city`]: { value: city.one.p50, unit: 'ms', target: null, better: 'lower', note: `${store}: as above` },
    [`${key}.thirty_writers_p50_ms_city`]: { value: city.thirty.p50, unit: 'ms', target: null, better: 'lower', note: `${store}: 30 reviewers at once, city: p50 ${city.thirty.p50} ms, p99 ${city.thirty.p99} ms, ${city.thirty.perSecond.toFixed(0)} writes/s` },
    [`${key}.thirty_writers_p99_ms_city`]: { value: city.thirty.p99, unit: 'ms', target: null, better: 'lower', note: `${store}: as above` },
    [`${key}.thirty_writers_p50_ms_demo`]: { value: demo.thirty.p50, unit: 'ms', target: null, better: 'lower', note: `${store}: 30 reviewers at once, demo: p50 ${demo.thirty.p50} ms, p99 ${demo.thirty.p99} ms, ${demo.thirty.perSecond.toFixed(0)} writes/s` },
    [`${key}.thirty_writers_p99_ms_demo`]: { value: demo.thirty.p99, unit: 'ms', target: null, better: 'lower', note: `${store}: as above` },
    [`${key}.startup_ms_city`]: { value: city.startMs, unit: 'ms', target: null, better: 'lower', note: `${store}: opening the city's data (schema check, replay); demo's: ${demo.startMs.toFixed(0)} ms` },
    ...(city.copyMs === undefined ? {} : { [`${key}.migrate_ms_city`]: { value: city.copyMs, unit: 'ms', target: null, better: 'lower', note: `phuluc migrate of the city's folder (copy in one transaction, read back, checksums); demo's: ${demo.copyMs?.toFixed(0)} ms` } }),
  };
}

/** A single-row INSERT committed on its own (autocommit), one after another: the database's floor for one write (median of 200, ms). */
async function insertCommitFloor(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS bench_floor (n integer, at timestamptz)');
    const times: number[] = [];
    for (let n = 0; n < 200; n++) times.push(await timeAsync(() => client.query('INSERT INTO bench_floor VALUES ($1, now())', [n])));
    return median(times);
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_floor');
    await client.end();
  }
}

/** The machine's CPU time so far (every core, every process: the servers, PostgreSQL, the load), busy and in all, from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** `run`, with the share of the machine's CPU it kept busy meanwhile (1 = every core all the time). */
async function withCpu<T>(run: () => Promise<T>): Promise<{ value: T; busy: number }> {
  const before = machineCpu();
  const value = await run();
  const after = machineCpu();
  return { value, busy: (after.busy - before.busy) / (after.total - before.total) };
}

/**
 * Two server processes on the city's database against one: 30 reviewers' score writes at once, all
 * to one process, then 15 to each of two (the same load, split: each reviewer on one). Commits lock what they touch, not
 * one row for all (server/store/postgres/locks.ts), so a second process adds what the machine has
 * to spare: the share of its cores each phase kept busy is measured beside the writes, and the
 * writes per second of CPU says whether the second process wastes any.
 */
async function twoProcesses(cluster: PostgresCluster, city: City): Promise<Record<string, BenchResult>> {
  const url = cluster.url('bench_city');
  const floorMs = await insertCommitFloor(url);
  const a = await startTarget(['phuluc-postgres', url]);
  const b = await startTarget(['phuluc-postgres', url]);
  try {
    for (const token of city.tokens.reviewers) for (const t of [a, b]) await fetch(`${t.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    const { value: one, busy: oneBusy } = await withCpu(() => writes(a.url, city, 30));
    // The second process catches up with the first's 5 s of writes before it is timed (as it would have, serving all along).
    await fetch(`${b.url}/api/me`, { headers: { authorization: `Bearer ${city.tokens.reviewers[0]}` } });
    const { value: [first, second], busy: twoBusy } = await withCpu(() =>
      // Each reviewer on one process, as a reviewer's pane talks to the server it reached.
      Promise.all([writes(a.url, city, 15, city.tokens.reviewers.slice(0, 15)), writes(b.url, city, 15, city.tokens.reviewers.slice(15))]),
    );
    const both = first.perSecond + second.perSecond;
    const cores = cpus().length;
    const busy = (share: number) => `${(share * 100).toFixed(0)} % of the machine's ${cores} cores busy`;
    return {
      'store.postgres.two_processes_vs_one': {
        value: both / one.perSecond,
        unit: 'ratio',
        target: 1.6,
        better: 'higher',
        note: `30 reviewers' score writes at the city's size: ${both.toFixed(0)} writes/s on two processes (p50 ${first.p50}/${second.p50} ms; ${busy(twoBusy)}) ÷ ${one.perSecond.toFixed(0)} on one (p50 ${one.p50} ms; ${busy(oneBusy)})`,
      },
      'store.postgres.two_processes_cpu_busy': { value: twoBusy, unit: 'ratio', target: null, better: 'lower', note: `the machine's CPU kept busy (servers, PostgreSQL and the load together) with two processes; ${oneBusy.toFixed(2)} with one` },
      'store.postgres.two_processes_vs_one_per_cpu': {
        value: both / twoBusy / (one.perSecond / oneBusy),
        unit: 'ratio',
        target: null,
        better: 'higher',
        note: 'writes per second of the machine\'s CPU, two processes ÷ one: near 1, a second process costs no more per write, and adds writes where cores are free',
      },
      'store.postgres.floor_insert_commit_ms': { value: floorMs, unit: 'ms', target: null, better: 'lower', note: 'one single-row INSERT committed on its own, on the same cluster (median of 200)' },
    };
  } finally {
    await stop(a.child);
    await stop(b.child);
  }
}

export const storeBench: Benchmark = async () => {
  const cities: Record<string, City> = {};
  for (const [name, size] of Object.entries(SIZES)) cities[name] = await seedCity(path.join(ROOT, 'bench', 'tmp', `store-${name}`), size);
  const lowdb = await measureStore(async (_name, dir) => ({ open: () => openLowdbStore(dir), target: ['phuluc', dir] }), cities);
  const results = report('lowdb', lowdb, 2);
  if (!postgresBinaries()) {
    console.log('store: PostgreSQL is not installed here (apt-get install postgresql): its figures are left out.');
    return results;
  }
  const cluster: PostgresCluster = await startPostgres();
  try {
    const postgres = await measureStore(async (name, dir) => {
      const url = await cluster.createDatabase(`bench_${name}`);
      const t = performance.now();
      const copied = await copyFolderToPostgres(dir, url);
      const copyMs = performance.now() - t;
      if (copied.differing.length > 0) throw new Error(`copy differs: ${copied.differing.join(', ')}`);
      return { open: () => openPostgresStore(url), target: ['phuluc-postgres', url], copyMs };
    }, cities);
    return { ...results, ...report('postgres', postgres, 2), ...(await twoProcesses(cluster, cities.city as City)) };
  } finally {
    await cluster.stop();
  }
};
