/**
 * bench/scale (issue #31): consolidation at a district's, a city's and a nation's size, on the real
 * server (`phuluc serve` in its own process), through the HTTP API, on realistic text:
 * - district: 18 units × 2 entries, 28 reviewers (1,008 scores);
 * - city: 200 units × 10 entries, 30 reviewers (60,000 scores), two earlier years of 2,000 entries;
 * - nation: 3,400 units × 3 entries, 30 reviewers (306,000 scores), two earlier years of 10,200.
 * At each: start-up; the first summary (the whole duplicate search); then, after one unit sends its
 * report again, the pane's summary (sheets), the workbook and the JSON, each after its own new
 * report; after one score, the pane's summary; the longest wait of a GET /api/me sent one after
 * another meanwhile, from a process of its own (bench/pinger.ts); the server's peak resident memory. Floors side by side: ExcelJS writing the
 * same rows in this process, a GET /api/me on the idle server.
 */
import { closeSync, fdatasyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { displayRows, type SummaryTable } from '../core/consolidation/sheet-layout';
import { DEFAULT_FIELDS } from '../core/reader/template';
import { seedCity } from './city';
import { markovDescription, markovTitle, random } from './markov';
import { median, residentMb, ROOT, type Benchmark, type BenchResult } from './measure';
import { startTarget, stop, timedWhileOthersWait } from './server';

const SIZES = [
  { name: 'district', units: 18, each: 2, reviewers: 28, earlier: 0 },
  { name: 'city', units: 200, each: 10, reviewers: 30, earlier: 2 },
  { name: 'nation', units: 3_400, each: 3, reviewers: 30, earlier: 2 },
] as const;

/** The floors measured in the same run: a bare Express JSON route's round trip, and one fsync'd append of a score-sized line. */
async function floors(): Promise<{ bareMs: number; appendMs: number }> {
  const bare = await startTarget(['bare']);
  const trips: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`${bare.url}/echo/${i}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"points":{"tinhMoi":25}}' })).arrayBuffer();
      if (i >= 20) trips.push(performance.now() - t);
    }
  } finally {
    await stop(bare.child);
  }
  const file = path.join(ROOT, 'bench', 'tmp', 'scale-append.jsonl');
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const appends: number[] = [];
  const line = `${JSON.stringify({ kind: 'score', score: { id: 'x'.repeat(36), entryId: 'e'.repeat(36), points: { tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 } } })}\n`;
  try {
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      writeSync(fd, line);
      fdatasyncSync(fd);
      appends.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return { bareMs: median(trips), appendMs: median(appends) };
}

export const scaleBench: Benchmark = async () => {
  const results: Record<string, BenchResult> = {};
  const afterReport = new Map<string, number>();
  const floor = await floors();
  results['scale.floor_bare_express_ms'] = { value: floor.bareMs, unit: 'ms', target: null, better: 'lower', note: 'a bare Express JSON route, round trip on loopback (median of 180)' };
  results['scale.floor_fsync_append_ms'] = { value: floor.appendMs, unit: 'ms', target: null, better: 'lower', note: 'one score-sized line appended and fdatasync’d (median of 200)' };
  // SCALE_SIZES=nation runs one size (while working on it; it replaces every scale figure in results.json); the growth needs city and nation.
  const only = process.env.SCALE_SIZES?.split(',');
  for (const size of SIZES.filter((s) => !only || only.includes(s.name))) {
    const dir = path.join(ROOT, 'bench', 'tmp', `scale-${size.name}`);
    process.stderr.write(`  seeding ${size.name}…\n`);
    const city = await seedCity(dir, size);
    const entries = size.units * size.each;
    const started = performance.now();
    const target = await startTarget(['phuluc', dir]);
    const startup = performance.now() - started;
    process.stderr.write(`  ${size.name}: started in ${startup.toFixed(0)} ms\n`);
    try {
      const call = (url: string, token: string, init: RequestInit = {}) => fetch(`${target.url}${url}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
      const idle: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await (await call('/api/me', city.tokens.officer)).arrayBuffer();
        idle.push(performance.now() - t);
      }
      /** GET `url`, timed, while another user's process sends GET /api/me one after another: the longest of those waits. */
      const timed = (url: string) => timedWhileOthersWait(target.url, url, city.tokens.admin, city.tokens.officer, size.name);
      let sent = 0;
      /** Unit `u` sends its report again: `each` entries of new text. */
      const sendAgain = async () => {
        const u = 1 + sent++;
        const unit = city.round.units[u]!.name;
        const list = Array.from({ length: size.each }, (_, k) => {
          const next = random(77_000_000 + u * 100 + k);
          return { row: 9 + k, stt: String(k + 1), unit, title: markovTitle(next), field: DEFAULT_FIELDS[k % DEFAULT_FIELDS.length]!.name, sections: markovDescription(next), note: '' };
        });
        const res = await call(`/api/submissions/${encodeURIComponent(unit)}`, city.tokens.admin, { method: 'PUT', body: JSON.stringify({ entries: list }) });
        if (!res.ok) throw new Error(`report: ${res.status} ${await res.text()}`);
      };
      /** Every part of the pane's sheets after the first, one after another, as the pane fetches them. */
      const restOfSheets = async () => {
        const t = performance.now();
        const { version } = (await (await call('/api/summary/sheets', city.tokens.admin)).json()) as { version: string };
        const part = (n: number) => call(`/api/summary/sheets?part=${n}&version=${encodeURIComponent(version)}`, city.tokens.admin);
        // Each part's bytes, and how many crossed (gzipped, as fetch asks for it by default).
        const fetched = async (n: number) => {
          const res = await part(n);
          return { body: Buffer.from(await res.arrayBuffer()), wire: Number(res.headers.get('content-length')) };
        };
        const heads = await fetched(1);
        const { parts } = JSON.parse(heads.body.toString('utf8')) as { parts: number };
        let bytes = heads.body.length;
        let wire = heads.wire;
        for (let n = 2; n < parts; n++) {
          const got = await fetched(n);
          bytes += got.body.length;
          wire += got.wire;
        }
        return { ms: performance.now() - t, parts, bytes, wire };
      };
      // The peak so far after each step (VmHWM only grows): which step sets the peak.
      const peaks: string[] = [];
      const peakAfter = (step: string) => peaks.push(`${step} ${residentMb(target.child.pid!).peak.toFixed(0)}`);
      peakAfter('started');
      const first = await timed('/api/summary/sheets');
      peakAfter('first summary');
      // The first write after start-up: it once built the round's score index (half a second at a nation's size), holding every request behind it.
      const firstWrite = performance.now();
      await sendAgain();
      const firstWriteMs = performance.now() - firstWrite;
      const sheets = await timed('/api/summary/sheets');
      const allParts = await restOfSheets();
      peakAfter('sheets after a report');
      await sendAgain();
      const workbook = await timed('/api/summary.xlsx');
      peakAfter('workbook');
      await sendAgain();
      const json = await timed('/api/summary');
      peakAfter('JSON');
      // Tiến độ's first page, worked out from nothing (the secretariat opening it), before the score below.
      const progressFirst = await timed('/api/progress?page=1');
      const scored = city.entryIds[city.entryIds.length - 1]!;
      const score = await call(`/api/scores/${scored}`, city.tokens.reviewers[0]!, { method: 'PUT', body: JSON.stringify({ points: { tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 } }) });
      if (!score.ok) throw new Error(`score: ${score.status} ${await score.text()}`);
      const afterScore = await timed('/api/summary/sheets');
      // Tiến độ as the pane asks for it (a page of 50 units): brought up to date after the score, then the next page from what was kept.
      const progressAfterScore = await timed('/api/progress?page=1');
      const progressNextPage = await timed('/api/progress?page=2');
      const peak = residentMb(target.child.pid!).peak;
      // An earlier year asked for (its Tiến độ's first page), its file read for the first time: the server reads it in a thread of its own (after the peak above, which is as before).
      const { rounds } = (await (await call('/api/rounds', city.tokens.admin)).json()) as { rounds: Array<{ id: string; active: boolean }> };
      const keptId = rounds.find((r) => !r.active)?.id;
      const earlierYear = keptId === undefined ? null : await timed(`/api/progress?round=${encodeURIComponent(keptId)}&page=1`);
      // Reported beside the peak, not in it (the figure earlier sessions compared): the earlier year's file is read in a thread of its own.
      if (earlierYear) peakAfter('an earlier year read');
      // Every score of the round, as the secretariat's integrations ask for it (a nation's: 100 MB of JSON), after the rest: its own step of the peaks.
      const scoreList = await timed('/api/scores');
      peakAfter('the score list');
      // Every latest report, as each reviewer's pane asks for them.
      const reportList = await timed('/api/submissions');
      peakAfter('the report list');

      // ExcelJS writing a workbook of the same cells (the server's own tables, from its JSON), in this process.
      const { tables } = JSON.parse(json.body.toString('utf8')) as { tables: SummaryTable[] };
      const t = performance.now();
      const book = new ExcelJS.Workbook();
      for (const table of tables) book.addWorksheet(table.sheet).addRows([table.headers, ...displayRows(table)]);
      await book.xlsx.writeBuffer();
      const plain = performance.now() - t;

      const nation = size.name === 'nation';
      const key = (name: string) => `scale.${size.name}.${name}`;
      const scale = `${entries} entries, ${city.scores.length} scores, ${size.earlier} earlier years`;
      afterReport.set(size.name, sheets.ms);
      Object.assign(results, {
        [key('startup_ms')]: { value: startup, unit: 'ms', target: nation ? 3000 : null, better: 'lower', note: `${scale}: spawn to listening` },
        [key('first_summary_ms')]: { value: first.ms, unit: 'ms', target: null, better: 'lower', note: 'the pane’s summary, first build: the whole duplicate search' },
        [key('summary_after_report_ms')]: { value: sheets.ms, unit: 'ms', target: nation ? 2000 : null, better: 'lower', note: `the pane’s summary after one unit sent again: its first part, what it shows at once (${(sheets.bytes / 1e3).toFixed(0)} KB)` },
        [key('summary_all_parts_after_report_ms')]: { value: sheets.ms + allParts.ms, unit: 'ms', target: null, better: 'lower', note: `the pane’s summary in full: its ${allParts.parts} parts one after another (${((sheets.bytes + allParts.bytes) / 1e6).toFixed(1)} MB, ${((sheets.bytes + allParts.wire) / 1e6).toFixed(1)} MB on the wire)` },
        [key('first_report_write_ms')]: { value: firstWriteMs, unit: 'ms', target: null, better: 'lower', note: `one unit's report of ${size.each} entries sent again, the first write after start-up (PUT to its answer)` },
        [key('summary_after_score_ms')]: { value: afterScore.ms, unit: 'ms', target: nation ? 2000 : null, better: 'lower', note: 'the pane’s summary after one score' },
        [key('workbook_after_report_vs_exceljs')]: { value: workbook.ms / plain, unit: 'ratio', target: null, better: 'lower', note: `GET /api/summary.xlsx after one report ${workbook.ms.toFixed(0)} ms ÷ ExcelJS writing the same cells ${plain.toFixed(0)} ms` },
        [key('json_after_report_ms')]: { value: json.ms, unit: 'ms', target: null, better: 'lower', note: `GET /api/summary (everything, ${(json.bytes / 1e6).toFixed(0)} MB) after one report` },
        [key('longest_wait_of_other_requests_ms')]: {
          value: Math.max(first.longestWait, sheets.longestWait, workbook.longestWait, json.longestWait, afterScore.longestWait),
          unit: 'ms',
          target: 100,
          better: 'lower',
          note: `longest GET /api/me during any summary (first ${first.longestWait.toFixed(0)}, sheets ${sheets.longestWait.toFixed(0)}, workbook ${workbook.longestWait.toFixed(0)}, JSON ${json.longestWait.toFixed(0)}, after a score ${afterScore.longestWait.toFixed(0)} ms); idle median ${median(idle).toFixed(1)} ms`,
        },
        [key('progress_first_page_ms')]: { value: progressFirst.ms, unit: 'ms', target: null, better: 'lower', note: `Tiến độ's first page (50 units), worked out from nothing; another user's longest wait ${progressFirst.longestWait.toFixed(0)} ms` },
        [key('progress_page_after_score_ms')]: { value: progressAfterScore.ms, unit: 'ms', target: null, better: 'lower', note: `Tiến độ's first page again after a score, the score counted in; another user's longest wait ${progressAfterScore.longestWait.toFixed(0)} ms` },
        [key('progress_next_page_ms')]: { value: progressNextPage.ms, unit: 'ms', target: null, better: 'lower', note: `Tiến độ's next page, nothing changed (kept); another user's longest wait ${progressNextPage.longestWait.toFixed(0)} ms` },
        ...(earlierYear
          ? {
              [key('earlier_year_first_read_ms')]: { value: earlierYear.ms, unit: 'ms', target: null, better: 'lower', note: 'an earlier year’s Tiến độ (its first page) asked for, its file read for the first time (in a thread of its own)' },
              [key('longest_wait_reading_earlier_year_ms')]: { value: earlierYear.longestWait, unit: 'ms', target: 100, better: 'lower', note: 'longest GET /api/me of another user while an earlier year’s file is read for the first time' },
            }
          : {}),
        [key('score_list_ms')]: { value: scoreList.ms, unit: 'ms', target: null, better: 'lower', note: `GET /api/scores as the secretariat: every score of the round (${(scoreList.bytes / 1e6).toFixed(1)} MB), sent a slice at a time` },
        [key('longest_wait_score_list_ms')]: { value: scoreList.longestWait, unit: 'ms', target: nation ? 100 : null, better: 'lower', note: 'longest GET /api/me of another user while every score of the round is sent (before the sixteenth session, one string: 785–861 ms at a nation’s size)' },
        [key('report_list_ms')]: { value: reportList.ms, unit: 'ms', target: null, better: 'lower', note: `GET /api/submissions: every unit's latest report (${(reportList.bytes / 1e6).toFixed(1)} MB), sent a few at a time` },
        [key('longest_wait_report_list_ms')]: { value: reportList.longestWait, unit: 'ms', target: nation ? 100 : null, better: 'lower', note: 'longest GET /api/me of another user while every latest report is sent (before the sixteenth session, one string: 196–291 ms at a nation’s size)' },
        [key('idle_me_vs_bare_express')]: { value: median(idle) / floor.bareMs, unit: 'ratio', target: null, better: 'lower', note: `GET /api/me on the idle server ${median(idle).toFixed(1)} ms ÷ a bare Express route ${floor.bareMs.toFixed(1)} ms (since #31 it names the units' version, not the 3,400 units)` },
        [key('peak_resident_mb')]: { value: peak, unit: 'megabytes', target: nation ? 1024 : null, better: 'lower', note: `the server’s peak resident memory (MB, VmHWM) through the summaries above; the peak after each step (those after the summaries, an earlier year's file read and the lists of scores and reports, not in the figure): ${peaks.join(', ')}` },
      } satisfies Record<string, BenchResult>);
    } finally {
      await stop(target.child);
    }
  }
  const [city, nation] = [afterReport.get('city'), afterReport.get('nation')];
  if (city === undefined || nation === undefined) return results;
  const grew = SIZES[2].units * SIZES[2].each * (1 + SIZES[2].earlier) / (SIZES[1].units * SIZES[1].each * (1 + SIZES[1].earlier));
  results['scale.summary_after_report_growth_city_to_nation'] = {
    value: nation / city / grew,
    unit: 'ratio',
    target: 1,
    better: 'lower',
    note: `the pane’s summary after one report: nation ${nation.toFixed(0)} ms ÷ city ${city.toFixed(0)} ms = ${(nation / city).toFixed(1)}, for ${grew.toFixed(1)}× the entries (≤ 1: no faster than the data)`,
  };
  return results;
};
