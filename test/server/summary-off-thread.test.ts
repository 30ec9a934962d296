/**
 * The summary is built off the request path (issue #13): while a large round is consolidated in
 * the summary worker, the server keeps answering everyone else; a summary is built once per
 * version of the store and built again after any change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import request from 'supertest';
import { REPORT_LIMITS } from '../../core/limits';
import { summaryBuilder, SummaryFailedError, type Summaries } from '../../server/summary-pool';
import { SummaryBytes } from '../../server/summary-bytes';
import { SUMMARY_NICE } from '../../server/summary-worker';
import { demoRound } from '../../core/rounds/round';
import { sheetsOf } from '../helpers/workbook';
import { closeListener, listen, urlOf } from '../helpers/pane';
import { variedEntry, variedText } from '../helpers/reports';
import { auth, entry, POINTS, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
let listener: Server;
let builds: number;
let summaries: Summaries;

beforeEach(async () => {
  // One report a message (ten earlier entries): every summary here is put together from many messages.
  const real = summaryBuilder({ reportsAMessage: 1 });
  builds = 0;
  // The real builder, counting how often a summary's input is gathered (once per build).
  summaries = {
    get: (kind, version, input) =>
      real.get(kind, version, () => {
        builds++;
        return input();
      }),
    get wholeSearches() {
      return real.wholeSearches;
    },
    get entriesMeasured() {
      return real.entriesMeasured;
    },
    get reportsSent() {
      return real.reportsSent;
    },
    get scorePacking() {
      return real.scorePacking;
    },
    kept: (kind, version) => real.kept(kind, version),
    close: () => real.close(),
  };
  s = await testServer(undefined, { summaries });
  listener = await listen(s);
});

afterEach(async () => {
  await closeListener(listener);
  await summaries.close();
  await s.close();
});

/** Every ward of the demo round sends `each` entries with descriptions of their own. */
async function fillRound(each: number) {
  const wards = s.store.data.round.units.filter((u) => u.kind === 'phuong').map((u) => u.name);
  for (const [w, unit] of wards.entries()) {
    const list = Array.from({ length: each }, (_, i) => {
      const seed = w * 1000 + i;
      const sections = { thucTrang: variedText(seed, 60), noiDung: variedText(seed + 1, 90), hieuQua: variedText(seed + 2, 60), tinhMoi: variedText(seed + 3, 30) };
      return entry(unit, `${unit}: ${variedText(seed, 8)}`, { row: 9 + i, stt: String(i + 1), sections });
    });
    await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: list }).expect(200);
  }
  return wards.length * each;
}

test('while a large summary is built, other requests are answered before it', async () => {
  const count = await fillRound(Math.min(150, REPORT_LIMITS.entries));
  const base = urlOf(listener);
  const finished: string[] = [];
  const summary = fetch(`${base}/api/summary`, { headers: auth(s.tokens.admin) }).then(async (res) => {
    finished.push('summary');
    return (await res.json()) as { summary: { entries: unknown[] } };
  });
  const me = fetch(`${base}/api/me`, { headers: auth(s.tokens.officer1) }).then((res) => {
    finished.push('me');
    return res.status;
  });
  expect(await me).toBe(200);
  expect((await summary).summary.entries).toHaveLength(count);
  expect(finished).toEqual(['me', 'summary']);
}, 120_000);

test("a summary is built once per version of its round's content, and again after a change; an account's hourly last use is no change", async () => {
  await fillRound(2);
  const get = () => request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200);
  const first = await get();
  const again = await get();
  expect(again.body).toEqual(first.body);
  expect(builds).toBe(1);
  s.clock.now = new Date(s.clock.now.getTime() + 2 * 3_600_000); // every account's last use is written again
  await request(s.app).get('/api/me').set(auth(s.tokens.officer1)).expect(200);
  await get();
  expect(builds).toBe(1);
  const [scored] = first.body.summary.entries as Array<{ id: string }>;
  await request(s.app).put(`/api/scores/${scored!.id}`).set(auth(s.tokens.reviewerFree)).send({ points: POINTS }).expect(200);
  const after = await get();
  expect(builds).toBe(2);
  expect(after.body.summary.entries.find((e: { id: string }) => e.id === scored!.id).scores.reviewers).toBe(1);
  // The workbook is built for the same version once too.
  await request(s.app).get('/api/summary.xlsx').set(auth(s.tokens.admin)).expect(200);
  await request(s.app).get('/api/summary.xlsx').set(auth(s.tokens.admin)).expect(200);
  expect(builds).toBe(3);
}, 60_000);

