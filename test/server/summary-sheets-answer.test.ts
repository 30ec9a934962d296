/**
 * The pane's Tổng hợp is sent what it writes (the sheets, the dashboard, what to settle), not every
 * entry's record a second time, and in parts (issue #31): the first is small and holds what the
 * pane shows at once, the others the rows that follow, of the same build even while scores arrive.
 */
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { fetchSummaryTables } from '../../addin/sync/api';
import { ROWS_A_PART } from '../../server/summary-worker';
import { closeListener, listen, urlOf } from '../helpers/pane';
import { variedText } from '../helpers/reports';
import { auth, entry, POINTS, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
let listener: Server;
beforeAll(async () => {
  s = await testServer();
  listener = await listen(s);
});
afterAll(async () => {
  await closeListener(listener);
  await s.close();
});

/**
 * An entry with a description of its own, but for each unit's first three: those share their text
 * with the other units' (18 units: 459 likely duplicates, flagged on Trùng lặp over two parts).
 */
const long = (unit: string, u: number, i: number) => {
  const seed = i < 3 ? 900_000 + i * 10 : u * 1000 + i;
  return {
    ...entry(unit, `${variedText(seed, 8)} ${i}`, { row: 9 + i, stt: String(i + 1) }),
    sections: { thucTrang: variedText(seed, 60), noiDung: variedText(seed + 1, 90), hieuQua: variedText(seed + 2, 40), tinhMoi: variedText(seed + 3, 20) },
  };
};

test('the sheets come in parts that make the same tables and dashboard as the full JSON; the first is small', async () => {
  const units = s.store.data.round.units.map((u) => u.name);
  const each = Math.ceil((2 * ROWS_A_PART + 1) / units.length);
  for (const [u, unit] of units.entries()) await request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(s.tokens.admin)).send({ entries: Array.from({ length: each }, (_, i) => long(unit, u, i)) }).expect(200);
  const full = await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200);
  expect(full.body.summary.entries).toHaveLength(units.length * each);

  // The first part: what the pane shows at once, before any table; the second: every sheet's first rows, and how many parts.
  const first = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  const { part, version } = first.body;
  expect(part.dashboard).toEqual(full.body.dashboard);
  expect(Object.keys(part.summary).sort()).toEqual(['divergent', 'underScored']);
  expect(part.tables).toBeUndefined();
  expect(first.text.length).toBeLessThan(full.text.length / 100);
  const heads = await request(s.app).get(`/api/summary/sheets?part=1&version=${encodeURIComponent(version)}`).set(auth(s.tokens.admin)).expect(200);
  expect(heads.body.parts).toBeGreaterThanOrEqual(4);
  expect(heads.body.tables.find((t: { sheet: string }) => t.sheet === 'Tổng hợp').rowCount).toBe(units.length * each);
  expect(heads.text.length).toBeLessThan(full.text.length / 3);

  // The pane's own fetch, part by part, against the server on loopback.
  const seen: Array<[number, number]> = [];
  const overviews: unknown[] = [];
  const got = await fetchSummaryTables({ serverUrl: urlOf(listener), token: s.tokens.admin }, undefined, (done, total) => seen.push([done, total]), (o) => overviews.push([o, seen.length]));
  // The overview reaches the pane before any table part does.
  expect(overviews).toEqual([[{ provisional: true, underScored: full.body.summary.underScored, divergent: full.body.summary.divergent, dashboard: full.body.dashboard }, 0]]);
  expect(got.tables).toEqual(full.body.tables);
  const pairs = got.tables.find((t) => t.sheet === 'Trùng lặp')!;
  expect(pairs.rows.length).toBeGreaterThan(ROWS_A_PART);
  expect(pairs.flags.map((f) => f.row)).toEqual(pairs.rows.map((_, i) => i));
  expect(got.dashboard).toEqual(full.body.dashboard);
  expect(got.provisional).toBe(true);
  expect(got.underScored).toBe(full.body.summary.underScored);
  expect(seen.at(-1)).toEqual([heads.body.parts, heads.body.parts]);
  expect((await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.officer1))).status).toBe(403);
}, 60_000);

/** A GET's status, headers and bytes as they crossed (no client decoding them). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the parts after the first cross gzipped to a client that takes gzip (the pane in its browser), as plain JSON to one that does not', async () => {
  const first = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  // The first, which names the build, as it is: a few kilobytes.
  expect(first.headers['content-encoding']).toBeUndefined();
  const url = `${urlOf(listener)}/api/summary/sheets?part=2&version=${encodeURIComponent(first.body.version as string)}`;
  const zipped = await rawGet(url, { authorization: `Bearer ${s.tokens.admin}`, 'accept-encoding': 'gzip, deflate, br' });
  const plain = await rawGet(url, { authorization: `Bearer ${s.tokens.admin}`, 'accept-encoding': 'identity' });
  expect([zipped.status, zipped.headers['content-encoding'], zipped.headers.vary]).toEqual([200, 'gzip', 'Accept-Encoding']);
  expect([plain.status, plain.headers['content-encoding']]).toEqual([200, undefined]);
  expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
  expect((JSON.parse(plain.body.toString('utf8')) as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
  // Rows of text alike from unit to unit: what crosses is a fraction of it.
  expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
});

test('a score while the pane fetches the parts: it finishes the build it began; two changes later it is told to begin again, in Vietnamese', async () => {
  const first = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  const { version } = first.body;
  const part = (n: number, v: string) => request(s.app).get(`/api/summary/sheets?part=${n}&version=${encodeURIComponent(v)}`).set(auth(s.tokens.admin));
  const before = (await part(1, version).expect(200)).body;
  const [a, b] = (await request(s.app).get('/api/summary').set(auth(s.tokens.admin))).body.summary.entries as Array<{ id: string }>;
  // A score makes a new version, whose sheets the next pane builds: this pane's parts are still served.
  await request(s.app).put(`/api/scores/${a!.id}`).set(auth(s.tokens.reviewerFree)).send({ points: POINTS }).expect(200);
  const next = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  expect(next.body.version).not.toBe(version);
  expect((await part(1, version).expect(200)).body).toEqual(before);
  // Another: now the first build is gone.
  await request(s.app).put(`/api/scores/${b!.id}`).set(auth(s.tokens.reviewerFree)).send({ points: POINTS }).expect(200);
  await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  const gone = await part(1, version).expect(409);
  expect(gone.body.error.message).toMatch(/Dữ liệu vừa thay đổi.*lập lại/);
  expect((await request(s.app).get('/api/summary/sheets?part=-1').set(auth(s.tokens.admin))).status).toBe(400);
  const past = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  const { parts } = (await part(1, past.body.version).expect(200)).body;
  expect((await part(parts, past.body.version)).status).toBe(404);
}, 60_000);
