/** Tiến độ at a nation's size: the server filters, searches, sorts and pages the units, so the pane gets one page, not every unit. */
import request from 'supertest';
import { demoRound } from '../../core/rounds/round';
import { auth, entries, NOW, testServer, type TestServer } from '../helpers/server';

let s: TestServer;

beforeAll(async () => {
  const round = demoRound(NOW);
  // The demo's 18 units and 3,382 more communes: a nation's count.
  const communes = Array.from({ length: 3382 }, (_, i) => ({ name: `Xã Số ${i + 1}`, kind: 'xa' as const, contact: { person: `Cán bộ ${i + 1}`, phone: `0912 ${String(100000 + i)}` } }));
  s = await testServer({ ...round, units: [...round.units, ...communes] });
  const sent = await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: entries('Phường 1', ['Một cửa số']) });
  expect([sent.status, sent.body.error?.message]).toEqual([200, undefined]);
});
afterAll(() => s.close());

const progress = (query: string) => request(s.app).get(`/api/progress${query}`).set(auth(s.tokens.admin));

test('one page of the units asked for, with every filter’s count and how many match', async () => {
  const whole = await progress('');
  expect(whole.body.units).toHaveLength(3400);
  const first = await progress('?page=1');
  expect(first.status).toBe(200);
  expect(first.body.units).toHaveLength(50);
  expect(first.body.view).toEqual({ filter: 'all', total: 3400, page: 1, pages: 68, counts: { all: 3400, 'not-sent': 3399, refused: 0, sent: 1, short: 1 } });
  expect(first.body.counts).toMatchObject({ units: 3400, sent: 1, notSent: 3399 });
  // The entries short of scores, as many as a page, each naming the reviewers still to score it, as the whole answer does.
  expect(first.body.shortOfScoresTotal).toBe(1);
  expect(first.body.shortOfScores).toEqual(whole.body.shortOfScores);
  expect(first.body.shortOfScores[0]).toMatchObject({ unit: 'Phường 1', title: 'Một cửa số', scores: 0 });
  expect(first.body.shortOfScores[0].toScore.length).toBeGreaterThan(0);
  // What the pane downloads is a page's worth, not the nation's.
  expect(first.text.length * 20).toBeLessThan(whole.text.length);

  const sent = await progress('?page=1&filter=sent');
  expect(sent.body.units.map((u: { unit: string }) => u.unit)).toEqual(['Phường 1']);
  // Searched without diacritics, sorted as people count (Xã Số 2 before Xã Số 10), on the server.
  const found = await progress(`?page=1&size=5&search=${encodeURIComponent('xa so 1')}&filter=not-sent`);
  expect(found.body.units.map((u: { unit: string }) => u.unit)).toEqual(['Xã Số 1', 'Xã Số 10', 'Xã Số 11', 'Xã Số 12', 'Xã Số 13']);
  expect(found.body.units[0].contact).toEqual({ person: 'Cán bộ 1', phone: '0912 100000' });
  expect(found.body.view).toMatchObject({ total: 1111, page: 1, pages: 223 });
  // A page past the last is the last.
  expect((await progress('?page=999&size=1000')).body.view).toMatchObject({ page: 4, pages: 4 });
});

test('a bad query is refused in Vietnamese; only the admin reads progress', async () => {
  const bad = await progress('?page=0&filter=khac');
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toMatch(/^Yêu cầu xem tiến độ/);
  expect(JSON.stringify(bad.body)).not.toMatch(/ZodError|at .*\.ts/);
  expect((await request(s.app).get('/api/progress?page=1').set(auth(s.tokens.officer1))).status).toBe(403);
});
