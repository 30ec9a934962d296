/** Every role × every endpoint × own/other unit: allowed, or refused with the right status. */
import { FailedAuthLimiter } from '../../server/auth';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { report } from '../helpers/paths';
import { auth, entry, POINTS, testServer, type TestServer } from '../helpers/server';
import { latestSubmission } from '../../server/rounds';

type Who = 'none' | 'admin' | 'officer1' | 'officer2' | 'reviewer' | 'reviewerP1';
const WHO: Who[] = ['none', 'admin', 'officer1', 'officer2', 'reviewer', 'reviewerP1'];

let s: TestServer;

beforeAll(async () => {
  s = await testServer();
  await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: [entry('Phường 1', 'Một')] });
});

/** An entry of Phường 1's current report (earlier rows of the matrix send new versions). */
const currentEntryId = () => latestSubmission(s.store.data, 'Phường 1')!.entries[0]!.id;
afterAll(() => s.close());

const xlsx = readFileSync(report('phuong-1.xlsx'));
const P1 = encodeURIComponent('Phường 1');

const ENDPOINTS: Array<{ name: string; call: () => request.Test; expect: Record<Who, number> }> = [
  { name: 'GET /api/health', call: () => request(s.app).get('/api/health'), expect: { none: 200, admin: 200, officer1: 200, officer2: 200, reviewer: 200, reviewerP1: 200 } },
  { name: 'GET /api/me', call: () => request(s.app).get('/api/me'), expect: { none: 401, admin: 200, officer1: 200, officer2: 200, reviewer: 200, reviewerP1: 200 } },
  {
    name: 'PUT /api/submissions/Phường 1 (officer1 own, officer2 other)',
    call: () => request(s.app).put(`/api/submissions/${P1}`).send({ entries: [entry('Phường 1', 'Một')] }),
    expect: { none: 401, admin: 200, officer1: 200, officer2: 403, reviewer: 403, reviewerP1: 403 },
  },
  {
    name: 'POST /api/submissions/Phường 1/xlsx',
    call: () => request(s.app).post(`/api/submissions/${P1}/xlsx`).set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(xlsx),
    expect: { none: 401, admin: 200, officer1: 200, officer2: 403, reviewer: 403, reviewerP1: 403 },
  },
  { name: 'GET /api/submissions', call: () => request(s.app).get('/api/submissions'), expect: { none: 401, admin: 200, officer1: 200, officer2: 200, reviewer: 200, reviewerP1: 200 } },
  {
    name: 'GET /api/submissions/Phường 1',
    call: () => request(s.app).get(`/api/submissions/${P1}`),
    expect: { none: 401, admin: 200, officer1: 200, officer2: 403, reviewer: 200, reviewerP1: 200 },
  },
  {
    name: 'PUT /api/scores/:entryId (an entry of Phường 1)',
    call: () => request(s.app).put(`/api/scores/${currentEntryId()}`).send({ points: POINTS }),
    expect: { none: 401, admin: 403, officer1: 403, officer2: 403, reviewer: 200, reviewerP1: 403 },
  },
  { name: 'GET /api/scores', call: () => request(s.app).get('/api/scores'), expect: { none: 401, admin: 200, officer1: 403, officer2: 403, reviewer: 200, reviewerP1: 200 } },
  { name: 'GET /api/summary', call: () => request(s.app).get('/api/summary'), expect: { none: 401, admin: 200, officer1: 403, officer2: 403, reviewer: 403, reviewerP1: 403 } },
  { name: 'GET /api/summary.xlsx', call: () => request(s.app).get('/api/summary.xlsx'), expect: { none: 401, admin: 200, officer1: 403, officer2: 403, reviewer: 403, reviewerP1: 403 } },
  { name: 'GET /api/audit', call: () => request(s.app).get('/api/audit'), expect: { none: 401, admin: 200, officer1: 403, officer2: 403, reviewer: 403, reviewerP1: 403 } },
  {
    name: 'PUT /api/extensions/Phường 1',
    call: () => request(s.app).put(`/api/extensions/${P1}`).send({ until: '2030-01-01T00:00:00+07:00' }),
    expect: { none: 401, admin: 200, officer1: 403, officer2: 403, reviewer: 403, reviewerP1: 403 },
  },
];

describe.each(ENDPOINTS)('$name', ({ call, expect: wanted }) => {
  test.each(WHO)('as %s', async (who) => {
    const req = call();
    if (who !== 'none') req.set(auth(s.tokens[who]));
    const res = await req;
    expect(res.status).toBe(wanted[who]);
    if (res.status >= 400) expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });
});

test('an officer listing submissions sees only their own unit', async () => {
  await request(s.app).put('/api/submissions/Phường 2').set(auth(s.tokens.officer2)).send({ entries: [entry('Phường 2', 'Hai')] });
  const own = await request(s.app).get('/api/submissions').set(auth(s.tokens.officer1));
  expect(own.body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['Phường 1']);
  const all = await request(s.app).get('/api/submissions').set(auth(s.tokens.reviewer));
  expect(all.body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['Phường 1', 'Phường 2']);
});

test('a revoked token is refused; repeated failures slow only the failing attempts (429), never a valid token', async () => {
  const other = await testServer();
  try {
    await other.store.write((tx) => tx.putAccount({ ...tx.data.accounts.find((a) => a.role === 'officer')!, revokedAt: new Date().toISOString() }));
    const revoked = await request(other.app).get('/api/me').set(auth(other.tokens.officer1));
    expect(revoked.status).toBe(401);
    for (let i = 0; i < 5; i++) await request(other.app).get('/api/me').set(auth('pl_sai'));
    const limited = await request(other.app).get('/api/me').set(auth('pl_sai-nua'));
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/quá nhiều lần/);
    // Behind the same address (a ward's NAT) a colleague with a valid token is still served.
    const colleague = await request(other.app).get('/api/me').set(auth(other.tokens.admin));
    expect(colleague.status).toBe(200);
  } finally {
    await other.close();
  }
});

test('the failure table is bounded without forgetting a guessing address behind a flood of others', () => {
  const limiter = new FailedAuthLimiter(3, 60_000, 100);
  for (let i = 0; i < 3; i++) limiter.fail('10.0.0.1', 1_000 + i);
  expect(limiter.blocked('10.0.0.1', 2_000)).toBe(true);
  // 10,001 other addresses failing once each while the first keeps guessing: the table stays
  // bounded by forgetting the addresses that failed longest ago, never the one still guessing.
  for (let i = 0; i < 10_001; i++) {
    limiter.fail(`198.51.${i >> 8}.${i & 255}`, 1_500);
    if (i % 50 === 0) limiter.fail('10.0.0.1', 1_500);
    expect(limiter.size).toBeLessThanOrEqual(100);
  }
  expect(limiter.blocked('10.0.0.1', 2_000)).toBe(true);
  expect(limiter.blocked('198.51.0.0', 2_000)).toBe(false);
});

test('CORS allows exactly the add-in origin', async () => {
  const ok = await request(s.app).options('/api/me').set('Origin', 'https://localhost:3000').set('Access-Control-Request-Method', 'GET');
  expect(ok.headers['access-control-allow-origin']).toBe('https://localhost:3000');
  const evil = await request(s.app).options('/api/me').set('Origin', 'https://localhost:3000.evil.example').set('Access-Control-Request-Method', 'GET');
  expect(evil.headers['access-control-allow-origin']).toBeUndefined();
});
