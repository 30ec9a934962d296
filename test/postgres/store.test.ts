/**
 * The PostgreSQL store on a real PostgreSQL (a cluster of its own in a temp folder): the contract
 * every store keeps, then what is PostgreSQL's own: the tables' constraints, migrations, and
 * several stores (as several server processes would) on one database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { demoRound, type Round } from '../../core/rounds/round';
import request from 'supertest';
import { openPostgresStore, StoreLoadError, StoreReadError, type PostgresStore, type Store } from '../../server/store';
import { auth, entries, POINTS, testServer } from '../helpers/server';
import { MIGRATIONS } from '../../server/store/postgres/migrations';
import { useOneDatabase, usePostgresCluster } from '../helpers/postgres-cluster';
import { describeStoreContract } from '../server/store-contract';
import { AT, scoreRecord } from '../helpers/score';

jest.setTimeout(120_000);

const score = scoreRecord;

describe('PostgreSQL store', () => {
  const postgres = usePostgresCluster('phuluc');
  const { newDatabase } = postgres;

  describeStoreContract('PostgreSQL', () => {
    let url = '';
    return {
      fresh: async () => openPostgresStore((url = await newDatabase())),
      reopen: async (store) => {
        await store.close();
        return openPostgresStore(url);
      },
    };
  });

  describe('on one database', () => {
    const db = useOneDatabase(newDatabase);
    const { open, opened } = db;

    test('the data is in tables with their constraints, and the audit log refuses changes', async () => {
      const store = await open();
      const id = (await store.read()).round.id;
      await store.write((tx) => {
        tx.putScore(id, score('e1', 'r1', 1));
        tx.addAudit({ at: AT, actor: 'x', action: 'score', target: 'e1', before: null, after: { v: 1 } });
      });
      const { rows } = await db.sql.query('SELECT entry_id, reviewer_id, version, points FROM phuluc_scores');
      expect(rows).toEqual([{ entry_id: 'e1', reviewer_id: 'r1', version: 1, points: { tinhMoi: 20, hieuQua: 20, nhanRong: 10, khaThi: 10 } }]);
      await expect(
        db.sql.query(`INSERT INTO phuluc_scores (round_id, entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale)
                   VALUES ($1, 'e1', 'r1', 'x', 'u', '{}', '', 1, '', '', false)`, [id]),
      ).rejects.toThrow(/duplicate key/);
      await expect(db.sql.query(`UPDATE phuluc_scores SET version = 0`)).rejects.toThrow(/check constraint/);
      await expect(db.sql.query(`UPDATE phuluc_audit SET actor = 'y'`)).rejects.toThrow(/chỉ được thêm/);
      await expect(db.sql.query('DELETE FROM phuluc_audit')).rejects.toThrow(/chỉ được thêm/);
      await expect(db.sql.query('TRUNCATE phuluc_audit')).rejects.toThrow(/chỉ được thêm/);
      await expect(db.sql.query(`INSERT INTO phuluc_submissions (round_id, unit, version, submitted_at, submitted_by, source, file, entries, issues)
                   VALUES ($1, 'Phường 1', 1, '', '', 'xlsx', '${'0'.repeat(64)}.xlsx', '[]', '[]')`, [id])).rejects.toThrow(/foreign key/);
    });

    test("a process starts without the active round's scores and reads a round of 25,000 whole when asked: every one, as written, in the order written, an update where it was", async () => {
      const store = await open();
      const id = (await store.read()).round.id;
      const scores = Array.from({ length: 25_000 }, (_, n) => ({ ...score(`e${n % 2500}`, `r${Math.floor(n / 2500)}`, 1), comment: n % 7 === 0 ? `Ghi chú ${n}` : '', ...(n % 11 === 0 ? { stale: true, staleReason: 'changed' as const } : {}) }));
      // 2,000 a write: more locks than one SELECT may take (1,664), fewer than the lock table holds.
      for (let at = 0; at < scores.length; at += 2000) await store.write((tx) => scores.slice(at, at + 2000).forEach((s) => tx.putScore(id, s)));
      await store.write((tx) => tx.putScore(id, { ...score('e5', 'r0', 2), comment: 'sửa lại' }));
      const reopened = await open();
      expect(reopened.holdsActiveScores).toBe(false);
      expect((await reopened.read()).scores).toEqual([]);
      expect((await reopened.readWithScores()).scores).toHaveLength(25_000);
      expect(reopened.holdsActiveScores).toBe(true);
      expect(reopened.data.scores).toEqual((await store.readWithScores()).scores);
      expect(reopened.data.scores[5]).toMatchObject({ entryId: 'e5', reviewerId: 'r0', version: 2, comment: 'sửa lại' });
    });

    test('a process checks each score it reads: one changed by hand into what Phụ lục never writes fails the read with a message, not a round with a broken score', async () => {
      const store = await open();
      const id = (await store.read()).round.id;
      await store.write((tx) => ['r1', 'r2', 'r3'].forEach((r) => tx.putScore(id, score('e1', r, 1))));
      // The table's own constraints let both through: points an object, the fields of their types.
      for (const damage of [`points = '{"tinhMoi": "hai mươi"}'`, `points = '{"tinhMoi": 20, "hieuQua": null}'`, `stale = true, stale_reason = NULL, version = 2147483647, updated_at = ''`]) {
        await db.sql.query(`UPDATE phuluc_scores SET ${damage} WHERE reviewer_id = 'r2'`);
        if (damage.startsWith('stale')) {
          // A score stale with no reason is one Phụ lục could have written: read as it is.
          const reopened = await open();
          await reopened.readWithScores();
          expect(reopened.data.scores.find((s) => s.reviewerId === 'r2')).toMatchObject({ stale: true, version: 2147483647, updatedAt: '' });
          expect(reopened.data.scores.find((s) => s.reviewerId === 'r2')).not.toHaveProperty('staleReason');
          continue;
        }
        const reopened = await open();
        const failed = reopened.readWithScores();
        await expect(failed).rejects.toThrow(StoreReadError);
        await expect(failed).rejects.toThrow(/^Không đọc được điểm của đợt /);
        await expect(failed).rejects.not.toThrow(/ at .*\.ts:\d+/);
        // Nothing of it is held: the next read tries again.
        expect(reopened.holdsActiveScores).toBe(false);
        expect(reopened.data.scores).toEqual([]);
        await db.sql.query(`UPDATE phuluc_scores SET points = '{"tinhMoi": 20}' WHERE reviewer_id = 'r2'`);
      }
    });

    test('processes that only write never hold the active round scores: a score builds on the version in the table, a report marks stale what another process scored', async () => {
      const [a, b] = [await open(), await open()];
      const id = (await a.read()).round.id;
      await a.write((tx) => ['r1', 'r2'].forEach((r) => tx.putScore(id, score('e1', r, 1))));
      await a.write((tx) => tx.putScore(id, { ...score('e2', 'r1', 1), unit: 'Phường 2' }));
      // Read and built on inside b's commit: the version a gave, not what b holds (nothing).
      const bumped = await b.write((tx) => {
        const before = tx.score(id, 'e1', 'r1')?.version ?? 0;
        tx.putScore(id, { ...score('e1', 'r1', before + 1), comment: 'sửa ở máy khác' });
        return before;
      });
      expect(bumped).toBe(1);
      // A report sent again through b marks Phường 1's scores (given through a) stale, and only those.
      const marked = await b.write((tx) => {
        tx.addSubmission(id, { unit: 'Phường 1', version: 1, submittedAt: AT, by: 'o1', source: 'json', entries: [], issues: [] });
        const own = tx.scoresOfUnit(id, 'Phường 1');
        for (const s of own) tx.putScore(id, { ...s, stale: true, staleReason: 'withdrawn' });
        return own.map((s) => `${s.entryId}/${s.reviewerId}@${s.version}`).sort();
      });
      expect(marked).toEqual(['e1/r1@2', 'e1/r2@1']);
      for (const store of [a, b]) expect(store.holdsActiveScores).toBe(false);
      expect(b.data.scores).toEqual([]);
      const held = (await (await open()).readWithScores()).scores.map((s) => `${s.entryId}/${s.reviewerId}@${s.version}:${s.staleReason ?? 'current'}`);
      expect(held).toEqual(['e1/r1@2:withdrawn', 'e1/r2@1:withdrawn', 'e2/r1@1:current']);
    });

    test('an activation keeps the round it swaps out with its scores, on the process that made it and on one that did not hold them', async () => {
      const [a, b] = [await open(), await open()];
      const first = (await a.read()).round.id;
      await a.write((tx) => ['r1', 'r2', 'r3'].forEach((r) => tx.putScore(first, score('e1', r, 1))));
      await b.read();
      const next = { ...demoRound(new Date('2025-08-20T03:00:00Z')), id: 'quan-3-2025', name: 'Đợt năm 2025' };
      await a.write((tx) => {
        tx.putRound(next);
        tx.activateRound(next.id);
      });
      for (const store of [a, b]) {
        const data = await store.read();
        expect(data.round.id).toBe(next.id);
        const kept = data.rounds.find((r) => r.round.id === first)!;
        expect(kept.scores.map((s) => s.reviewerId).sort()).toEqual(['r1', 'r2', 'r3']);
      }
      // And back: the round made active again comes with its scores.
      await b.write((tx) => tx.activateRound(first));
      expect((await a.read()).scores).toHaveLength(3);
    });

    test('migrations run once, also when servers start together; a newer schema is refused', async () => {
      await Promise.all([open(), open(), open()]);
      const { rows } = await db.sql.query('SELECT version FROM phuluc_schema ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await db.sql.query('SELECT count(*)::int AS n FROM phuluc_rounds')).rows[0].n).toBe(1);
      await db.sql.query('INSERT INTO phuluc_schema (version) VALUES (999)');
      await expect(openPostgresStore(db.url)).rejects.toThrow(StoreLoadError);
      await expect(openPostgresStore(db.url)).rejects.toThrow(/phiên bản 999.*cập nhật Phụ lục/);
    });

    test('a database of the schema before commits without one order (version 2) is brought up to date with its records, and servers on it write side by side', async () => {
      // The database as the version before this one left it: rows stamped with the head's commit numbers.
      await db.sql.query('CREATE TABLE phuluc_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
        await db.sql.query(m.sql);
        await db.sql.query('INSERT INTO phuluc_schema (version) VALUES ($1)', [m.version]);
      }
      const round = demoRound(new Date('2024-08-20T03:00:00Z'));
      await db.sql.query('INSERT INTO phuluc_rounds (id, settings, seq) VALUES ($1, $2, 1)', [round.id, JSON.stringify(round)]);
      await db.sql.query('INSERT INTO phuluc_head (seq, active_round) VALUES (2, $1)', [round.id]);
      await db.sql.query(
        `INSERT INTO phuluc_scores (round_id, entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale, seq)
         VALUES ($1, 'e1', 'r1', 'e1|r1', 'Phường 1', '{"tinhMoi": 20}', '', 1, $2, 'f', false, 2)`,
        [round.id, AT],
      );
      const [a, b] = [await open(), await open()];
      expect((await a.readWithScores()).scores.map((s) => [s.entryId, s.version])).toEqual([['e1', 1]]);
      const { rows } = await db.sql.query('SELECT version FROM phuluc_schema ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await a.write((tx) => tx.putScore(round.id, { ...score('e1', 'r1', 2), unit: 'Phường 1' }));
      await b.write((tx) => tx.putScore(round.id, score('e2', 'r1', 1)));
      for (const store of [a, b]) expect((await store.readWithScores()).scores.map((s) => [s.entryId, s.version]).sort()).toEqual([['e1', 2], ['e2', 1]]);
    });

    test('a database that is not there, or a server that is not running, is said in Vietnamese', async () => {
      await expect(openPostgresStore(postgres.cluster.url('khong_co'))).rejects.toThrow(/Không mở được cơ sở dữ liệu PostgreSQL: chưa có cơ sở dữ liệu này \(tạo bằng: createdb/);
      const stopped = new URL(db.url);
      stopped.port = '1';
      await expect(openPostgresStore(stopped.toString())).rejects.toThrow(/không kết nối được \(máy chủ cơ sở dữ liệu chưa chạy/);
    });

    test('a revocation made through one server is seen by the next read of another', async () => {
      const [a, b] = [await open(), await open()];
      const account = { id: 'acc-1', role: 'officer' as const, unit: 'Phường 1', name: 'Cán bộ', tokenHash: 'c'.repeat(64), createdAt: AT };
      await a.write((tx) => tx.putAccount(account));
      expect((await b.read()).accounts.find((x) => x.id === 'acc-1')?.revokedAt).toBeUndefined();
      await a.write((tx) => tx.putAccount({ ...account, revokedAt: AT }));
      expect((await b.read()).accounts.find((x) => x.id === 'acc-1')?.revokedAt).toBe(AT);
    });

    test('no lost update: read-and-increment through two servers at once counts every write', async () => {
      const [a, b] = [await open(), await open()];
      const id = (await a.read()).round.id;
      const versions = [a.contentVersion(id), b.contentVersion(id)];
      const bump = (store: Store) =>
        store.write((tx) => {
          const before = tx.score(id, 'e1', 'r1');
          tx.putScore(id, score('e1', 'r1', (before?.version ?? 0) + 1));
        });
      await Promise.all(Array.from({ length: 60 }, (_, i) => bump(i % 2 ? a : b)));
      expect((await a.readWithScores()).scores.map((s) => s.version)).toEqual([60]);
      expect((await b.readWithScores()).scores.map((s) => s.version)).toEqual([60]);
      // Content versions are each process's own (what it holds of the round), and both moved.
      expect(a.contentVersion(id)).not.toBe(versions[0]);
      expect(b.contentVersion(id)).not.toBe(versions[1]);
    });

    test('an Idempotency-Key committed through one server is found inside a change on another', async () => {
      const [a, b] = [await open(), await open()];
      const record = { accountId: 'a1', key: 'key-00000001', fingerprint: 'f', status: 201, body: { ok: true }, at: AT };
      await a.write((tx) => tx.addIdempotency(record));
      expect(await b.write((tx) => tx.idempotency('a1', 'key-00000001'))).toEqual(record);
      // The key is unique in the database too: a second record for it never commits.
      await expect(db.sql.query(`INSERT INTO phuluc_idempotency (account_id, key, fingerprint, status, at) VALUES ('a1', 'key-00000001', 'g', 200, '')`)).rejects.toThrow(/duplicate key/);
    });

    test('no process holds the audit log or the answers kept (two records a score, for good): each is read from its table, found by any process', async () => {
      const [a, b] = [await open(), await open()];
      const id = (await a.read()).round.id;
      // As the score route writes them: the score, its audit record, the answer kept for its key; a hundred of them, in batches.
      await Promise.all(
        Array.from({ length: 100 }, (_, n) =>
          (n % 2 ? a : b).write((tx) => {
            if (tx.idempotency(`r${n}`, `key-${n}-0000`)) return 'replay';
            tx.putScore(id, score(`e${n}`, `r${n}`, 1));
            tx.addAudit({ at: AT, actor: `r${n}`, action: 'score', target: `e${n}`, before: null, after: { version: 1 } });
            tx.addIdempotency({ accountId: `r${n}`, key: `key-${n}-0000`, fingerprint: 'f', status: 200, body: { n }, at: AT });
            return 'written';
          }),
        ),
      );
      for (const store of [a, b, await open()]) {
        const data = await store.readWithScores();
        expect(data.scores).toHaveLength(100);
        expect({ audit: data.audit.length, answers: data.idempotency.length }).toEqual({ audit: 0, answers: 0 });
        expect((await store.audit({ limit: 1000 })).map((r) => r.target).sort()).toEqual(Array.from({ length: 100 }, (_, n) => `e${n}`).sort());
        expect(await store.idempotency('r7', 'key-7-0000')).toMatchObject({ body: { n: 7 } });
      }
      // The same key again, on either process, inside a change: the answer is found (its lock held, its row read), nothing is written twice.
      expect(await Promise.all([a, b].map((s) => s.write((tx) => (tx.idempotency('r7', 'key-7-0000') ? 'replay' : 'written'))))).toEqual(['replay', 'replay']);
      const { rows } = await db.sql.query<{ n: string }>('SELECT (SELECT count(*) FROM phuluc_audit) + (SELECT count(*) FROM phuluc_idempotency) AS n');
      expect(Number(rows[0]!.n)).toBe(200);
    });

    test('the same Idempotency-Key sent to two servers at once is written once: the second waits for the first and finds its answer', async () => {
      const [a, b] = [await open(), await open()];
      const id = (await a.read()).round.id;
      const send = (store: typeof a) =>
        store.write((tx) => {
          const earlier = tx.idempotency('r1', 'key-cung-mot');
          if (earlier) return { replay: true, body: earlier.body };
          tx.putScore(id, score('e1', 'r1', (tx.score(id, 'e1', 'r1')?.version ?? 0) + 1));
          tx.addIdempotency({ accountId: 'r1', key: 'key-cung-mot', fingerprint: 'f', status: 200, body: { from: store === a ? 'a' : 'b' }, at: AT });
          return { replay: false, body: { from: store === a ? 'a' : 'b' } };
        });
      for (let trial = 0; trial < 10; trial++) {
        await db.sql.query(`DELETE FROM phuluc_idempotency WHERE key = 'key-cung-mot'`);
        const answers = await Promise.all([send(a), send(b)]);
        expect(answers.filter((x) => !x.replay)).toHaveLength(1);
        expect(answers[0]!.body).toEqual(answers[1]!.body);
      }
      // Ten first requests, each written once: the score's version counts them.
      expect((await a.readWithScores()).scores.find((s) => s.entryId === 'e1')?.version).toBe(10);
    });

    test('a new round and its activation on one server reach the other', async () => {
      const [a, b] = [await open(), await open()];
      const first = (await a.read()).round.id;
      const next = { ...demoRound(new Date('2025-08-20T03:00:00Z')), id: 'quan-3-2025', name: 'Đợt năm 2025' };
      await a.write((tx) => {
        tx.putRound(next);
        tx.activateRound(next.id);
      });
      await a.write((tx) => tx.putScore(next.id, score('e1', 'r1', 1)));
      const seen = await b.read();
      expect(seen.round.id).toBe('quan-3-2025');
      expect(seen.scores).toHaveLength(1);
      expect(seen.rounds.map((r) => r.round.id)).toEqual([first]);
    });

    test("the README's backup and restore: pg_dump, createdb, pg_restore give a database the store opens with every record", async () => {
      const store = await open();
      const id = (await store.read()).round.id;
      await store.withUpload(Buffer.from('sổ tính'), (file) =>
        store.write((tx) => {
          tx.addSubmission(id, { unit: 'Phường 1', version: 1, submittedAt: AT, by: 'o1', source: 'xlsx', file, entries: [], issues: [] });
          tx.putScore(id, score('e1', 'r1', 1));
          tx.addAudit({ at: AT, actor: 'x', action: 'score', target: 'e1', before: null, after: null });
        }),
      );
      const before = await store.readWithScores();
      const history = await store.history();
      const dump = path.join(mkdtempSync(path.join(tmpdir(), 'phuluc-dump-')), 'phuluc.dump');
      const restored = postgres.cluster.url('phuluc_restored');
      // The three commands, as README.md gives them (while the server runs).
      execFileSync(path.join(postgres.cluster.bin, 'pg_dump'), ['--format=custom', `--file=${dump}`, db.url]);
      execFileSync(path.join(postgres.cluster.bin, 'createdb'), [`--maintenance-db=${postgres.cluster.url('postgres')}`, 'phuluc_restored']);
      execFileSync(path.join(postgres.cluster.bin, 'pg_restore'), [`--dbname=${restored}`, dump]);
      const back = await openPostgresStore(restored);
      opened.push(back);
      const after = await back.readWithScores();
      expect(after.submissions).toEqual(before.submissions);
      expect(after.scores).toEqual(before.scores);
      expect(await back.history()).toEqual(history);
      expect(history.audit.map((r) => r.action)).toContain('score');
      expect(after.accounts).toEqual(before.accounts);
      expect(await back.upload(before.submissions[0]!.file!)).toEqual(Buffer.from('sổ tính'));
      // The restored audit log still refuses changes (its trigger came back with it).
      const restoredSql = new Client({ connectionString: restored });
      await restoredSql.connect();
      await expect(restoredSql.query('DELETE FROM phuluc_audit')).rejects.toThrow(/chỉ được thêm/);
      await restoredSql.end();
      rmSync(path.dirname(dump), { recursive: true, force: true });
    });

    test('a database that cannot be reached: 503 in Vietnamese for reads and writes, nothing taken for done, and both work again once it is back', async () => {
      const name = new URL(db.url).pathname.slice(1);
      const s = await testServer<PostgresStore>(undefined, { openStore: (_dir, round) => openPostgresStore(db.url, { round }) });
      opened.push(s.store);
      // A database cannot shut itself out: the cluster's own database does it.
      const dba = new Client({ connectionString: postgres.cluster.url('postgres') });
      await dba.connect();
      try {
        const sent = await request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)).send({ entries: entries('Phường 1', ['Một cửa', 'Mã QR']) }).expect(200);
        const [first, second] = sent.body.entries.map((e: { id: string }) => e.id);
        const scoreOf = (id: string) => request(s.app).put(`/api/scores/${id}`).set(auth(s.tokens.reviewer)).send({ points: POINTS });
        await dba.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await dba.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
        const me = await request(s.app).get('/api/me').set(auth(s.tokens.officer1));
        expect(me.status).toBe(503);
        expect(me.body.error.message).toContain('không đọc được dữ liệu');
        expect(JSON.stringify(me.body)).not.toMatch(/postgres|phuluc_|at \S+:\d+/);
        const list = await request(s.app).get('/api/scores').set(auth(s.tokens.reviewer));
        expect([list.status, list.body.error?.message]).toEqual([503, expect.stringContaining('không đọc được dữ liệu')]);
        const refused = await scoreOf(first);
        expect(refused.status).toBe(503);
        expect(refused.body.error.message).toContain('thử lại sau');
        await dba.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await scoreOf(second).expect(200);
        const scores = (await s.store.readWithScores()).scores.map((x) => x.entryId);
        expect(scores).toEqual([second]);
      } finally {
        await dba.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
        await dba.end();
        rmSync(s.dir, { recursive: true, force: true });
      }
    });

    test("If-Match across two servers: an edit based on a score another server has changed since is refused (412), the up-to-date one passes", async () => {
      const open = (_dir: string, round: Round) => openPostgresStore(db.url, { round });
      const a = await testServer<PostgresStore>(undefined, { openStore: open });
      const b = await testServer<PostgresStore>(undefined, { openStore: open });
      opened.push(a.store, b.store);
      try {
        const sent = await request(a.app).put('/api/submissions/Phường 1').set(auth(a.tokens.officer1)).send({ entries: entries('Phường 1', ['Một cửa']) }).expect(200);
        const id = sent.body.entries[0].id as string;
        const put = (app: typeof a.app, version: number | undefined, khaThi: number) => {
          const req = request(app).put(`/api/scores/${id}`).set(auth(a.tokens.reviewer));
          return (version === undefined ? req : req.set('If-Match', `"${version}"`)).send({ points: { ...POINTS, khaThi } });
        };
        expect((await put(a.app, undefined, 10).expect(200)).body.score.version).toBe(1);
        expect((await put(b.app, 1, 11).expect(200)).body.score.version).toBe(2);
        const stale = await put(a.app, 1, 12);
        expect(stale.status).toBe(412);
        expect((await put(a.app, 2, 13).expect(200)).body.score.version).toBe(3);
        expect((await b.store.readWithScores()).scores.map((x) => [x.version, x.points.khaThi])).toEqual([[3, 13]]);
      } finally {
        for (const s of [a, b]) rmSync(s.dir, { recursive: true, force: true });
      }
    });

    test('a batch that cannot commit is taken back whole and the store writes again after', async () => {
      const store = (await open()) as PostgresStore;
      const id = (await store.read()).round.id;
      await db.sql.query(`INSERT INTO phuluc_idempotency (account_id, key, fingerprint, status, at, xid) VALUES ('a1', 'taken', 'g', 200, '', '0')`);
      // The row was put there behind the store's back (transaction 0 is never read again): its commit hits the key.
      await expect(
        store.write((tx) => {
          tx.putScore(id, score('e1', 'r1', 1));
          tx.addIdempotency({ accountId: 'a1', key: 'taken', fingerprint: 'f', status: 200, body: null, at: AT });
        }),
      ).rejects.toThrow(/Không ghi được vào cơ sở dữ liệu/);
      expect((await store.readWithScores()).scores).toEqual([]);
      await store.write((tx) => tx.putScore(id, score('e2', 'r1', 1)));
      expect((await store.readWithScores()).scores.map((s) => s.entryId)).toEqual(['e2']);
    });
  });
});