test('scores never run the duplicate search again, and a report sent again is all that is sent and measured', async () => {
  await fillRound(2);
  const get = () => request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200);
  const unit = s.store.data.round.units[0]!.name;
  // Two entries of two wards with the same description: a likely duplicate.
  const twin = entry(unit, 'Một cửa liên thông', { sections: { thucTrang: variedText(1, 60), noiDung: variedText(2, 90), hieuQua: variedText(3, 60), tinhMoi: variedText(4, 30) } });
  const other = s.store.data.round.units[1]!.name;
  await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: [twin] }).expect(200);
  await request(s.app).put(`/api/submissions/${encodeURIComponent(other)}`).set(auth(s.tokens.admin)).send({ entries: [{ ...twin, unit: other }] }).expect(200);
  const reports = new Set(s.store.data.submissions.map((r) => r.unit)).size;
  const first = await get();
  expect(summaries.wholeSearches).toBe(1);
  expect(summaries.entriesMeasured).toBe(0);
  expect(first.body.summary.duplicates).toHaveLength(1);
  const sent = summaries.reportsSent;
  expect(sent).toBe(reports);
  const id = (first.body.summary.entries as Array<{ id: string; unit: string }>).find((e) => e.unit === unit)!.id;
  await request(s.app).put(`/api/scores/${id}`).set(auth(s.tokens.reviewerFree)).send({ points: POINTS }).expect(200);
  const scored = await get();
  expect(builds).toBe(2);
  // A score: no search, and no report sent again (only the scores).
  expect(summaries.wholeSearches).toBe(1);
  expect(summaries.entriesMeasured).toBe(0);
  expect(summaries.reportsSent).toBe(sent);
  expect(scored.body.summary.duplicates).toEqual(first.body.summary.duplicates);
  // A report sent again, of one entry: that report alone is sent, that entry alone measured, and the pair is gone with the twin.
  await request(s.app).put(`/api/submissions/${encodeURIComponent(other)}`).set(auth(s.tokens.admin)).send({ entries: [entry(other, 'Số hóa hồ sơ', { sections: { thucTrang: variedText(9, 60), noiDung: variedText(10, 90), hieuQua: variedText(11, 60), tinhMoi: variedText(12, 30) } })] }).expect(200);
  const changed = await get();
  expect(summaries.wholeSearches).toBe(1);
  expect(summaries.entriesMeasured).toBe(1);
  expect(summaries.reportsSent).toBe(sent + 1);
  expect(changed.body.summary.duplicates).toEqual([]);
  expect(changed.body.summary.entries.length).toBe(first.body.summary.entries.length);
  // The twin comes back: found again, measured on its own.
  await request(s.app).put(`/api/submissions/${encodeURIComponent(other)}`).set(auth(s.tokens.admin)).send({ entries: [{ ...twin, unit: other }] }).expect(200);
  const back = await get();
  expect(summaries.wholeSearches).toBe(1);
  expect(back.body.summary.duplicates).toHaveLength(1);
}, 60_000);

