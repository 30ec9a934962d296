/**
 * The Quản trị suite (test/server/administration-suite.ts) on PostgreSQL: each test's server on a
 * database of its own. Then earlier years seen from other processes (issue #31): a process holds
 * only the settings of the rounds kept from earlier years, and reads a kept round's data from its
 * tables when a request asks for it.
 */
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { FailedAuthLimiter } from '../../server/auth';
import { openPostgresStore, type PostgresStore } from '../../server/store';
import { auth, entries, NOW, POINTS } from '../helpers/server';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { describeAdministration } from '../server/administration-suite';

const { newDatabase } = usePostgresCluster('admin');
/** The database of the test under way, for the other processes' stores. */
let url = '';

describeAdministration(
  'administration on PostgreSQL',
  async (_dir, round) => {
    url = await newDatabase();
    return openPostgresStore(url, { round });
  },
  (context) => {
    const { as, nextYear } = context; // `context.s` is read in each test: a getter, the test's server
    describe('another process', () => {
      const others: PostgresStore[] = [];
      afterEach(async () => {
        await Promise.all(others.splice(0).map((store) => store.close()));
      });
      /** Another server process on the same database: its own store and app, the same accounts. */
      async function otherProcess() {
        const store = await openPostgresStore(url);
        others.push(store);
        const app = createApp({ store, logger: pino({ level: 'silent' }), origins: ['https://localhost:3000'], now: () => NOW, authLimiter: new FailedAuthLimiter(5, 60_000) });
        return { store, get: (path: string) => request(app).get(path).set(auth(context.s.tokens.admin)) };
      }
      /** Phường 1 reports in this year's round, then next year's is made and activated: this year's is kept. */
      async function lastYearKept() {
        const admin = as(context.s.tokens.admin);
        const first = context.s.store.data.round.id;
        await as(context.s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        await admin.post('/api/rounds', nextYear()).expect(201);
        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        return { admin, first };
      }
      const titles = (body: { submissions: Array<{ unit: string; version: number; entries: Array<{ title: string }> }> }) => body.submissions.map((x) => [x.unit, x.version, x.entries.map((e) => e.title)]);

      test('Tiến độ kept by one process follows what another commits: a report, a score, a refusal', async () => {
        const other = await otherProcess();
        const page = async () => (await other.get('/api/progress?page=1&size=100').expect(200)).body;
        const unitOf = (p: { units: Array<{ unit: string }> }, name: string) => p.units.find((u) => u.unit === name);
        expect(unitOf(await page(), 'Phường 1')).toMatchObject({ state: 'not-sent' });
        const report = await as(context.s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        expect(unitOf(await page(), 'Phường 1')).toMatchObject({ state: 'sent', version: 1 });
        const judge = context.s.store.data.accounts.find((a) => a.role === 'reviewer' && a.unit === 'Phòng Tư pháp')!;
        await as(context.s.tokens.reviewer).put(`/api/scores/${report.body.entries[0].id}`, { points: POINTS }).expect(200);
        expect((await page()).reviewers.find((r: { name: string }) => r.name === judge.name)).toMatchObject({ scored: 1 });
        const bad = { ...entries('Phường 2', ['Thiếu tính mới'])[0]!, sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: null } };
        expect((await as(context.s.tokens.officer2).put('/api/submissions/Phường 2', { entries: [bad] })).status).toBe(422);
        expect(unitOf(await page(), 'Phường 2')).toMatchObject({ state: 'refused' });
      });

      test("a process that only takes scores holds none of them; its first summary, Tiến độ and list of rounds read them whole, and count the one it took", async () => {
        const report = await as(context.s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        const entryId = report.body.entries[0].id as string;
        const other = await otherProcess();
        const app = createApp({ store: other.store, logger: pino({ level: 'silent' }), origins: ['https://localhost:3000'], now: () => NOW, authLimiter: new FailedAuthLimiter(5, 60_000) });
        await request(app).put(`/api/scores/${entryId}`).set(auth(context.s.tokens.reviewer)).send({ points: POINTS }).expect(200);
        // Given again through it, with the version it has in the table (If-Match), not the one it holds (none).
        await request(app).put(`/api/scores/${entryId}`).set(auth(context.s.tokens.reviewer)).set('If-Match', '"1"').send({ points: POINTS }).expect(200);
        expect(other.store.holdsActiveScores).toBe(false);
        const judge = context.s.store.data.accounts.find((a) => a.role === 'reviewer' && a.unit === 'Phòng Tư pháp')!;
        expect((await other.get('/api/progress').expect(200)).body.reviewers.find((r: { name: string }) => r.name === judge.name)).toMatchObject({ scored: 1 });
        expect(other.store.holdsActiveScores).toBe(true);
        const summarised = (await other.get('/api/summary').expect(200)).body.summary.entries.find((e: { id: string }) => e.id === entryId);
        expect(summarised.scores).toMatchObject({ reviewers: 1 });
        expect((await other.get('/api/rounds').expect(200)).body.rounds.find((r: { active: boolean }) => r.active)).toMatchObject({ scores: 1 });
        const [given] = (await other.get('/api/scores').expect(200)).body.scores;
        expect(given).toMatchObject({ entryId, version: 2 });
      });

      test("a process started later holds last year's settings, not its data: the list of rounds and the duplicate search need none of it, a view of that year reads it", async () => {
        const { first } = await lastYearKept();
        await as(context.s.tokens.officer2).put('/api/submissions/Phường 2', { entries: entries('Phường 2', ['Hồ sơ không hẹn']) }).expect(200);

        const other = await otherProcess();
        expect(other.store.unreadRounds).toEqual([first]);
        const list = (await other.get('/api/rounds').expect(200)).body.rounds;
        expect(list.map((r: { id: string; active: boolean; reports: number }) => [r.id, r.active, r.reports])).toEqual([
          ['quan-3-2025', true, 1],
          [first, false, 1],
        ]);
        // Last year's reports are read for the search, not held.
        const duplicates = (await other.get('/api/summary').expect(200)).body.summary.duplicates;
        expect(duplicates.map((d: { a: { unit: string }; b: { unit: string } }) => [d.a.unit, d.b.unit])).toEqual([['Phường 2', 'Phường 1 (năm 2024)']]);
        expect(other.store.unreadRounds).toEqual([first]);

        expect(titles((await other.get(`/api/submissions?round=${first}`).expect(200)).body)).toEqual([['Phường 1', 1, ['Hồ sơ không hẹn']]]);
        expect(other.store.unreadRounds).toEqual([]);
        expect((await other.get(`/api/submissions?round=khong-co`)).status).toBe(404);
      });

      test("the scores are read from their table: last year's without holding that year, a score another process gives in the next answer", async () => {
        const report = await as(context.s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        const entryId = report.body.entries[0].id as string;
        await as(context.s.tokens.reviewer).put(`/api/scores/${entryId}`, { points: POINTS }).expect(200);
        const first = context.s.store.data.round.id;
        await as(context.s.tokens.admin).post('/api/rounds', nextYear()).expect(201);
        await as(context.s.tokens.admin).post('/api/rounds/quan-3-2025/activate').expect(200);

        const other = await otherProcess();
        expect(other.store.unreadRounds).toEqual([first]);
        const kept = (await other.get(`/api/scores?round=${first}`).expect(200)).body.scores;
        expect(kept.map((s: { entryId: string; points: unknown }) => [s.entryId, s.points])).toEqual([[entryId, POINTS]]);
        expect(other.store.unreadRounds).toEqual([first]);
        expect((await other.get('/api/scores').expect(200)).body.scores).toEqual([]);
        expect((await other.get('/api/scores?round=khong-co')).status).toBe(404);
        const now = await as(context.s.tokens.officer2).put('/api/submissions/Phường 2', { entries: entries('Phường 2', ['Sổ tay điện tử']) }).expect(200);
        await as(context.s.tokens.reviewer).put(`/api/scores/${now.body.entries[0].id}`, { points: POINTS }).expect(200);
        expect((await other.get('/api/scores').expect(200)).body.scores.map((s: { entryId: string }) => s.entryId)).toEqual([now.body.entries[0].id]);
      });

      test('last year brought back, sent to and kept again on one process: another that had not read it reads it whole, each report once; activated, it is the active round there too', async () => {
        const { admin, first } = await lastYearKept();
        const other = await otherProcess();
        expect(other.store.unreadRounds).toEqual([first]);

        // Brought back, Phường 1 sends again (retitled), kept again: all on the first process.
        await admin.post(`/api/rounds/${first}/activate`).expect(200);
        await as(context.s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Sổ tay điện tử']) }).expect(200);
        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        await as(context.s.tokens.officer2).put('/api/submissions/Phường 2', { entries: entries('Phường 2', ['Sổ tay điện tử']) }).expect(200);

        const duplicates = (await other.get('/api/summary').expect(200)).body.summary.duplicates;
        expect(duplicates.map((d: { b: { unit: string; title: string } }) => [d.b.unit, d.b.title])).toEqual([['Phường 1 (năm 2024)', 'Sổ tay điện tử']]);
        const kept = (await other.store.read(first)).rounds.find((r) => r.round.id === first)!;
        expect(kept.submissions.map((x) => [x.unit, x.version])).toEqual([
          ['Phường 1', 1],
          ['Phường 1', 2],
        ]);
        expect(titles((await other.get(`/api/submissions?round=${first}`).expect(200)).body)).toEqual([['Phường 1', 2, ['Sổ tay điện tử']]]);

        // Activated on the first process while a third had not read it: the third's next request reads it.
        const third = await otherProcess();
        expect(third.store.unreadRounds).toEqual([first]);
        await admin.post(`/api/rounds/${first}/activate`).expect(200);
        expect(titles((await third.get('/api/submissions').expect(200)).body)).toEqual([['Phường 1', 2, ['Sổ tay điện tử']]]);
        expect(third.store.data.submissions.map((x) => x.version)).toEqual([1, 2]);
        expect(third.store.unreadRounds).toEqual([]);
      });
    });
  },
);
