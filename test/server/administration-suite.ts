/**
 * What the Quản trị tab does through the API, the same on every store (accounts made and revoked
 * while the server runs, several rounds on one server, the secretariat's progress and audit, earlier
 * years in the duplicate search): run on lowdb by test/server/administration.test.ts and on
 * PostgreSQL by test/postgres/administration.test.ts.
 */
import request from 'supertest';
import type { Round } from '../../core/rounds/round';
import type { LowdbStore, PostgresStore } from '../../server/store';
import { auth, entries, entry, POINTS, testServer, type TestServer } from '../helpers/server';

export type AnyStore = LowdbStore | PostgresStore;

function clientOf(s: TestServer<AnyStore>, token: string) {
  return {
    get: (url: string) => request(s.app).get(url).set(auth(token)),
    post: (url: string, body?: object) => request(s.app).post(url).set(auth(token)).send(body),
    put: (url: string, body: object) => request(s.app).put(url).set(auth(token)).send(body),
    del: (url: string) => request(s.app).delete(url).set(auth(token)),
  };
}

/** What a store's own tests (`more`) are given: the test's server, a client per token, next year's round. */
export interface AdministrationContext {
  readonly s: TestServer<AnyStore>;
  as(token: string): ReturnType<typeof clientOf>;
  nextYear(round?: Round): Round;
}