test('scores are packed once and kept: a new score, a changed one and one a report makes stale are each packed and handed to the worker alone, and the summary shows them', async () => {
  await fillRound(2);
  const get = async () => (await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200)).body.summary.entries as Array<{ id: string; unit: string; scores: { reviewers: number; total: number } | null }>;
  const first = await get();
  const unit = s.store.data.round.units[0]!.name;
  const scored = first.find((e) => e.unit === unit)!;
  expect(summaries.scorePacking).toEqual({ whole: 1, one: 0, handedWhole: 1 });
  const put = (points: typeof POINTS) => request(s.app).put(`/api/scores/${scored.id}`).set(auth(s.tokens.reviewerFree)).send({ points }).expect(200);
  await put(POINTS);
  expect((await get()).find((e) => e.id === scored.id)!.scores).toMatchObject({ reviewers: 1, total: 80 });
  expect(summaries.scorePacking).toEqual({ whole: 1, one: 1, handedWhole: 1 });
  // Re-scored: the store overwrites the record in place, and the next summary has the new total.
  await put({ ...POINTS, tinhMoi: 5 });
  expect((await get()).find((e) => e.id === scored.id)!.scores).toMatchObject({ reviewers: 1, total: 60 });
  expect(summaries.scorePacking).toEqual({ whole: 1, one: 2, handedWhole: 1 });
  // The unit sends the entry again, changed: the score is stale and leaves the aggregate.
  const report = s.store.data.submissions.filter((r) => r.unit === unit).at(-1)!;
  const list = report.entries.map((e) => ({ ...e, sections: { ...e.sections, noiDung: `${e.sections.noiDung} Bổ sung.` } }));
  await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: list }).expect(200);
  expect((await get()).find((e) => e.id === scored.id)!.scores).toBeNull();
  expect(summaries.scorePacking).toEqual({ whole: 1, one: 3, handedWhole: 1 });
}, 60_000);

test('the summary worker runs below the main thread’s priority: on a busy machine, requests come before a summary (Linux: a nice value per thread)', async () => {
  if (process.platform !== 'linux') return;
  const niceOf = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  };
  const main = niceOf(String(process.pid));
  const before = new Set(readdirSync('/proc/self/task'));
  await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200);
  // The threads started since (the summary worker's among them): one runs SUMMARY_NICE below the main thread.
  const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
  expect(started.map(niceOf)).toContain(Math.min(19, main + SUMMARY_NICE));
  expect(niceOf(String(process.pid))).toBe(main);
});

test('the workbook is streamed: sent in chunks with no length announced, the same bytes to two requests at once, built once', async () => {
  await fillRound(2);
  const base = urlOf(listener);
  const answers = await Promise.all([1, 2].map(() => fetch(`${base}/api/summary.xlsx`, { headers: auth(s.tokens.admin) })));
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('transfer-encoding')).toBe('chunked');
    expect(answer.headers.get('content-length')).toBeNull();
  }
  const [a, b] = await Promise.all(answers.map(async (answer) => Buffer.from(await answer.arrayBuffer())));
  expect(a!.equals(b!)).toBe(true);
  expect(builds).toBe(1);
  const { workbook } = await sheetsOf(a!);
  expect(workbook.getWorksheet('Tổng hợp')!.getTables()).toHaveLength(1);
}, 60_000);

test('a workbook whose writing fails once bytes have gone is cut off: the download fails, it does not end short', async () => {
  const bytes = new SummaryBytes();
  const failing: Summaries = { get: () => bytes, kept: () => undefined, wholeSearches: 0, entriesMeasured: 0, reportsSent: 0, scorePacking: { whole: 0, one: 0, handedWhole: 0 }, close: async () => {} };
  const other = await testServer(undefined, { summaries: failing });
  const otherListener = await listen(other);
  try {
    bytes.push(Buffer.from('PK\x03\x04 phần đầu'));
    const answer = await fetch(`${urlOf(otherListener)}/api/summary.xlsx`, { headers: auth(other.tokens.admin) });
    expect(answer.status).toBe(200);
    const reader = answer.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toContain('phần đầu');
    bytes.fail(new Error('luồng tổng hợp dừng'));
    await expect(reader.read()).rejects.toThrow();
  } finally {
    await closeListener(otherListener);
    await other.close();
  }
});

