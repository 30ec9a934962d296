/**
 * bench/postgres-scale (issue #31): what one PostgreSQL server process holds as the data grows, on
 * bench/scale's data (a district, a city and a nation; two earlier years at the city and the nation),
 * each folder copied into a database of its own by `phuluc migrate`'s copy:
 * - the live heap of a store just opened (in this process, after full collections), and of the same
 *   store once it has read every kept round, side by side: what the earlier years cost a process
 *   that holds them (every process did before the sixth session's next step; now one that is asked
 *   for them);
 * - the server in its own process: spawn to listening, resident memory after start and after its
 *   first summary (which reads the earlier years' reports from their table, not their rounds whole).
 * Skipped, and said, without PostgreSQL.
 */
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { copyFolderToPostgres } from '../server/copy-to-postgres';
import { openPostgresStore, type PostgresStore } from '../server/store';
import { postgresBinaries, startPostgres } from '../test/helpers/postgres';
import { seedCity } from './city';
import { median, percentile, residentMb, ROOT, type Benchmark, type BenchResult } from './measure';
import { startTarget, stop, timedWhileOthersWait } from './server';

/** Score writes through a server just started, before its first summary. */
const WRITES = 300;

const SIZES = [
  { name: 'district', units: 18, each: 2, reviewers: 28, earlier: 0 },
  { name: 'city', units: 200, each: 10, reviewers: 30, earlier: 2 },
  { name: 'nation', units: 3_400, each: 3, reviewers: 30, earlier: 2 },
] as const;


setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** The live heap after full collections (MB). */
function liveMb(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1e6;
}

