/** The smaller holes of issue #11: each closed, each shown as a client or a clerk would meet it. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openLowdbStore, segmentFile, SNAPSHOT_FILE, StoreLoadError } from '../../server/store';
import { report } from '../helpers/paths';
import { reportWorkbook } from '../helpers/report-workbook';
import { auth, entries, entry, POINTS, testServer, type TestServer } from '../helpers/server';

// Workers start and read real workbooks: generous on a busy two-core machine.
jest.setTimeout(60_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const put = (unit: string, token: string, body: unknown) => request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(token)).send(body as object);
const uploads = () => readdirSync(path.join(s.dir, 'uploads'));

test('an upload refused by If-Match (412) leaves no file behind; an accepted one stays', async () => {
  expect((await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Một']) })).status).toBe(200);
  const bytes = await reportWorkbook('Phường 1', [entry('Phường 1', 'Hai')]);
  const stale = await request(s.app).post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`).set(auth(s.tokens.officer1)).set('If-Match', '"0"').type(XLSX).send(bytes);
  expect(stale.status).toBe(412);
  expect(uploads()).toEqual([]);
  const fresh = await request(s.app).post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`).set(auth(s.tokens.officer1)).set('If-Match', '"1"').type(XLSX).send(bytes);
  expect(fresh.status).toBe(200);
  expect(uploads()).toHaveLength(1);
});

test('an If-Match naming no version of ours (an opaque tag) is 412, not 400', async () => {
  const res = await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Một']) }).set('If-Match', '"stale-version-0"');
  expect(res.status).toBe(412);
  expect(res.body.error.code).toBe('version-conflict');
});

test('an unsupported charset is 415, in Vietnamese', async () => {
  const res = await request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 1')}`).set(auth(s.tokens.officer1)).set('Content-Type', 'application/json; charset=koi8-r').send('{"entries":[]}');
  expect(res.status).toBe(415);
  expect(res.body.error.message).toMatch(/Bảng mã/);
});

test('GET /api/audit takes a limit from 1 to 10,000 and refuses anything else', async () => {
  await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Một']) });
  await put('Phường 2', s.tokens.officer2, { entries: entries('Phường 2', ['Hai']) });
  for (const limit of ['-1', '0', '10001', 'abc']) expect((await request(s.app).get(`/api/audit?limit=${limit}`).set(auth(s.tokens.admin))).status).toBe(400);
  const one = await request(s.app).get('/api/audit?limit=1').set(auth(s.tokens.admin));
  expect(one.body.audit).toHaveLength(1);
  expect(one.body.audit[0].target).toBe('Phường 2');
});

test('API answers and the summary workbook are never cached', async () => {
  for (const route of ['/api/me', '/api/summary', '/api/summary.xlsx']) {
    const res = await request(s.app).get(route).set(auth(s.tokens.admin));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  }
});

test('a write the store has not yet committed is not visible to readers, and a replay of it waits for it', async () => {
  const sent = await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Một']) });
  const id = sent.body.entries[0].id as string;
  const score = () => request(s.app).put(`/api/scores/${id}`).set(auth(s.tokens.reviewer)).set('Idempotency-Key', 'same-key-0001').send({ points: POINTS });
  // Both sent at once: one applies, the other is its replay; both answer the same committed score.
  const [a, b] = await Promise.all([score(), score()]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(a.body.score.version).toBe(1);
  expect(b.body).toEqual(a.body);
  expect([a.headers['idempotent-replay'], b.headers['idempotent-replay']].filter(Boolean)).toHaveLength(1);
  const scores = await request(s.app).get('/api/scores').set(auth(s.tokens.admin));
  expect(scores.body.scores).toHaveLength(1);
});

describe('the data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'phuluc-folder-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a journal without its snapshot: start-up is refused, and the journal is kept', async () => {
    const store = await openLowdbStore(dir);
    await store.write((tx) => tx.addAudit({ at: 'a', actor: 'x', action: 'one', target: 't', before: null, after: null }));
    await store.close();
    rmSync(path.join(dir, SNAPSHOT_FILE));
    await expect(openLowdbStore(dir)).rejects.toThrow(StoreLoadError);
    await expect(openLowdbStore(dir)).rejects.toThrow(/thiếu tệp phuluc-snapshot\.json.*khôi phục/);
    expect(readdirSync(dir)).toContain(segmentFile(1));
  });

  test('half-written uploads and data left by a crash are removed at start', async () => {
    mkdirSync(path.join(dir, 'uploads'));
    writeFileSync(path.join(dir, 'uploads', 'abc.xlsx.123.tmp'), 'half');
    writeFileSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`), '{"half');
    const store = await openLowdbStore(dir);
    await store.close();
    expect(readdirSync(path.join(dir, 'uploads'))).toEqual([]);
    expect(readdirSync(dir)).not.toContain(`${SNAPSHOT_FILE}.tmp`);
  });
});

test('source maps are not served', async () => {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'phuluc-static-'));
  writeFileSync(path.join(staticDir, 'taskpane.js'), '1');
  writeFileSync(path.join(staticDir, 'taskpane.js.map'), '{"sources":["addin/secret.ts"]}');
  const withStatic = await testServer(undefined, { staticDir });
  try {
    expect((await request(withStatic.app).get('/taskpane.js')).status).toBe(200);
    // Under any spelling: percent-encoded, doubled slashes, a dot segment, a trailing slash.
    for (const spelling of ['/taskpane.js.map', '/taskpane.js.ma%70', '/taskpane.js%2Emap', '/%74askpane.js.map', '//taskpane.js.map', '/assets/../taskpane.js.map', '/taskpane.js.map/', '/taskpane.js.MAP', '/%E0%A4%A']) {
      const res = await request(withStatic.app).get(spelling);
      expect({ spelling, status: res.status, body: res.text.includes('secret') }).toEqual({ spelling, status: 404, body: false });
    }
  } finally {
    await withStatic.close();
    rmSync(staticDir, { recursive: true, force: true });
  }
});

test('the fixture is still accepted through the upload route (workers read it)', async () => {
  const bytes = readFileSync(report('phuong-1.xlsx'));
  const res = await request(s.app).post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`).set(auth(s.tokens.officer1)).type(XLSX).send(bytes);
  expect(res.status).toBe(200);
});

test('Excel on the web may frame the pane from its hosts, and the ribbon icons load cross-origin', async () => {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'phuluc-static-'));
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'taskpane.html'), '<!doctype html>');
  writeFileSync(path.join(staticDir, 'nop-bao-cao.html'), '<!doctype html>');
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(staticDir, 'assets', 'icon-32.png'), 'png');
  const withStatic = await testServer(undefined, { staticDir });
  try {
    const pane = await request(withStatic.app).get('/taskpane.html');
    const ancestors = /frame-ancestors ([^;]+)/.exec(pane.headers['content-security-policy'] as string)![1]!.split(' ');
    expect(ancestors).toEqual(expect.arrayContaining(['https://*.cloud.microsoft', 'https://onedrive.live.com', 'https://*.officeapps.live.com', 'https://*.sharepoint.com']));
    const icon = await request(withStatic.app).get('/assets/icon-32.png');
    expect(icon.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // The officers' page and the home page are framed by no one: not SharePoint, not Office.
    for (const page of ['/nop-bao-cao.html', '/']) {
      const res = await request(withStatic.app).get(page);
      expect({ page, status: res.status, ancestors: /frame-ancestors ([^;]+)/.exec(res.headers['content-security-policy'] as string)?.[1], xfo: res.headers['x-frame-options'] }).toEqual({
        page,
        status: 200,
        ancestors: "'none'",
        xfo: 'DENY',
      });
    }
  } finally {
    await withStatic.close();
    rmSync(staticDir, { recursive: true, force: true });
  }
});
