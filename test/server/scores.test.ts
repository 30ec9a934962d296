/** Scores against the real server: points, own unit, versions, idempotency, stale marking, concurrency. */
import request from 'supertest';
import { hashToken } from '../../server/auth';
import { auth, entries, entry, POINTS, testServer, type TestServer, onDisk } from '../helpers/server';

let s: TestServer;
let ids: string[];

beforeEach(async () => {
  s = await testServer();
  const res = await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: entries('Phường 1', ['Một', 'Hai', 'Ba']) });
  ids = res.body.entries.map((e: { id: string }) => e.id);
});
afterEach(() => s.close());

const score = (token: string, entryId: string, body: object) => request(s.app).put(`/api/scores/${entryId}`).set(auth(token)).send(body);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it expects
const disk = (): Promise<any> => onDisk(s.dir);

describe('PUT /api/scores/:entryId', () => {
  test("a reviewer's score is stored once per (entry, reviewer), versioned", async () => {
    const first = await score(s.tokens.reviewer, ids[0]!, { points: POINTS, comment: 'Tốt' });
    expect(first.status).toBe(200);
    expect(first.body.score).toMatchObject({ entryId: ids[0], version: 1, points: POINTS, comment: 'Tốt', stale: false, unit: 'Phường 1' });
    const second = await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, tinhMoi: 28 } });
    expect(second.body.score.version).toBe(2);
    expect((await disk()).scores).toHaveLength(1);
    expect((await disk()).scores[0].points.tinhMoi).toBe(28);
  });

  test('after the scoring deadline no score is given or changed, and the reviewer is told until when it ran', async () => {
    await score(s.tokens.reviewer, ids[0]!, { points: POINTS }).expect(200);
    const closes = new Date(s.clock.now.getTime() + 3_600_000).toISOString();
    await request(s.app).put(`/api/rounds/${s.store.data.round.id}`).set(auth(s.tokens.admin)).send({ ...s.store.data.round, rubric: { ...s.store.data.round.rubric, scoringCloses: closes } }).expect(200);
    await score(s.tokens.reviewer, ids[1]!, { points: POINTS }).expect(200); // before it: still open
    s.clock.now = new Date(Date.parse(closes) + 1000);
    const late = await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, tinhMoi: 20 } });
    expect(late.status).toBe(403);
    expect(late.body.error).toMatchObject({ code: 'scoring-closed', message: expect.stringMatching(/^Đã hết hạn chấm điểm \(\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/) });
    expect((await disk()).scores.find((x: { entryId: string }) => x.entryId === ids[0]).points.tinhMoi).toBe(POINTS.tinhMoi);
  });

  test('Chốt điểm locks every score of the round (423) until the secretariat opens it again; only the admin can', async () => {
    const id = s.store.data.round.id;
    await score(s.tokens.reviewer, ids[0]!, { points: POINTS }).expect(200);
    await request(s.app).post(`/api/rounds/${id}/lock-scores`).set(auth(s.tokens.reviewer)).expect(403);
    const locked = await request(s.app).post(`/api/rounds/${id}/lock-scores`).set(auth(s.tokens.admin)).expect(200);
    expect(locked.body.round.scoresLocked).toMatchObject({ at: s.clock.now.toISOString() });
    const refused = await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, tinhMoi: 20 } });
    expect(refused.status).toBe(423);
    expect(refused.body.error).toMatchObject({ code: 'scores-locked', message: expect.stringContaining('đã được chốt') });
    expect((await score(s.tokens.reviewerFree, ids[1]!, { points: POINTS })).status).toBe(423);
    expect((await disk()).scores).toHaveLength(1);
    expect((await s.store.read()).audit.map((a) => a.action)).toContain('scores-lock');
    await request(s.app).post(`/api/rounds/${id}/unlock-scores`).set(auth(s.tokens.admin)).expect(200);
    await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, tinhMoi: 20 } }).expect(200);
    expect((await disk()).round.scoresLocked).toBeUndefined();
  });

  test('a reviewer never scores their own unit, even when the client is bypassed', async () => {
    const res = await score(s.tokens.reviewerP1, ids[0]!, { points: POINTS });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'own-unit', message: expect.stringContaining('Phường 1') });
    expect((await disk()).scores).toEqual([]);
  });

  test.each([
    [{ ...POINTS, tinhMoi: 31 }, /từ 0 đến 30/],
    [{ ...POINTS, hieuQua: -1 }, /từ 0 đến 30/],
    [{ tinhMoi: 20 }, /Thiếu điểm/],
    [{ ...POINTS, dungHan: 5 }, /không có tiêu chí/],
  ])('points %j are refused (422) with a message per criterion', async (points, message) => {
    const res = await score(s.tokens.reviewer, ids[0]!, { points });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(message);
    expect((await disk()).scores).toEqual([]);
  });

  test('an unknown entry is 404; an officer or the admin cannot score (403)', async () => {
    expect((await score(s.tokens.reviewer, 'khong-co', { points: POINTS })).status).toBe(404);
    expect((await score(s.tokens.officer1, ids[0]!, { points: POINTS })).status).toBe(403);
    expect((await score(s.tokens.admin, ids[0]!, { points: POINTS })).status).toBe(403);
  });

  test('If-Match: an edit from a second device gives 412 with the current score; both resolutions work', async () => {
    await score(s.tokens.reviewer, ids[0]!, { points: POINTS }).set('If-Match', '0'); // laptop, version 1
    await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, khaThi: 10 } }).set('If-Match', '1'); // phone, version 2
    const laptop = await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, khaThi: 19 } }).set('If-Match', '1');
    expect(laptop.status).toBe(412);
    expect(laptop.body.current).toMatchObject({ version: 2, points: { khaThi: 10 } });
    // keep mine: resend against the version just seen
    const mine = await score(s.tokens.reviewer, ids[0]!, { points: { ...POINTS, khaThi: 19 } }).set('If-Match', '2');
    expect(mine.body.score).toMatchObject({ version: 3, points: { khaThi: 19 } });
    // or keep theirs: nothing is sent, the server's value stands
    expect((await disk()).scores[0].version).toBe(3);
  });

  test('two edits of one score committed together: each answer (and its replay) shows its own version, not the later one', async () => {
    const edit = (tinhMoi: number, key: string) => score(s.tokens.reviewer, ids[2]!, { points: { ...POINTS, tinhMoi } }).set('Idempotency-Key', key);
    const [a, b] = await Promise.all([edit(20, 'sua-diem-000a'), edit(21, 'sua-diem-000b')]);
    const answers = [a.body.score, b.body.score].map((x: { version: number; points: { tinhMoi: number } }) => [x.version, x.points.tinhMoi]).sort();
    expect(answers).toEqual([
      [1, answers[0]![1]],
      [2, answers[1]![1]],
    ]);
    expect(answers.map((x) => x[1]).sort()).toEqual([20, 21]);
    const replay = await edit(a.body.score.points.tinhMoi, 'sua-diem-000a');
    expect(replay.body.score.version).toBe(a.body.score.version);
  });

  test('Idempotency-Key: a retried score is written once', async () => {
    const send = () => score(s.tokens.reviewer, ids[1]!, { points: POINTS }).set('Idempotency-Key', 'diem-0001-abc');
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect((await disk()).scores).toHaveLength(1);
    expect((await disk()).scores[0].version).toBe(1);
  });

  test('a resubmitted, changed entry makes its scores stale; a withdrawn one too; nothing is dropped', async () => {
    await score(s.tokens.reviewer, ids[0]!, { points: POINTS });
    await score(s.tokens.reviewer, ids[1]!, { points: POINTS });
    await score(s.tokens.reviewer, ids[2]!, { points: POINTS });
    const changed = entry('Phường 1', 'Một', { id: ids[0], sections: { thucTrang: 'Khác hẳn.', noiDung: 'b', hieuQua: 'c', tinhMoi: 'd' } });
    const same = entry('Phường 1', 'Hai', { id: ids[1], row: 10, stt: '2' });
    await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: [changed, same] });
    const res = await request(s.app).get('/api/scores').set(auth(s.tokens.reviewer));
    const byEntry = Object.fromEntries(res.body.scores.map((x: { entryId: string }) => [x.entryId, x]));
    expect(byEntry[ids[0]!]).toMatchObject({ stale: true, staleReason: 'changed' });
    expect(byEntry[ids[1]!]).toMatchObject({ stale: false });
    expect(byEntry[ids[2]!]).toMatchObject({ stale: true, staleReason: 'withdrawn' });
    // re-scoring the changed entry clears the mark
    const again = await score(s.tokens.reviewer, ids[0]!, { points: POINTS });
    expect(again.body.score).toMatchObject({ stale: false });
    expect(again.body.score.staleReason).toBeUndefined();
  });

  test('a reviewer sees only their own scores; the admin sees everyone’s', async () => {
    await score(s.tokens.reviewer, ids[0]!, { points: POINTS });
    await score(s.tokens.reviewerFree, ids[0]!, { points: POINTS });
    expect((await request(s.app).get('/api/scores').set(auth(s.tokens.reviewer))).body.scores).toHaveLength(1);
    expect((await request(s.app).get('/api/scores').set(auth(s.tokens.admin))).body.scores).toHaveLength(2);
  });

  test("a round's thousands of scores come whole and in the order given, in pieces (not one string); a reviewer's only their own", async () => {
    const roundId = s.store.data.round.id;
    const idOf = (token: string) => s.store.data.accounts.find((x) => x.tokenHash === hashToken(token))!.id;
    const [a, b] = [idOf(s.tokens.reviewer), idOf(s.tokens.reviewerFree)];
    await s.store.write((tx) => {
      for (let n = 0; n < 3_000; n++)
        for (const reviewerId of [a!, b!]) tx.putScore(roundId, { id: `${n}|${reviewerId}`, entryId: `e${n}`, reviewerId, unit: 'Phường 1', points: POINTS, comment: `Ý kiến “${n}”\n`, version: 1, updatedAt: '2024-08-21T03:00:00.000Z', entryFingerprint: 'f', stale: false });
    });
    const all = await request(s.app).get('/api/scores').set(auth(s.tokens.admin)).expect(200);
    expect(all.headers['content-length']).toBeUndefined(); // sent in pieces, as they are written
    expect(all.headers['content-type']).toMatch(/^application\/json/);
    expect(all.headers['content-encoding']).toBe('gzip'); // asked for by the client, as every browser does
    const plain = await request(s.app).get('/api/scores').set(auth(s.tokens.admin)).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(all.body);
    expect(all.body.scores.map((x: { id: string }) => x.id)).toEqual(Array.from({ length: 3_000 }, (_, n) => [`${n}|${a}`, `${n}|${b}`]).flat());
    expect(all.body.scores[1234]).toMatchObject({ comment: 'Ý kiến “617”\n', points: POINTS });
    const mine = await request(s.app).get('/api/scores').set(auth(s.tokens.reviewer)).expect(200);
    expect(mine.body.scores).toHaveLength(3_000);
    expect(mine.body.scores.every((x: { reviewerId: string }) => x.reviewerId === a)).toBe(true);
  });

  test('100 concurrent score writes are all present afterwards, committed in fewer file writes', async () => {
    const many = await request(s.app)
      .put('/api/submissions/Phường 2')
      .set(auth(s.tokens.officer2))
      .send({ entries: entries('Phường 2', Array.from({ length: 100 }, (_, i) => `Mô hình ${i + 1}`)) });
    const targets: string[] = many.body.entries.map((e: { id: string }) => e.id);
    const writesBefore = s.store.commits;
    const results = await Promise.all(targets.map((id, i) => score(s.tokens.reviewer, id, { points: { ...POINTS, khaThi: i % 21 } })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = (await disk()).scores;
    expect(stored).toHaveLength(100);
    for (const [i, id] of targets.entries()) expect(stored.find((x: { entryId: string }) => x.entryId === id).points.khaThi).toBe(i % 21);
    expect(s.store.commits - writesBefore).toBeLessThan(100);
  });
});