test('a workbook that fails before any byte is answered 503 with a message in Vietnamese', async () => {
  const bytes = new SummaryBytes();
  bytes.fail(new Error('hết bộ nhớ'));
  const failing: Summaries = { get: () => bytes, kept: () => undefined, wholeSearches: 0, entriesMeasured: 0, reportsSent: 0, scorePacking: { whole: 0, one: 0, handedWhole: 0 }, close: async () => {} };
  const other = await testServer(undefined, { summaries: failing });
  try {
    const answer = await request(other.app).get('/api/summary.xlsx').set(auth(other.tokens.admin));
    expect(answer.status).toBe(503);
    expect(answer.body.error.message).toMatch(/^Chưa lập được bảng tổng hợp/);
    expect(JSON.stringify(answer.body)).not.toContain('hết bộ nhớ');
  } finally {
    await other.close();
  }
});

test("reports and earlier years' entries sent over many messages make the same summary: every entry, and the duplicate with an earlier year", async () => {
  const round = demoRound();
  const wards = round.units.filter((u) => u.kind === 'phuong').map((u) => u.name);
  const reports = wards.map((unit, w) => ({ unit, source: 'phiên bản 1', entries: [variedEntry(unit, w, `${unit}: ${variedText(100 + w, 8)}`)], issues: [] }));
  // 25 entries of an earlier year (three messages of ten): the first the same initiative as the first ward's, the last as the third's.
  const earlier = Array.from({ length: 25 }, (_, i) => {
    const same = i === 0 ? reports[0] : i === 24 ? reports[2] : undefined;
    const e = same ? same.entries[0]! : variedEntry(wards[1]!, 1000 + i, `Năm trước: ${variedText(500 + i, 8)}`);
    return { id: `2024/${i}`, unit: wards[1]!, title: e.title, sections: e.sections, year: 2024 };
  });
  const builder = summaryBuilder({ reportsAMessage: 1 });
  try {
    const bytes = await builder.get('json', 'v1', () => ({ round, reports, scores: [], earlier: [{ entries: earlier }], refusals: [], reviewers: [] })).whole();
    const { summary } = JSON.parse(bytes.toString('utf8'));
    expect(summary.entries).toHaveLength(wards.length);
    const pairs = summary.duplicates.map((d: { a: { unit: string }; b: { unit: string } }) => [d.a.unit, d.b.unit]);
    expect(pairs).toHaveLength(2);
    expect(pairs).toEqual(expect.arrayContaining([[wards[0], `${wards[1]} (năm 2024)`], [wards[2], `${wards[1]} (năm 2024)`]]));
  } finally {
    await builder.close();
  }
}, 60_000);

test('a round too large for the worker’s heap fails that summary, and the worker starts again with twice the heap, which builds it', async () => {
  const round = demoRound();
  const wards = round.units.filter((u) => u.kind === 'phuong').map((u) => u.name);
  const reports = wards.map((unit, w) => ({
    unit,
    source: 'phiên bản 1',
    entries: [{ ...entry(unit, `${unit}: ${variedText(100 + w, 8)}`, { sections: { thucTrang: variedText(w, 400), noiDung: variedText(w + 1, 400), hieuQua: variedText(w + 2, 400), tinhMoi: variedText(w + 3, 200) } }), id: `${unit}-0` }],
    issues: [],
  }));
  // A heap no summary fits in: the worker runs out of memory, as a round too large for the default would.
  const builder = summaryBuilder({ heapMb: 4 });
  try {
    const failures: unknown[] = [];
    let built: Buffer | null = null;
    for (let version = 1; built === null && version <= 12; version++) {
      try {
        built = await builder.get('json', `v${version}`, () => ({ round, reports, scores: [], earlier: [], refusals: [], reviewers: [] })).whole();
      } catch (error) {
        failures.push(error);
      }
    }
    expect(built).not.toBeNull();
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure).toBeInstanceOf(SummaryFailedError);
    // Each failure doubled the heap (4, 8, 16, … MB) until the summary fitted.
    expect(builder.heapMb).toBe(4 * 2 ** failures.length);
    expect(JSON.parse(built!.toString('utf8')).summary.entries).toHaveLength(wards.length);
  } finally {
    await builder.close();
  }
}, 120_000);
