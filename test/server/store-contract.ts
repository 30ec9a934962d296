/**
 * The `Store` contract, tested through the contract only, so that every implementation runs the
 * same suite (`describeStoreContract` from each implementation's test file): record-level changes,
 * all-or-nothing transactions, committed reads, idempotency keys, content versions, durability
 * across a reopen.
 */
import { demoRound } from '../../core/rounds/round';
import { roundCounts, type Score, type Store, type Submission } from '../../server/store';

export interface StoreUnderTest {
  /** Opens the store on a place of its own (a fresh one for each `fresh()`), with the demo round. */
  fresh(): Promise<Store>;
  /** Closes `store` and opens it again on the same place. */
  reopen(store: Store): Promise<Store>;
}

const ROUND = demoRound(new Date('2024-08-20T03:00:00Z'));
const AT = '2024-08-21T03:00:00.000Z';

function submission(unit: string, version: number, titles: string[]): Submission {
  return {
    unit,
    version,
    submittedAt: AT,
    by: 'officer-1',
    source: 'json',
    entries: titles.map((title, i) => ({
      id: `${unit}-${title}`,
      row: 9 + i,
      stt: String(i + 1),
      unit,
      title,
      field: 'Cải cách thủ tục hành chính',
      sections: { thucTrang: 'Người dân chờ lâu.', noiDung: 'Bố trí quầy riêng.', hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
      note: '',
    })),
    issues: [],
  };
}

function score(entryId: string, reviewerId: string, version: number, tinhMoi: number): Score {
  return {
    id: `${entryId}|${reviewerId}`,
    entryId,
    reviewerId,
    unit: 'Phường 1',
    points: { tinhMoi, hieuQua: 20, nhanRong: 10, khaThi: 10 },
    comment: 'Tốt',
    version,
    updatedAt: AT,
    entryFingerprint: 'f',
    stale: false,
  };
}

export function describeStoreContract(name: string, make: () => StoreUnderTest): void {
  describe(`Store contract: ${name}`, () => {
    let under: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      under = make();
      store = await under.fresh();
    });
    afterEach(() => store.close());

    test('report versions are kept side by side, every one readable after a reopen', async () => {
      const id = (await store.read()).round.id;
      await store.write((tx) => tx.addSubmission(id, submission('Phường 1', 1, ['Một cửa'])));
      await store.write((tx) => tx.addSubmission(id, submission('Phường 1', 2, ['Một cửa', 'Mã QR'])));
      store = await under.reopen(store);
      const versions = (await store.read()).submissions.filter((s) => s.unit === 'Phường 1').map((s) => [s.version, s.entries.map((e) => e.title)]);
      expect(versions).toEqual([
        [1, ['Một cửa']],
        [2, ['Một cửa', 'Mã QR']],
      ]);
    });

    test('one score per (entry, reviewer): a second put replaces the first, also after a reopen', async () => {
      const id = (await store.read()).round.id;
      await store.write((tx) => tx.putScore(id, score('e1', 'r1', 1, 20)));
      await store.write((tx) => tx.putScore(id, score('e1', 'r2', 1, 21)));
      await store.write((tx) => tx.putScore(id, score('e1', 'r1', 2, 28)));
      const inTx = await store.write((tx) => tx.score(id, 'e1', 'r1'));
      expect(inTx).toMatchObject({ version: 2, points: { tinhMoi: 28 } });
      store = await under.reopen(store);
      const scores = (await store.readWithScores()).scores.map((s) => [s.reviewerId, s.version, s.points.tinhMoi]).sort();
      expect(scores).toEqual([
        ['r1', 2, 28],
        ['r2', 1, 21],
      ]);
    });

    test("a unit's scores are found by unit: new ones, one put again under another unit, one taken back with its change, and after a reopen", async () => {
      const id = (await store.read()).round.id;
      const of = (unit: string) => store.write((tx) => tx.scoresOfUnit(id, unit).map((s) => `${s.entryId}/${s.reviewerId}@${s.version}`).sort());
      await store.write((tx) => {
        tx.putScore(id, score('e1', 'r1', 1, 20));
        tx.putScore(id, score('e2', 'r1', 1, 20));
        tx.putScore(id, { ...score('f1', 'r1', 1, 20), unit: 'Phường 2' });
      });
      expect(await of('Phường 1')).toEqual(['e1/r1@1', 'e2/r1@1']);
      // e2's score put again under Phường 2 (its entry now that unit's).
      await store.write((tx) => tx.putScore(id, { ...score('e2', 'r1', 2, 21), unit: 'Phường 2' }));
      expect(await of('Phường 1')).toEqual(['e1/r1@1']);
      expect(await of('Phường 2')).toEqual(['e2/r1@2', 'f1/r1@1']);
      // Taken back with the change that made them: a move and a new score.
      await expect(
        store.write((tx) => {
          tx.putScore(id, score('e2', 'r1', 3, 22));
          tx.putScore(id, score('e3', 'r1', 1, 22));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await of('Phường 1')).toEqual(['e1/r1@1']);
      expect(await of('Phường 2')).toEqual(['e2/r1@2', 'f1/r1@1']);
      store = await under.reopen(store);
      expect(await of('Phường 1')).toEqual(['e1/r1@1']);
      expect(await of('Phường 2')).toEqual(['e2/r1@2', 'f1/r1@1']);
      expect(await of('Phường 3')).toEqual([]);
    });

    test("a round's scores read through the store a slice at a time: in the order first given, each once while others are written, one reviewer's alone, a kept round's too", async () => {
      const id = (await store.read()).round.id;
      const reviewers = ['r1', 'r2', 'r3'];
      await store.write((tx) => {
        for (let e = 0; e < 1_500; e++) for (const r of reviewers) tx.putScore(id, score(`e${e}`, r, 1, 20));
      });
      await store.write((tx) => tx.putScore(id, score('e10', 'r2', 2, 25))); // changed: keeps its place
      const given = [];
      for (let e = 0; e < 1_500; e++) for (const r of reviewers) given.push(`e${e}/${r}`);
      const read = async (roundId: string, reviewerId?: string, meanwhile?: () => Promise<unknown>) => {
        const slices: Array<ReadonlyArray<Score>> = [];
        for await (const slice of store.scores(roundId, reviewerId)) {
          if (slices.length === 0) await meanwhile?.();
          slices.push(slice);
        }
        return { slices, scores: slices.flat() };
      };
      const whole = await read(id);
      expect(whole.slices.length).toBeGreaterThan(1);
      expect(whole.scores.map((s) => `${s.entryId}/${s.reviewerId}`)).toEqual(given);
      expect(whole.scores.find((s) => s.entryId === 'e10' && s.reviewerId === 'r2')).toMatchObject({ version: 2, points: { tinhMoi: 25 } });
      const own = await read(id, 'r2');
      expect(own.scores.map((s) => `${s.entryId}/${s.reviewerId}`)).toEqual(given.filter((g) => g.endsWith('/r2')));
      // Written while the answer is read: a score changed after its slice, one before, a new one. Every score given before comes once.
      const during = await read(id, undefined, () =>
        store.write((tx) => {
          tx.putScore(id, score('e0', 'r1', 2, 21));
          tx.putScore(id, score('e1499', 'r3', 2, 21));
          tx.putScore(id, score('e9999', 'r1', 1, 21));
        }),
      );
      const names = during.scores.map((s) => `${s.entryId}/${s.reviewerId}`);
      expect(names.filter((n) => n !== 'e9999/r1')).toEqual(given);
      expect(names.filter((n) => n === 'e9999/r1').length).toBeLessThanOrEqual(1);
      // Kept from an earlier year (after a reopen, on PostgreSQL its data is only in its tables).
      const next = { ...ROUND, id: 'quan-3-2025', name: 'Đợt năm 2025', year: 2025 };
      await store.write((tx) => tx.putRound(next));
      await store.write((tx) => tx.activateRound(next.id));
      store = await under.reopen(store);
      expect((await read(id, 'r3')).scores.map((s) => `${s.entryId}/${s.reviewerId}@${s.version}`)).toEqual(given.filter((g) => g.endsWith('/r3')).map((g) => `${g}@${g === 'e1499/r3' ? 2 : 1}`));
      expect((await read(next.id)).scores).toEqual([]);
      expect((await read('khong-co')).scores).toEqual([]);
    });

    test('a change that throws leaves nothing behind, and the changes queued with it are committed', async () => {
      const id = (await store.read()).round.id;
      const failing = store.write((tx) => {
        tx.putScore(id, score('e1', 'r1', 1, 20));
        tx.addAudit({ at: AT, actor: 'r1', action: 'score', target: 'e1', before: null, after: null });
        throw new Error('refused');
      });
      const passing = store.write((tx) => tx.putScore(id, score('e2', 'r1', 1, 22)));
      await expect(failing).rejects.toThrow('refused');
      await passing;
      store = await under.reopen(store);
      const data = await store.readWithScores();
      expect(data.scores.map((s) => s.entryId)).toEqual(['e2']);
      expect(await store.audit({ limit: 10 })).toEqual([]);
    });

    test('a replaced score that throws afterwards is given back as it was', async () => {
      const id = (await store.read()).round.id;
      await store.write((tx) => tx.putScore(id, { ...score('e1', 'r1', 1, 20), stale: true, staleReason: 'changed' }));
      await expect(
        store.write((tx) => {
          tx.putScore(id, score('e1', 'r1', 2, 29));
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await store.readWithScores()).scores).toEqual([{ ...score('e1', 'r1', 1, 20), stale: true, staleReason: 'changed' }]);
    });

    test('idempotency keys: found by account and key once committed, kept across a reopen', async () => {
      const record = { accountId: 'a1', key: 'key-00000001', fingerprint: 'f', status: 200, body: { ok: true }, at: AT };
      expect(await store.idempotency('a1', 'key-00000001')).toBeUndefined();
      await store.write((tx) => tx.addIdempotency(record));
      expect(await store.idempotency('a1', 'key-00000001')).toEqual(record);
      expect(await store.idempotency('a2', 'key-00000001')).toBeUndefined();
      store = await under.reopen(store);
      expect(await store.idempotency('a1', 'key-00000001')).toEqual(record);
    });

    test('accounts are put whole (with their unit’s id); a revocation is seen at once and after a reopen', async () => {
      const account = { id: 'acc-1', role: 'officer' as const, unit: 'Phường 1', unitId: '27139', name: 'Cán bộ Phường 1', tokenHash: 'a'.repeat(64), createdAt: AT };
      await store.write((tx) => tx.putAccount(account));
      await store.write((tx) => tx.putAccount({ ...account, revokedAt: AT }));
      expect((await store.read()).accounts.find((a) => a.id === 'acc-1')?.revokedAt).toBe(AT);
      store = await under.reopen(store);
      expect((await store.read()).accounts.filter((a) => a.id === 'acc-1')).toEqual([{ ...account, revokedAt: AT }]);
    });

    test('rounds: a new one, its settings changed, made active; the old one kept with its data', async () => {
      const first = (await store.read()).round.id;
      await store.write((tx) => tx.addSubmission(first, submission('Phường 1', 1, ['Một cửa'])));
      const next = { ...ROUND, id: 'quan-3-2025', name: 'Đợt năm 2025', year: 2025 };
      await store.write((tx) => tx.putRound(next));
      await store.write((tx) => tx.putRound({ ...next, name: 'Đợt năm 2025 (sửa)' }));
      await store.write((tx) => tx.activateRound(next.id));
      await store.write((tx) => tx.putExtension(next.id, 'Phường 2', '2025-12-01T00:00:00Z'));
      await store.write((tx) => tx.putRefusal(next.id, { unit: 'Phường 2', at: AT, by: 'x', errors: 1, reason: 'Thiếu tên' }));
      await store.write((tx) => tx.putRefusal(next.id, { unit: 'Phường 2', at: AT, by: 'x', errors: 2, reason: 'Thiếu lĩnh vực' }));
      store = await under.reopen(store);
      // The kept round's counts are known before its data is read (the list of rounds shows them).
      expect((await store.read()).rounds.map((r) => [r.round.id, roundCounts(r)])).toEqual([[first, { reports: 1, scores: 0 }]]);
      const data = await store.read(first);
      expect(data.round).toMatchObject({ id: 'quan-3-2025', name: 'Đợt năm 2025 (sửa)' });
      expect(data.extensions).toEqual({ 'Phường 2': '2025-12-01T00:00:00Z' });
      expect(data.refusals.map((r) => r.reason)).toEqual(['Thiếu lĩnh vực']);
      expect(data.rounds.map((r) => [r.round.id, r.submissions.length])).toEqual([[first, 1]]);
    });

    test("the audit log only grows, in commit order", async () => {
      for (const action of ['one', 'two', 'three']) await store.write((tx) => tx.addAudit({ at: AT, actor: 'x', action, target: 't', before: null, after: null }));
      store = await under.reopen(store);
      expect((await store.audit({ limit: 10 })).map((a) => a.action)).toEqual(['one', 'two', 'three']);
      expect((await store.history()).audit.map((a) => a.action)).toEqual(['one', 'two', 'three']);
    });

    test('the audit log read through the store: the last records that match, in commit order, however far back they are', async () => {
      // 2,500 records, two actors; target t7 only among the first hundred: the newest pages hold none of them.
      await store.write((tx) => {
        for (let n = 0; n < 2_500; n++) tx.addAudit({ at: AT, actor: n % 2 === 0 ? 'even' : 'odd', action: `a${n}`, target: n < 100 && n % 10 === 7 ? 't7' : 't', before: null, after: { n } });
      });
      const actions = (records: ReadonlyArray<{ action: string }>) => records.map((r) => r.action);
      expect(actions(await store.audit({ limit: 3 }))).toEqual(['a2497', 'a2498', 'a2499']);
      expect(actions(await store.audit({ limit: 2, actor: 'odd' }))).toEqual(['a2497', 'a2499']);
      expect(actions(await store.audit({ limit: 3, matches: (r) => r.target === 't7' }))).toEqual(['a77', 'a87', 'a97']);
      expect(actions(await store.audit({ limit: 100, actor: 'odd', matches: (r) => r.target === 't7' }))).toEqual(['a7', 'a17', 'a27', 'a37', 'a47', 'a57', 'a67', 'a77', 'a87', 'a97']);
      expect(await store.audit({ limit: 5, actor: 'nobody' })).toEqual([]);
      expect((await store.audit({ limit: 10_000 })).length).toBe(2_500);
    });

    test("a round's content version changes with its reports and scores, not with an account's last use or the audit log", async () => {
      const id = (await store.read()).round.id;
      const v0 = store.contentVersion(id);
      await store.write((tx) => tx.addAudit({ at: AT, actor: 'x', action: 'one', target: 't', before: null, after: null }));
      await store.write((tx) => tx.putAccount({ id: 'acc-1', role: 'reviewer', name: 'Giám khảo', tokenHash: 'b'.repeat(64), createdAt: AT, lastUsedAt: AT }));
      expect(store.contentVersion(id)).toBe(v0);
      await store.write((tx) => tx.putScore(id, score('e1', 'r1', 1, 20)));
      const v1 = store.contentVersion(id);
      expect(v1).not.toBe(v0);
      await store.write((tx) => tx.addSubmission(id, submission('Phường 1', 1, ['Một cửa'])));
      expect(store.contentVersion(id)).not.toBe(v1);
      // Another round's report moves this round's content version (its summary compares with every year), not its own.
      const own = store.ownContentVersion(id);
      const other = { ...(await store.read()).round, id: 'dot-khac', year: 2030 };
      await store.write((tx) => tx.putRound(other));
      const v2 = store.contentVersion(id);
      await store.write((tx) => tx.addSubmission('dot-khac', submission('Phường 1', 1, ['Sổ tay'])));
      expect(store.contentVersion(id)).not.toBe(v2);
      expect(store.ownContentVersion(id)).toBe(own);
      await store.write((tx) => tx.putScore(id, score('e1', 'r1', 2, 21)));
      expect(store.ownContentVersion(id)).not.toBe(own);
    });

    test('an upload is kept once a report names it, and taken away when its use fails', async () => {
      const id = (await store.read()).round.id;
      const kept = Buffer.from('một sổ tính được gửi');
      const name = await store.withUpload(kept, async (file) => {
        await store.write((tx) => tx.addSubmission(id, { ...submission('Phường 1', 1, ['Một cửa']), source: 'xlsx', file }));
        return file;
      });
      const refused = Buffer.from('một sổ tính bị từ chối');
      let refusedName = '';
      await expect(
        store.withUpload(refused, async (file) => {
          refusedName = file;
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      store = await under.reopen(store);
      expect(await store.upload(name)).toEqual(kept);
      expect(await store.upload(refusedName)).toBeUndefined();
      expect((await store.read()).submissions[0]?.file).toBe(name);
    });

    test('200 concurrent writers: every acknowledged change is there once', async () => {
      const id = (await store.read()).round.id;
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.write((tx) => tx.putScore(id, score(`e${i}`, 'r1', 1, i % 30)))));
      store = await under.reopen(store);
      const scores = (await store.readWithScores()).scores;
      expect(scores).toHaveLength(200);
      expect(new Set(scores.map((s) => s.entryId)).size).toBe(200);
    });
  });
}
