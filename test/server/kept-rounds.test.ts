/**
 * Earlier rounds on disk, not in memory (issue #31): a round no longer active goes to a file of its
 * own, which a store opening does not read; the list of rounds counts it without reading it, the
 * summary worker reads it to compare this year's entries with, and it is read when someone asks for
 * that year or brings the round back. A damaged or missing file says so, in Vietnamese.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { demoRound } from '../../core/rounds/round';
import { createApp } from '../../server/app';
import { FailedAuthLimiter } from '../../server/auth';
import { keptFileOf, openLowdbStore, SNAPSHOT_FILE, StoreLoadError, type LowdbStore } from '../../server/store';
import { readKeptFile, readKeptRoundWith } from '../../server/store/kept-rounds';
import { readKeptFileAside } from '../../server/store/kept-round-reader';
import { auth, entries, NOW, POINTS, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const keptFiles = () => readdirSync(s.dir).filter((n) => /^phuluc-round-[0-9a-f]{16}\.json$/.test(n));
const appOn = (store: LowdbStore) => createApp({ store, logger: pino({ level: 'silent' }), origins: ['https://localhost:3000'], now: () => NOW, authLimiter: new FailedAuthLimiter(5, 60_000) });

/** Last year's round with Phường 1's report, kept; this year's active, with Phường 2's report of the same initiative. */
async function lastYearKept(): Promise<{ lastYear: string; thisYear: string }> {
  const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
  const lastYear = s.store.data.round.id;
  await admin(request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 1')}`)).send({ entries: entries('Phường 1', ['Tiếp nhận hồ sơ qua Zalo vào buổi tối cho người lao động']) }).expect(200);
  // One score of last year's, so the kept round's file holds a score table too.
  const entryId = s.store.data.submissions[0]!.entries[0]!.id;
  await s.store.write((tx) => {
    tx.putScore(lastYear, { id: 's1', entryId, reviewerId: 'r1', unit: 'Phường 1', points: POINTS, comment: 'Tốt', version: 1, updatedAt: NOW.toISOString(), entryFingerprint: 'f', stale: false });
    tx.putExtension(lastYear, 'Phường 1', '2024-12-31T16:59:59.000Z');
  });
  const next = { ...demoRound(NOW), id: 'quan-3-2025', name: 'Đợt năm 2025', year: 2025 };
  await admin(request(s.app).post('/api/rounds')).send(next).expect(201);
  await admin(request(s.app).post(`/api/rounds/${next.id}/activate`)).expect(200);
  await admin(request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 2')}`)).send({ entries: entries('Phường 2', ['Tiếp nhận hồ sơ qua Zalo vào buổi tối cho người lao động']) }).expect(200);
  // The next snapshot writes the kept round to its own file; the next start opens on that file.
  s.store.compactNow();
  await s.store.settled();
  await s.store.close();
  s.store = await openLowdbStore(s.dir);
  return { lastYear, thisYear: next.id };
}

test('a kept round is in a file of its own, which a store opening does not read; the list counts it, the summary compares with it, both without reading it here', async () => {
  const { lastYear } = await lastYearKept();
  expect(keptFiles()).toHaveLength(1);
  // The snapshot names the kept round's file, and holds none of its data.
  const snapshot = JSON.parse(readFileSync(path.join(s.dir, SNAPSHOT_FILE), 'utf8'));
  expect(snapshot.data.rounds).toEqual([{ round: expect.objectContaining({ id: lastYear }), kept: { file: keptFiles()[0], reports: 1, scores: 1 } }]);
  const kept = s.store.data.rounds.find((r) => r.round.id === lastYear)!;
  expect(keptFileOf(kept)).toBeDefined();

  const app = appOn(s.store);
  const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
  const list = await admin(request(app).get('/api/rounds')).expect(200);
  expect(list.body.rounds.find((r: { id: string }) => r.id === lastYear)).toMatchObject({ active: false, reports: 1, scores: 1 });
  const summary = await admin(request(app).get('/api/summary')).expect(200);
  expect(summary.body.summary.duplicates).toEqual([expect.objectContaining({ a: expect.objectContaining({ unit: 'Phường 2' }), b: expect.objectContaining({ unit: 'Phường 1 (năm 2024)' }) })]);
  expect(keptFileOf(kept)).toBeDefined(); // still only in its file: the worker read it

  // Asked for, the year is read: its progress names Phường 1's report.
  const progress = await admin(request(app).get(`/api/progress?round=${lastYear}`)).expect(200);
  expect(JSON.stringify(progress.body)).toContain('Phường 1');
  expect(keptFileOf(kept)).toBeUndefined();
});

test('a kept round asked for is read in a thread of its own, with what its file holds; a file the thread cannot read is left to the request, which says why', async () => {
  const { lastYear } = await lastYearKept();
  const kept = s.store.data.rounds.find((r) => r.round.id === lastYear)!;
  const file = keptFileOf(kept)!.path;
  const asOnThisThread = readKeptFile(file);
  // Asked for through the store, the round's data is read before anything here touches it.
  await s.store.read(lastYear);
  expect(keptFileOf(kept)).toBeUndefined();
  expect(kept.submissions).toEqual(asOnThisThread.submissions);
  expect(kept.scores).toEqual(asOnThisThread.scores);
  expect(kept.refusals).toEqual(asOnThisThread.refusals);
  expect({ ...kept.extensions }).toEqual({ 'Phường 1': '2024-12-31T16:59:59.000Z' });
  // Names from outside (criteria, units) still key records without a prototype, after crossing from the thread.
  expect(Object.getPrototypeOf(kept.extensions)).toBeNull();
  expect(Object.getPrototypeOf(kept.scores[0]!.points)).toBeNull();
  // A damaged file: the thread gives nothing, and the round is read where it is touched (the test below: the request fails with its message).
  writeFileSync(file, readFileSync(file, 'utf8').replace('buổi tối', 'buổi sáng'));
  expect(await readKeptFileAside(file)).toBeUndefined();
});

test('two requests for a kept round at once share one read of its file', async () => {
  const { lastYear } = await lastYearKept();
  const kept = s.store.data.rounds.find((r) => r.round.id === lastYear)!;
  let reads = 0;
  const counted = (file: string) => {
    reads++;
    return readKeptFileAside(file);
  };
  expect(await Promise.all([readKeptRoundWith(kept, counted), readKeptRoundWith(kept, counted)])).toEqual([true, true]);
  expect(reads).toBe(1);
  expect(kept.submissions.map((r) => r.unit)).toEqual(['Phường 1']);
  // Read once, it is not read again.
  expect(await readKeptRoundWith(kept, counted)).toBe(false);
  expect(reads).toBe(1);
});

test('a kept round brought back is read from its file, and its file goes once no snapshot names it', async () => {
  const { lastYear, thisYear } = await lastYearKept();
  const [file] = keptFiles();
  const app = appOn(s.store);
  const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
  await admin(request(app).post(`/api/rounds/${lastYear}/activate`)).expect(200);
  expect(s.store.data.round.id).toBe(lastYear);
  expect(s.store.data.submissions.map((x) => x.unit)).toEqual(['Phường 1']);
  // After a compaction and a restart: this year's round is now the one in a file, last year's file is gone.
  s.store.compactNow();
  await s.store.settled();
  await s.store.close();
  s.store = await openLowdbStore(s.dir);
  expect(s.store.data.submissions.map((x) => x.unit)).toEqual(['Phường 1']);
  expect(keptFiles()).not.toContain(file);
  expect(keptFiles()).toHaveLength(1);
  expect(s.store.data.rounds.find((r) => r.round.id === thisYear)!.submissions.map((x) => x.unit)).toEqual(['Phường 2']);
});

test('a kept round’s file that is missing stops start-up; one that is damaged fails the request that reads it, with a message, and is kept', async () => {
  const { lastYear } = await lastYearKept();
  const [file] = keptFiles();
  await s.store.close();
  const full = path.join(s.dir, file!);
  const text = readFileSync(full, 'utf8');
  writeFileSync(full, text.replace('buổi tối', 'buổi sáng'));
  s.store = await openLowdbStore(s.dir);
  const app = appOn(s.store);
  const answer = await request(app).get(`/api/progress?round=${lastYear}`).set(auth(s.tokens.admin));
  expect(answer.status).toBe(500);
  expect(answer.body.error).toEqual({ code: 'kept-round-unreadable', message: expect.stringMatching(/^Không đọc được dữ liệu của đợt báo cáo cũ.*khôi phục/) });
  expect(readFileSync(full, 'utf8')).toContain('buổi sáng');
  // The summary, which compares with it in the worker, says the same, not that the server is busy.
  const summary = await request(app).get('/api/summary').set(auth(s.tokens.admin));
  expect(summary.status).toBe(500);
  expect(summary.body.error.code).toBe('kept-round-unreadable');
  // Bringing it back fails the same way, and changes nothing.
  const before = JSON.stringify({ round: s.store.data.round, submissions: s.store.data.submissions, rounds: s.store.data.rounds.map((r) => r.round) });
  const activate = await request(app).post(`/api/rounds/${lastYear}/activate`).set(auth(s.tokens.admin));
  expect(activate.status).toBe(500);
  expect(activate.body.error.code).toBe('kept-round-unreadable');
  expect(JSON.stringify({ round: s.store.data.round, submissions: s.store.data.submissions, rounds: s.store.data.rounds.map((r) => r.round) })).toBe(before);
  await s.store.close();
  rmSync(full);
  await expect(openLowdbStore(s.dir)).rejects.toThrow(StoreLoadError);
  await expect(openLowdbStore(s.dir)).rejects.toThrow(/thiếu tệp phuluc-round-.*khôi phục/);
  expect(existsSync(path.join(s.dir, SNAPSHOT_FILE))).toBe(true);
  writeFileSync(full, text);
  s.store = await openLowdbStore(s.dir);
  expect(s.store.data.rounds.find((r) => r.round.id === lastYear)!.submissions).toHaveLength(1);
});

test('a round kept by an activation is let go once the next snapshot has put it in its file, without a restart; a change to kept data since that snapshot keeps it', async () => {
  const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
  const lastYear = s.store.data.round.id;
  await admin(request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 1')}`)).send({ entries: entries('Phường 1', ['Một cửa buổi tối']) }).expect(200);
  const next = { ...demoRound(NOW), id: 'quan-3-2025', name: 'Đợt năm 2025', year: 2025 };
  await admin(request(s.app).post('/api/rounds')).send(next).expect(201);
  await admin(request(s.app).post(`/api/rounds/${next.id}/activate`)).expect(200);
  const kept = () => s.store.data.rounds.find((r) => r.round.id === lastYear)!;
  expect(keptFileOf(kept())).toBeUndefined(); // in memory, as the activation left it
  s.store.compactNow();
  await s.store.settled();
  expect(keptFileOf(kept())).toBeDefined(); // let go: only in its file now
  const files = [{ roundId: lastYear, file: keptFileOf(kept())!.file }];
  expect(keptFiles()).toEqual([files[0]!.file.file]);
  const progress = await admin(request(s.app).get(`/api/progress?round=${lastYear}`)).expect(200);
  expect(JSON.stringify(progress.body)).toContain('Phường 1');

  // The rule itself: files a snapshot wrote stand for the kept rounds only if no change reached their data since.
  const { StoreState } = await import('../../server/store/state');
  const state = new StoreState(structuredClone({ ...s.store.data, rounds: [{ ...kept(), round: kept().round }] }) as never);
  const before = state.keptChanges;
  state.apply({ kind: 'extension', roundId: lastYear, unit: 'Phường 3', until: '2024-12-01T00:00:00Z' });
  expect(state.keepOnDisk(s.dir, files, before)).toBe(0);
  expect(keptFileOf(state.data.rounds[0]!)).toBeUndefined();
  expect(state.keepOnDisk(s.dir, files, state.keptChanges)).toBe(1);
});