export const postgresScaleBench: Benchmark = async () => {
  const results: Record<string, BenchResult> = {};
  if (!postgresBinaries()) {
    console.log('postgres-scale: PostgreSQL is not installed here (apt-get install postgresql): nothing measured.');
    return results;
  }
  const cluster = await startPostgres();
  try {
    const only = process.env.SCALE_SIZES?.split(',');
    for (const size of SIZES.filter((s) => !only || only.includes(s.name))) {
      const dir = path.join(ROOT, 'bench', 'tmp', `pg-scale-${size.name}`);
      process.stderr.write(`  seeding ${size.name}…\n`);
      const city = await seedCity(dir, size);
      const url = await cluster.createDatabase(`scale_${size.name}`);
      process.stderr.write(`  copying ${size.name} into PostgreSQL…\n`);
      const copied = await copyFolderToPostgres(dir, url);
      if (copied.differing.length > 0) throw new Error(`copy differs: ${copied.differing.join(', ')}`);

      // In this process: the store as a server opens it, then holding every kept round, then the active round's scores. Each
      // measured against the heap once the store is closed and let go: what was live before it (the seed's, the copy's) is left out.
      let t = performance.now();
      let store: PostgresStore | null = await openPostgresStore(url);
      const openMs = performance.now() - t;
      const opened = liveMb();
      const kept = store.unreadRounds;
      t = performance.now();
      for (const id of kept) await store.read(id);
      const readMs = performance.now() - t;
      const holdingKept = liveMb();
      // And holding the active round's scores: what every process held from its start before the seventeenth session.
      t = performance.now();
      await store.readWithScores();
      const scoresMs = performance.now() - t;
      const holdingScores = liveMb();
      await store.close();
      store = null;
      const without = liveMb();
      const unread = opened - without;
      const held = holdingKept - without;
      const heldScores = holdingScores - holdingKept;

      // The server in its own process.
      t = performance.now();
      const target = await startTarget(['phuluc-postgres', url]);
      const startup = performance.now() - t;
      try {
        const started = residentMb(target.child.pid!);
        // Reviewers scoring through it (each entry of the round's last units by each reviewer in turn): a process that takes writes only holds none of the round's scores.
        const writes = Math.min(WRITES, city.entryIds.length * city.tokens.reviewers.length);
        const writeMs: number[] = [];
        for (let n = 0; n < writes; n++) {
          const entryId = city.entryIds[city.entryIds.length - 1 - (n % city.entryIds.length)]!;
          const w = performance.now();
          const put = await fetch(`${target.url}/api/scores/${entryId}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${city.tokens.reviewers[n % city.tokens.reviewers.length]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ points: { tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 } }),
          });
          await put.arrayBuffer();
          if (!put.ok) throw new Error(`score: ${put.status}`);
          writeMs.push(performance.now() - w);
        }
        const written = residentMb(target.child.pid!);
        // The secretariat opens Tiến độ: the round's scores are read whole (while others are answered), then held.
        const firstProgress = await timedWhileOthersWait(target.url, '/api/progress?page=1', city.tokens.admin, city.tokens.officer, size.name);
        const progressed = residentMb(target.child.pid!);
        t = performance.now();
        const res = await fetch(`${target.url}/api/summary/sheets`, { headers: { authorization: `Bearer ${city.tokens.admin}` } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`summary: ${res.status}`);
        const summaryMs = performance.now() - t;
        const summarised = residentMb(target.child.pid!);
        // Every score of the round, read from the table a page at a time, while another user waits.
        const scoreList = await timedWhileOthersWait(target.url, '/api/scores', city.tokens.admin, city.tokens.officer, size.name);
        const listed = residentMb(target.child.pid!);
        const key = (name: string) => `postgres-scale.${size.name}.${name}`;
        const scale = `${size.units * size.each} entries, ${city.scores.length} scores, ${size.earlier} earlier years of ${size.units * size.each} entries`;
        process.stderr.write(`  ${size.name}: store ${unread.toFixed(0)} MB live (${held.toFixed(0)} MB holding the kept rounds), server started in ${startup.toFixed(0)} ms at ${started.now.toFixed(0)} MB\n`);
        Object.assign(results, {
          [key('store_live_mb')]: { value: unread, unit: 'megabytes', target: null, better: 'lower', note: `${scale}: a PostgreSQL store just opened, live heap after full collections (opened in ${openMs.toFixed(0)} ms)` },
          [key('store_live_holding_kept_rounds_mb')]: {
            value: held,
            unit: 'megabytes',
            target: null,
            better: 'lower',
            note: `the same store once it has read its ${kept.length} kept rounds (in ${readMs.toFixed(0)} ms): what every process held before they were left in their tables`,
          },
          [key('store_holding_kept_rounds_vs_not')]: { value: held / unread, unit: 'ratio', target: null, better: 'lower', note: 'the live heap of the store holding its kept rounds ÷ of the same store just opened, side by side' },
          [key('store_live_active_scores_mb')]: {
            value: heldScores,
            unit: 'megabytes',
            target: null,
            better: 'lower',
            note: `what the same store holds more once it has read the active round's ${city.scores.length} scores whole (in ${scoresMs.toFixed(0)} ms, readWithScores): what every process held from its start before the seventeenth session, and what one serving a summary or Tiến độ holds now`,
          },
          [key('score_write_p50_ms')]: { value: median(writeMs), unit: 'ms', target: null, better: 'lower', note: `${writes} score writes through the server just started, one after another, each reading the score it replaces from the table inside its commit (p90 ${percentile(writeMs, 0.9).toFixed(1)} ms)` },
          [key('server_resident_after_writes_mb')]: { value: written.now, unit: 'megabytes', target: null, better: 'lower', note: `the server's resident memory after those writes (peak ${written.peak.toFixed(0)} MB): a process that only takes writes holds none of the round's scores` },
          [key('first_progress_ms')]: { value: firstProgress.ms, unit: 'ms', target: null, better: 'lower', note: `Tiến độ's first page on that server: the round's scores read whole from their table and held (resident after it ${progressed.now.toFixed(0)} MB)` },
          [key('longest_wait_first_progress_ms')]: {
            value: firstProgress.longestWait,
            unit: 'ms',
            target: size.name === 'nation' ? 100 : null,
            better: 'lower',
            note: 'longest GET /api/me of another user meanwhile (the scores read between batches, 1,000 at a time, and put in the state at once: read in the store\'s turn they held every request 1.7 s at a nation\'s size)',
          },
          [key('server_startup_ms')]: { value: startup, unit: 'ms', target: size.name === 'nation' ? 3000 : null, better: 'lower', note: `phuluc serve --database: spawn to listening (the active round's scores left in their table since the seventeenth session)` },
          [key('server_resident_after_start_mb')]: { value: started.now, unit: 'megabytes', target: null, better: 'lower', note: 'the server process’s resident memory once listening (VmRSS)' },
          [key('server_peak_after_first_summary_mb')]: {
            value: summarised.peak,
            unit: 'megabytes',
            target: size.name === 'nation' ? 1024 : null,
            better: 'lower',
            note: `its peak (VmHWM) through Tiến độ and its first summary (${summaryMs.toFixed(0)} ms: the whole duplicate search, the earlier years' reports read from their table; the scores held since Tiến độ)`,
          },
          [key('score_list_ms')]: { value: scoreList.ms, unit: 'ms', target: null, better: 'lower', note: `GET /api/scores as the secretariat: every score of the round (${(scoreList.bytes / 1e6).toFixed(1)} MB), read from the table a page at a time; the process's peak after it ${listed.peak.toFixed(0)} MB` },
          [key('longest_wait_score_list_ms')]: { value: scoreList.longestWait, unit: 'ms', target: size.name === 'nation' ? 100 : null, better: 'lower', note: 'longest GET /api/me of another user while every score of the round is sent (before the sixteenth session, one string from memory: 976–1,023 ms at a nation’s size)' },
        } satisfies Record<string, BenchResult>);
      } finally {
        await stop(target.child);
      }
    }
  } finally {
    await cluster.stop();
  }
  const district = results['postgres-scale.district.store_live_mb'];
  const nation = results['postgres-scale.nation.store_live_mb'];
  if (district && nation) {
    results['postgres-scale.store_live_growth_district_to_nation'] = {
      value: nation.value / district.value,
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `a store just opened: nation ${nation.value.toFixed(0)} MB ÷ district ${district.value.toFixed(0)} MB live (the active round's reports are held; its scores since the seventeenth session are not)`,
    };
  }
  return results;
};
