/** Assignments on the server (issue #17): each reviewer's list by the round's rule, own units excluded, coverage shown to the secretariat. */
import request from 'supertest';
import { auth, entry, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const THE_CHE = 'Cải cách thể chế';
const TTHC = 'Cải cách thủ tục hành chính';

async function assignByField() {
  const round = s.store.data.round;
  const assignment = { mode: 'by-field', offices: [{ field: THE_CHE, units: ['Phòng Tư pháp'] }] };
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send({ ...round, assignment }).expect(200);
}

async function send(unit: string, token: string, items: Array<[string, string]>) {
  const res = await request(s.app)
    .put(`/api/submissions/${encodeURIComponent(unit)}`)
    .set(auth(token))
    .send({ entries: items.map(([title, field], i) => entry(unit, title, { row: 9 + i, stt: String(i + 1), field })) })
    .expect(200);
  return res.body.entries.map((e: { id: string }) => e.id) as string[];
}

const mine = async (token: string) => (await request(s.app).get('/api/assignments').set(auth(token)).expect(200)).body;
/** The entries of the reports `token` is given (GET /api/submissions), as unit/title. */
const given = async (token: string) =>
  ((await request(s.app).get('/api/submissions').set(auth(token)).expect(200)).body.submissions as Array<{ unit: string; entries: Array<{ title: string }> }>).flatMap((r) => r.entries.map((e) => `${r.unit}/${e.title}`)).sort();

test('without an assignment the round says so, and every reviewer scores every entry outside their unit', async () => {
  await send('Phường 1', s.tokens.officer1, [['Một cửa', TTHC]]);
  expect(await mine(s.tokens.reviewer)).toEqual({ mode: null });
  expect(await given(s.tokens.reviewer)).toEqual(['Phường 1/Một cửa']);
  const progress = (await request(s.app).get('/api/progress').set(auth(s.tokens.admin))).body;
  expect(progress.reviewers.find((r: { unit: string | null }) => r.unit === 'Phường 1').toScore).toBe(0);
  expect(progress.reviewers.find((r: { unit: string | null }) => r.unit === 'Phòng Tư pháp').toScore).toBe(1);
});

test('by field: Phòng Tư pháp gets the entries of Cải cách thể chế; nobody gets their own unit’s; the admin sees loads and the entries short of the minimum', async () => {
  await assignByField();
  const [theChe, motCua] = await send('Phường 1', s.tokens.officer1, [
    ['Rà soát văn bản', THE_CHE],
    ['Một cửa', TTHC],
  ]);
  const [p2] = await send('Phường 2', s.tokens.officer2, [['Số hóa hồ sơ', TTHC]]);
  expect((await mine(s.tokens.reviewer)).entries).toEqual(expect.arrayContaining([theChe]));
  // The reviewer of Phường 1 is given Phường 2's entry, never Phường 1's.
  expect((await mine(s.tokens.reviewerP1)).entries).toEqual([p2]);
  // Each reviewer is sent only the reports, and the entries, given to them, and told how many the round has; the admin gets them all.
  expect(await mine(s.tokens.reviewerP1)).toMatchObject({ of: 3 });
  expect(await given(s.tokens.reviewerP1)).toEqual(['Phường 2/Số hóa hồ sơ']);
  const toReviewer = (await mine(s.tokens.reviewer)).entries as string[];
  expect(await given(s.tokens.reviewer)).toHaveLength(toReviewer.length);
  expect(await given(s.tokens.reviewer)).toContain('Phường 1/Rà soát văn bản');
  expect(await given(s.tokens.admin)).toEqual(['Phường 1/Một cửa', 'Phường 1/Rà soát văn bản', 'Phường 2/Số hóa hồ sơ']);
  // Three reviewers, one of them from Phường 1: Phường 1's two entries can have only two, short of the minimum of 3.
  const admin = await mine(s.tokens.admin);
  expect(admin.mode).toBe('by-field');
  expect(admin.short.sort()).toEqual([theChe, motCua].sort());
  expect(admin.reviewers.map((r: { entries: number }) => r.entries).reduce((a: number, b: number) => a + b, 0)).toBe(2 + 2 + 3);
  const progress = (await request(s.app).get('/api/progress').set(auth(s.tokens.admin))).body;
  expect(progress.shortOfReviewers).toBe(2);
  expect(progress.reviewers.find((r: { unit: string | null }) => r.unit === 'Phường 1').toScore).toBe(1);
  // An officer has no list.
  expect((await request(s.app).get('/api/assignments').set(auth(s.tokens.officer1))).status).toBe(403);
});

test('an office the round does not have is refused with the reason', async () => {
  const round = s.store.data.round;
  const res = await request(s.app)
    .put(`/api/rounds/${round.id}`)
    .set(auth(s.tokens.admin))
    .send({ ...round, assignment: { mode: 'by-field', offices: [{ field: THE_CHE, units: ['Phòng Tư pháp Quận 5'] }] } });
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body)).toContain('Phòng Tư pháp Quận 5');
});

test('the assignment is kept while scores arrive, and made again after a report, a reviewer revoked, or new settings', async () => {
  await assignByField();
  const [theChe] = await send('Phường 1', s.tokens.officer1, [['Rà soát văn bản', THE_CHE]]);
  const before = await mine(s.tokens.admin);
  expect((await mine(s.tokens.reviewer)).entries).toEqual([theChe]);
  // A score: the same lists.
  await request(s.app).put(`/api/scores/${theChe}`).set(auth(s.tokens.reviewer)).send({ points: { tinhMoi: 20, hieuQua: 20, nhanRong: 12, khaThi: 14 } }).expect(200);
  expect(await mine(s.tokens.admin)).toEqual(before);
  // A report: its entry is given out.
  const [p2] = await send('Phường 2', s.tokens.officer2, [['Số hóa hồ sơ', TTHC]]);
  expect((await mine(s.tokens.reviewerP1)).entries).toEqual([p2]);
  // A reviewer revoked: no longer in the lists.
  const free = s.store.data.accounts.find((a) => a.role === 'reviewer' && a.unit === undefined)!;
  expect((await mine(s.tokens.admin)).reviewers.map((r: { id: string }) => r.id)).toContain(free.id);
  await request(s.app).delete(`/api/accounts/${free.id}`).set(auth(s.tokens.admin)).expect(200);
  expect((await mine(s.tokens.admin)).reviewers.map((r: { id: string }) => r.id)).not.toContain(free.id);
  // New settings: two live reviewers cannot give an entry three, one is enough now.
  expect((await mine(s.tokens.admin)).short.sort()).toEqual([theChe, p2].sort());
  const round = s.store.data.round;
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send({ ...round, rubric: { ...round.rubric, minReviewers: 1 } }).expect(200);
  expect((await mine(s.tokens.admin)).short).toEqual([]);
});