/** The suite on the store `openStore` opens (a lowdb folder when none), then `more`'s tests with the same server. */
export function describeAdministration(name: string, openStore?: (dir: string, round: Round) => Promise<AnyStore>, more?: (context: AdministrationContext) => void): void {
  describe(name, () => {
    let s: TestServer<AnyStore>;
    beforeEach(async () => {
      s = await testServer<AnyStore>(undefined, openStore ? { openStore } : {});
    });
    afterEach(() => s.close());
    const as = (token: string) => clientOf(s, token);
    /** Next year's round, copied from this one's settings as the pane does. */
    const nextYear = (round: Round = s.store.data.round): Round => ({ ...round, id: 'quan-3-2025', name: 'Mô hình, giải pháp, sáng kiến cải cách hành chính Quận 3 năm 2025', year: 2025 });

    describe('accounts', () => {
      test('the admin lists, creates and revokes; a revoked token is refused from the next request; never a token hash', async () => {
        const admin = as(s.tokens.admin);
        const made = await admin.post('/api/accounts', { role: 'officer', unit: 'phường 3', name: 'Lê Văn C' });
        expect(made.status).toBe(201);
        expect(made.body.account).toMatchObject({ role: 'officer', unit: 'Phường 3', name: 'Lê Văn C', revoked: false });
        const token = made.body.token as string;
        expect((await as(token).get('/api/me')).body).toMatchObject({ role: 'officer', unit: 'Phường 3' });

        const listed = await admin.get('/api/accounts');
        expect(JSON.stringify(listed.body)).not.toMatch(/tokenHash|pl_/);
        const mine = listed.body.accounts.find((a: { id: string }) => a.id === made.body.account.id);
        expect(mine.lastUsedAt).toEqual(expect.any(String)); // used once above

        expect((await admin.del(`/api/accounts/${made.body.account.id}`)).body.account.revoked).toBe(true);
        expect((await as(token).get('/api/me')).status).toBe(401);
        const audit = (await admin.get('/api/audit?unit=Phường 3')).body.audit;
        expect(audit.map((r: { action: string; actorName: string }) => [r.action, r.actorName])).toEqual([
          ['account-create', 'Quản trị'],
          ['account-revoke', 'Quản trị'],
        ]);
      });

      test('Cấp lại mã: a new code for the same account and unit, the old one refused at once; only the admin, never for oneself', async () => {
        const admin = as(s.tokens.admin);
        const officer = s.store.data.accounts.find((a) => a.role === 'officer' && a.unit === 'Phường 2')!;
        expect((await as(s.tokens.officer1).post(`/api/accounts/${officer.id}/reissue`)).status).toBe(403);
        const made = await admin.post(`/api/accounts/${officer.id}/reissue`);
        expect(made.status).toBe(200);
        expect(made.body.account).toMatchObject({ id: officer.id, unit: 'Phường 2', revoked: false });
        expect((await as(s.tokens.officer2).get('/api/me')).status).toBe(401);
        expect((await as(made.body.token as string).get('/api/me')).body).toMatchObject({ id: officer.id, role: 'officer', unit: 'Phường 2' });
        const me = s.store.data.accounts.find((a) => a.role === 'admin')!;
        expect((await admin.post(`/api/accounts/${me.id}/reissue`)).status).toBe(409);
        expect((await admin.post('/api/accounts/khong-co/reissue')).body.error.message).toMatch(/Không có tài khoản này/);
        expect((await admin.get('/api/audit?unit=Phường 2')).body.audit.map((r: { action: string }) => r.action)).toContain('account-reissue');
      });

      test('roles and bad input: only the admin; an unknown unit, an officer without a unit and revoking oneself are refused in Vietnamese', async () => {
        expect((await as(s.tokens.officer1).get('/api/accounts')).status).toBe(403);
        expect((await as(s.tokens.reviewer).post('/api/accounts', { role: 'officer', unit: 'Phường 1' })).status).toBe(403);
        const admin = as(s.tokens.admin);
        expect((await admin.post('/api/accounts', { role: 'officer', unit: 'Phường 99' })).body.error.message).toMatch(/Đơn vị “Phường 99” không có trong đợt báo cáo/);
        expect((await admin.post('/api/accounts', { role: 'officer' })).body.error.message).toMatch(/phải thuộc một đơn vị/);
        expect((await admin.post('/api/accounts', { role: 'boss' })).status).toBe(400);
        const me = s.store.data.accounts.find((a) => a.role === 'admin')!;
        expect((await admin.del(`/api/accounts/${me.id}`)).status).toBe(409);
        expect((await admin.del('/api/accounts/khong-co')).status).toBe(404);
      });
    });

    describe('rounds', () => {
      test('a second round keeps the first one’s data: activated, then the first is read with ?round=, and activated back', async () => {
        const admin = as(s.tokens.admin);
        await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        const first = s.store.data.round.id;
        expect((await admin.post('/api/rounds', nextYear())).status).toBe(201);
        expect((await admin.post('/api/rounds', nextYear())).status).toBe(409);
        const list = (await admin.get('/api/rounds')).body.rounds;
        expect(list.map((r: { id: string; active: boolean; reports: number }) => [r.id, r.active, r.reports])).toEqual([
          [first, true, 1],
          ['quan-3-2025', false, 0],
        ]);

        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        expect((await as(s.tokens.officer1).get('/api/me')).body.round.id).toBe('quan-3-2025');
        expect((await admin.get('/api/submissions')).body.submissions).toEqual([]);
        // Last year's report and summary are still there.
        const kept = (await admin.get(`/api/submissions?round=${first}`)).body.submissions;
        expect(kept.map((x: { unit: string; version: number }) => [x.unit, x.version])).toEqual([['Phường 1', 1]]);
        const summary = (await admin.get(`/api/summary?round=${first}`)).body.summary;
        expect(summary.entries.map((e: { title: string }) => e.title)).toEqual(['Hồ sơ không hẹn']);
        expect((await admin.get('/api/summary?round=khong-co')).status).toBe(404);

        // This year's report with the same initiative: found as a likely duplicate of last year's.
        await as(s.tokens.officer2).put('/api/submissions/Phường 2', { entries: entries('Phường 2', ['Hồ sơ không hẹn']) }).expect(200);
        const duplicates = (await admin.get('/api/summary')).body.summary.duplicates;
        expect(duplicates.map((d: { a: { unit: string }; b: { unit: string } }) => [d.a.unit, d.b.unit])).toEqual([['Phường 2', 'Phường 1 (năm 2024)']]);
        // Last year's report sent again, retitled (while that round is active): the earlier entries the server keeps follow (the same description: still a pair, under the new title).
        await admin.post(`/api/rounds/${first}/activate`).expect(200);
        await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Sổ tay điện tử']) }).expect(200);
        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        expect((await admin.get('/api/summary')).body.summary.duplicates.map((d: { b: { title: string } }) => d.b.title)).toEqual(['Sổ tay điện tử']);

        await admin.post(`/api/rounds/${first}/activate`).expect(200);
        expect((await admin.get('/api/submissions')).body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['Phường 1']);
        expect((await admin.get('/api/submissions?round=quan-3-2025')).body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['Phường 2']);
      });

      test('units are records: next year Phường 1 is renamed and Phường 2 merged with Phường 3; last year’s accounts still work, a reviewer is refused the merged ward, earlier entries say “nay là”', async () => {
        const admin = as(s.tokens.admin);
        await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
        const reviewerP2 = (await admin.post('/api/accounts', { role: 'reviewer', unit: 'Phường 2', name: 'Thành viên Phường 2' })).body.token as string;
        const first = s.store.data.round;
        const id = (name: string) => first.units.find((u) => u.name === name)!.id!;
        const rest = first.units.filter((u) => !['Phường 1', 'Phường 2', 'Phường 3'].includes(u.name));
        const next = {
          ...nextYear(),
          units: [
            { id: id('Phường 1'), code: '27139', name: 'Phường Bàn Cờ', kind: 'phuong' as const, aliases: ['Phường 1'] },
            { code: '27142', name: 'Phường Xuân Hòa', kind: 'phuong' as const, formedFrom: [id('Phường 2'), id('Phường 3')], contact: { person: 'Trần Thị Mai', phone: '0912 345 678' } },
            ...rest,
          ],
        };
        expect((await admin.post('/api/rounds', next)).status).toBe(201);
        // An account made for the draft's new ward before it opens; refused for a round that does not exist.
        const early = await admin.post('/api/accounts', { role: 'officer', unit: 'Phường Xuân Hòa', round: 'quan-3-2025' });
        expect([early.status, early.body.account.unit]).toEqual([201, 'Phường Xuân Hòa']);
        expect((await admin.post('/api/accounts', { role: 'officer', unit: 'Phường Xuân Hòa', round: 'khong-co' })).status).toBe(404);
        expect((await admin.post('/api/accounts', { role: 'officer', unit: 'Phường Xuân Hòa' })).status).toBe(400);
        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        await as(early.body.token).put('/api/submissions/Phường Xuân Hòa', { entries: entries('Phường Xuân Hòa', ['Sổ tay điện tử']) }).expect(200);

        // Phường 1's officer is Phường Bàn Cờ's now: same account, the new name, and only that unit.
        expect((await as(s.tokens.officer1).get('/api/me')).body).toMatchObject({ unit: 'Phường Bàn Cờ', unitId: id('Phường 1') });
        await as(s.tokens.officer1).put('/api/submissions/Phường Bàn Cờ', { entries: entries('Phường Bàn Cờ', ['Hồ sơ không hẹn']) }).expect(200);
        const other = await as(s.tokens.officer1).put('/api/submissions/Phường Xuân Hòa', { entries: entries('Phường Xuân Hòa', ['Khác']) });
        expect(other.status).toBe(403);
        expect(other.body.error.message).toMatch(/^Tài khoản của Phường Bàn Cờ không được xem hay gửi báo cáo của Phường Xuân Hòa/);
        // Phường 2's officer sends for the ward it was merged into.
        const sent = await as(s.tokens.officer2).put('/api/submissions/Phường Xuân Hòa', { entries: entries('Phường Xuân Hòa', ['Một cửa liên thông']) });
        expect(sent.status).toBe(200);

        // A reviewer of Phường 2 never scores the merged ward; a reviewer of Phường 1 never scores Phường Bàn Cờ.
        const merged = sent.body.entries[0].id as string;
        const refused = await as(reviewerP2).put(`/api/scores/${merged}`, { points: POINTS });
        expect([refused.status, refused.body.error.code]).toEqual([403, 'own-unit']);
        const renamed = (await admin.get('/api/submissions/Phường Bàn Cờ')).body.entries[0].id as string;
        expect((await as(s.tokens.reviewerP1).put(`/api/scores/${renamed}`, { points: POINTS })).status).toBe(403);
        await as(s.tokens.reviewerP1).put(`/api/scores/${merged}`, { points: POINTS }).expect(200);

        // Last year's entry is named as the unit was then, and as it is now.
        const duplicates = (await admin.get('/api/summary')).body.summary.duplicates;
        expect(duplicates.map((d: { a: { unit: string }; b: { unit: string } }) => [d.a.unit, d.b.unit])).toContainEqual(['Phường Bàn Cờ', 'Phường 1 (năm 2024), nay là Phường Bàn Cờ']);
        // Progress carries the contact of a unit still to send.
        const progress = (await admin.get('/api/progress')).body;
        expect(progress.units.find((u: { unit: string }) => u.unit === 'Phường Xuân Hòa')).toMatchObject({ state: 'sent', code: '27142' });

        // A unit with a live account cannot be dropped from the round.
        const round = s.store.data.round;
        const withoutBànCờ = { ...round, units: round.units.filter((u) => u.name !== 'Phường Bàn Cờ') };
        expect((await admin.put(`/api/rounds/${round.id}`, withoutBànCờ)).body.error.message).toMatch(/Không bỏ được đơn vị “Phường Bàn Cờ”/);
      });

      test('an officer whose unit next year’s round no longer lists is told to ask the secretariat for a new code', async () => {
        const admin = as(s.tokens.admin);
        const officer9 = (await admin.post('/api/accounts', { role: 'officer', unit: 'Phường 9' })).body.token as string;
        await admin.post('/api/rounds', { ...nextYear(), units: s.store.data.round.units.filter((u) => u.name !== 'Phường 9') }).expect(201);
        await admin.post('/api/rounds/quan-3-2025/activate').expect(200);
        const refused = await as(officer9).put('/api/submissions/Phường 10', { entries: entries('Phường 10', ['Khác']) });
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toBe(`Đơn vị của tài khoản này (Phường 9) không có trong đợt báo cáo “${nextYear().name}”. Hãy liên hệ Phòng Nội vụ để được cấp mã của đơn vị đúng.`);
      });

      test('settings change only in ways that keep the data meaningful', async () => {
        const admin = as(s.tokens.admin);
        const report = await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: [entry('Phường 1', 'Hồ sơ không hẹn')] });
        await as(s.tokens.reviewer).put(`/api/scores/${report.body.entries[0].id}`, { points: POINTS }).expect(200);
        const round = s.store.data.round;

        const renamed = { ...round, name: 'Đợt đã đổi tên', window: { ...round.window, closes: '2099-12-31T16:59:00.000Z' } };
        expect((await admin.put(`/api/rounds/${round.id}`, renamed)).status).toBe(200);
        expect((await as(s.tokens.officer2).get('/api/me')).body.round.name).toBe('Đợt đã đổi tên');

        const withoutUnit = { ...round, units: round.units.filter((u) => u.name !== 'Phường 1') };
        const refused = await admin.put(`/api/rounds/${round.id}`, withoutUnit);
        expect(refused.status).toBe(422);
        expect(refused.body.error.message).toMatch(/Không bỏ được đơn vị “Phường 1”/);
        const lowered = { ...round, rubric: { ...round.rubric, criteria: round.rubric.criteria.map((c) => (c.key === 'tinhMoi' ? { ...c, max: 10, bands: [] } : c)) } };
        expect((await admin.put(`/api/rounds/${round.id}`, lowered)).body.error.message).toMatch(/không được nhỏ hơn 25/);
        const noField = { ...round, fields: round.fields.filter((f) => f.name !== 'Cải cách thủ tục hành chính') };
        expect((await admin.put(`/api/rounds/${round.id}`, noField)).body.error.message).toMatch(/Không bỏ được lĩnh vực “Cải cách thủ tục hành chính”/);
        const badWindow = { ...round, window: { opens: round.window.closes, closes: round.window.opens } };
        expect((await admin.put(`/api/rounds/${round.id}`, badWindow)).body.error.message).toMatch(/hạn chót phải sau ngày mở/);
        expect((await as(s.tokens.officer1).put(`/api/rounds/${round.id}`, round)).status).toBe(403);
      });
    });

    describe('progress and audit', () => {
      test('every unit with its state (not sent, sent vN, refused with the reason) and every reviewer’s count', async () => {
        const admin = as(s.tokens.admin);
        const report = await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn', 'Mã QR']) });
        await as(s.tokens.reviewer).put(`/api/scores/${report.body.entries[0].id}`, { points: POINTS }).expect(200);
        const bad = entry('Phường 2', 'Thiếu tính mới', { sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: null } });
        expect((await as(s.tokens.officer2).put('/api/submissions/Phường 2', { entries: [bad] })).status).toBe(422);

        const progress = (await admin.get('/api/progress')).body;
        const byUnit = new Map(progress.units.map((u: { unit: string }) => [u.unit, u]));
        expect(byUnit.get('Phường 1')).toMatchObject({ state: 'sent', version: 1, entries: 2 });
        expect(byUnit.get('Phường 2')).toMatchObject({ state: 'refused', errors: 1, reason: expect.stringMatching(/Thiếu phần Tính mới/) });
        expect(byUnit.get('Phường 3')).toMatchObject({ state: 'not-sent' });
        expect(progress.counts).toEqual({ units: 18, sent: 1, refused: 1, notSent: 16, short: 1 });
        // Its entries short of scores, each with the reviewers still to score it (never one of its own unit).
        expect(progress.shortOfScores.map((e: { unit: string; scores: number; needed: number; toScore: string[] }) => [e.unit, e.scores, e.needed, e.toScore.some((n) => n.includes('Phường 1'))])).toEqual([
          ['Phường 1', 1, 3, false],
          ['Phường 1', 0, 3, false],
        ]);
        const reviewer = progress.reviewers.find((r: { unit: string | null }) => r.unit === 'Phòng Tư pháp');
        expect(reviewer).toMatchObject({ scored: 1, toScore: 2 });
        // The reviewer of Phường 1 may not score its entries.
        expect(progress.reviewers.find((r: { unit: string | null }) => r.unit === 'Phường 1')).toMatchObject({ scored: 0, toScore: 0 });

        // Accepted later: the refusal is history.
        await as(s.tokens.officer2).put('/api/submissions/Phường 2', { entries: entries('Phường 2', ['Đủ bốn phần']) }).expect(200);
        expect((await admin.get('/api/progress')).body.units.find((u: { unit: string }) => u.unit === 'Phường 2')).toMatchObject({ state: 'sent', version: 1 });
        expect((await as(s.tokens.officer1).get('/api/progress')).status).toBe(403);

        // The audit, filtered by person.
        const officer2 = s.store.data.accounts.find((a) => a.unit === 'Phường 2' && a.role === 'officer')!;
        const theirs = (await admin.get(`/api/audit?actor=${officer2.id}`)).body.audit;
        expect(theirs.map((r: { action: string; target: string; actorName: string }) => [r.action, r.target, r.actorName])).toEqual([['submit', 'Phường 2', officer2.name]]);
      });

      test('Tiến độ, kept between pages, follows each change it is made of: a report, a score, a refusal, the reviewers, the round’s units', async () => {
        const admin = as(s.tokens.admin);
        const page = async () => (await admin.get('/api/progress?page=1&size=100')).body;
        const unitOf = (p: { units: Array<{ unit: string }> }, name: string) => p.units.find((u) => u.unit === name);
        const reviewerNamed = (p: { reviewers: Array<{ name: string }> }, name: string) => p.reviewers.find((r) => r.name === name);
        const before = await page();
        expect(await page()).toEqual(before); // the same page again, from what was kept
        expect(unitOf(before, 'Phường 1')).toMatchObject({ state: 'not-sent' });

        const report = await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) });
        expect(unitOf(await page(), 'Phường 1')).toMatchObject({ state: 'sent', version: 1, shortOfScores: 1 });

        const judge = s.store.data.accounts.find((a) => a.role === 'reviewer' && a.unit === 'Phòng Tư pháp')!;
        expect(reviewerNamed(await page(), judge.name)).toMatchObject({ scored: 0, toScore: 1 });
        await as(s.tokens.reviewer).put(`/api/scores/${report.body.entries[0].id}`, { points: POINTS }).expect(200);
        expect(reviewerNamed(await page(), judge.name)).toMatchObject({ scored: 1, toScore: 1 });

        const bad = entry('Phường 2', 'Thiếu tính mới', { sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: null } });
        expect((await as(s.tokens.officer2).put('/api/submissions/Phường 2', { entries: [bad] })).status).toBe(422);
        expect(unitOf(await page(), 'Phường 2')).toMatchObject({ state: 'refused', errors: 1 });

        const made = await admin.post('/api/accounts', { role: 'reviewer', unit: 'Phòng Văn hóa và Thông tin', name: 'Giám khảo Mới' });
        expect(made.status).toBe(201);
        expect(reviewerNamed(await page(), 'Giám khảo Mới')).toMatchObject({ scored: 0, toScore: 1 });
        await admin.del(`/api/accounts/${made.body.account.id}`).expect(200);
        expect(reviewerNamed(await page(), 'Giám khảo Mới')).toBeUndefined();

        const round = s.store.data.round;
        await admin.put(`/api/rounds/${round.id}`, { ...round, units: [...round.units, { name: 'Phường Mới Lập', kind: 'phuong' }] }).expect(200);
        const after = await page();
        expect(after.counts.units).toBe(before.counts.units + 1);
        expect(unitOf(after, 'Phường Mới Lập')).toMatchObject({ state: 'not-sent' });
      });

      test('Tiến độ kept between pages counts a score made stale by a changed entry, and again once it is scored anew', async () => {
        const admin = as(s.tokens.admin);
        const judge = s.store.data.accounts.find((a) => a.role === 'reviewer' && a.unit === 'Phòng Tư pháp')!;
        const scoredBy = async () => (await admin.get('/api/progress?page=1')).body.reviewers.find((r: { name: string }) => r.name === judge.name).scored;
        const sent = await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: [entry('Phường 1', 'Hồ sơ không hẹn')] }).expect(200);
        const id = sent.body.entries[0].id as string;
        await as(s.tokens.reviewer).put(`/api/scores/${id}`, { points: POINTS }).expect(200);
        expect(await scoredBy()).toBe(1);
        // The entry changed: the same entry, its score stale.
        const changed = entry('Phường 1', 'Hồ sơ không hẹn', { id, sections: { thucTrang: 'Khác trước.', noiDung: 'Bố trí quầy riêng.', hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' } });
        const again = await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: [changed] }).expect(200);
        expect(again.body.entries[0].id).toBe(id);
        expect(await scoredBy()).toBe(0);
        // Scored anew (the store replaces the stale score): counted again, though only a score changed since the last page.
        await as(s.tokens.reviewer).put(`/api/scores/${id}`, { points: POINTS }).expect(200);
        expect(await scoredBy()).toBe(1);
      });
    });

    more?.({
      get s() {
        return s;
      },
      as,
      nextYear,
    });
  });
}
