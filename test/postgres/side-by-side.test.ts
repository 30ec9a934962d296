/**
 * Commits of several processes side by side (issue #31): no lock for all writes, each commit
 * locking what it writes and what its rules read (server/store/postgres/locks.ts), and processes
 * catching up on the rows of transactions they have not seen, whatever order those commit in
 * (server/store/postgres/committed.ts). Each store here stands for a server process; a plain SQL
 * connection plays a transaction of another process held open at the moment that matters.
 */
import { Client } from 'pg';
import type { Score } from '../../server/store';
import { addLocks, addReadLocks, emptyLocks, lockStatement } from '../../server/store/postgres/locks';
import { writeChange } from '../../server/store/postgres/written';
import { visibleIn } from '../../server/store/postgres/committed';
import type { Change } from '../../server/store/changes';
import { useOneDatabase, usePostgresCluster } from '../helpers/postgres-cluster';

jest.setTimeout(120_000);

const AT = '2024-08-21T03:00:00.000Z';
const score = (entryId: string, reviewerId: string, version: number, unit = 'Phường 1'): Score => ({
  id: `${entryId}|${reviewerId}`,
  entryId,
  reviewerId,
  unit,
  points: { tinhMoi: 20, hieuQua: 20, nhanRong: 10, khaThi: version },
  comment: '',
  version,
  updatedAt: AT,
  entryFingerprint: 'f',
  stale: false,
});

/** Polls `check` until it holds: waits for a condition, never for a time. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
}

describe('PostgreSQL: commits side by side', () => {
  const db = useOneDatabase(usePostgresCluster('side').newDatabase);
  /** A process holding the active round's scores, as one serving summaries does: these tests follow others' commits into what it holds (write-rules.test.ts writes through processes that hold none). */
  const open = async () => {
    const store = await db.open();
    await store.readWithScores();
    return store;
  };

  test("a commit waiting for one entry's lock holds up no other process's scores; once the lock is free it commits on the state the holder left", async () => {
    const [waiting, other] = [await open(), await open()];
    const id = (await waiting.read()).round.id;
    // Another process's transaction holds what a score of (e1, r1) locks, mid-commit.
    const held: Change = { kind: 'score', roundId: id, score: score('e1', 'r1', 1) };
    const locks = emptyLocks();
    addLocks(locks, held);
    await db.sql.query('BEGIN');
    await db.sql.query(lockStatement(locks));

    let settled = false;
    const bump = waiting
      .write((tx) => {
        const before = tx.score(id, 'e1', 'r1');
        tx.putScore(id, score('e1', 'r1', (before?.version ?? 0) + 1));
      })
      .finally(() => (settled = true));
    await until(async () => (await db.sql.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount === 1);
    // Meanwhile another process scores other entries of the same unit, and the same entry for another reviewer.
    await other.write((tx) => tx.putScore(id, score('e2', 'r1', 1)));
    await other.write((tx) => tx.putScore(id, score('e1', 'r2', 1)));
    expect(settled).toBe(false);

    // The holder writes its score and commits: the waiting change reads it and builds on it.
    await writeChange(db.sql, held);
    await db.sql.query('COMMIT');
    await bump;
    const seen = (await other.read()).scores.map((s) => `${s.entryId}/${s.reviewerId}@${s.version}`).sort();
    expect(seen).toEqual(['e1/r1@2', 'e1/r2@1', 'e2/r1@1']);
    expect((await waiting.read()).scores.map((s) => `${s.entryId}/${s.reviewerId}@${s.version}`).sort()).toEqual(seen);
  });

  test("a report sent again while another process scores its unit commits in one run, and marks that process's new score stale too", async () => {
    const [sender, scorer] = [await open(), await open()];
    const id = (await sender.read()).round.id;
    await scorer.write((tx) => tx.putScore(id, score('e1', 'r1', 1)));
    await sender.read(); // the sender knows the first score, not the one still to come
    // Another process's score of the same unit, mid-commit: it holds the score and its unit (shared).
    const racing: Change = { kind: 'score', roundId: id, score: score('e2', 'r2', 1) };
    const locks = emptyLocks();
    addLocks(locks, racing);
    await db.sql.query('BEGIN');
    await db.sql.query(lockStatement(locks));
    // The report sent again marks the unit's scores stale, as the submissions route does.
    const resent = sender.write((tx) => {
      tx.addSubmission(id, { unit: 'Phường 1', version: 2, submittedAt: AT, by: 'o1', source: 'json', entries: [], issues: [] });
      for (const s of tx.scoresOfUnit(id, 'Phường 1')) tx.putScore(id, { ...s, stale: true, staleReason: 'withdrawn' });
    });
    await until(async () => (await db.sql.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount === 1);
    await writeChange(db.sql, racing);
    await db.sql.query('COMMIT');
    await resent;
    // The score it saw only once its unit was locked is its unit's to mark: no second run, which reviewers scoring elsewhere could make fail.
    expect(sender.runsAgain).toBe(0);
    expect((await scorer.read()).scores.map((s) => `${s.entryId}/${s.reviewerId}:${s.staleReason ?? 'current'}`).sort()).toEqual(['e1/r1:withdrawn', 'e2/r2:withdrawn']);
  });

  test('a process holding no scores: a change that looks up a score its first run did not is run again with it, read under its lock as another process left it', async () => {
    const [writer, other] = [await db.open(), await db.open()];
    const id = (await writer.read()).round.id;
    await other.write((tx) => tx.putScore(id, score('e1', 'r1', 1)));
    // Which score the change looks up depends on an extension, which another process grants while the change waits for e1's lock.
    const held = emptyLocks();
    addReadLocks(held, { keys: [], scores: [[id, 'e1', 'r1']], units: [] });
    await db.sql.query('BEGIN');
    await db.sql.query(lockStatement(held));
    const read = writer.write((tx) => {
      const looked = tx.data.extensions['Phường 9'] ? tx.score(id, 'e2', 'r2') : tx.score(id, 'e1', 'r1');
      return looked ? `${looked.entryId}@${looked.version}` : null;
    });
    await until(async () => (await db.sql.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount === 1);
    await other.write((tx) => {
      tx.putExtension(id, 'Phường 9', AT);
      tx.putScore(id, score('e2', 'r2', 3));
    });
    await db.sql.query('COMMIT');
    expect(await read).toBe('e2@3');
    expect(writer.runsAgain).toBe(1);
    expect(writer.holdsActiveScores).toBe(false);
  });

  test('a transaction that started before others and commits after them is still caught up', async () => {
    const [reader, writer] = [await open(), await open()];
    const id = (await reader.read()).round.id;
    // An early transaction takes its number, then stays open.
    await db.sql.query('BEGIN');
    await db.sql.query('SELECT pg_current_xact_id()');
    await writer.write((tx) => tx.putScore(id, score('later', 'r1', 1)));
    expect((await reader.read()).scores.map((s) => s.entryId)).toEqual(['later']);
    // It commits now, numbered below the commit the reader has already seen.
    await writeChange(db.sql, { kind: 'score', roundId: id, score: score('earlier', 'r1', 1) });
    await db.sql.query('COMMIT');
    expect((await reader.read()).scores.map((s) => s.entryId).sort()).toEqual(['earlier', 'later']);
    // And read once: a third look adds nothing twice.
    await writer.write((tx) => tx.putScore(id, score('last', 'r1', 1)));
    expect((await reader.read()).scores.map((s) => s.entryId).sort()).toEqual(['earlier', 'last', 'later']);
  });

  test('commits caught up together are applied in transaction order, also where the numbers gain a digit', async () => {
    const [reader, writer] = [await open(), await open()];
    await reader.read();
    // Transaction numbers up to just below the next power of ten: the next two commits straddle it (…99, …100).
    const next = async () => BigInt((await db.sql.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x);
    let at = await next();
    const edge = 10n ** BigInt(at.toString().length);
    while (at < edge - 2n) at = await next();
    // The same account named twice: applied out of order, the first name would stay.
    const account = { id: 'acc-1', role: 'officer' as const, unit: 'Phường 1', name: 'một', tokenHash: 'c'.repeat(64), createdAt: AT };
    for (const name of ['một', 'hai']) await writer.write((tx) => tx.putAccount({ ...account, name }));
    expect((await reader.read()).accounts.find((a) => a.id === 'acc-1')?.name).toBe('hai');
  });

  test("a batch's rows go in a statement per kind, and another process reads them back as they were made", async () => {
    const [writer, reader] = [await open(), await open()];
    const id = (await writer.read()).round.id;
    const keys = [
      { accountId: 'r1', key: 'k-co-noi-dung', fingerprint: 'f', status: 200, body: { ok: true }, at: AT },
      { accountId: 'r1', key: 'k-null', fingerprint: 'f', status: 200, body: null, at: AT },
    ];
    // Queued together, so committed in one batch: the same score twice, an answer kept with a body and one whose body is null, audit records in order.
    await Promise.all([
      writer.write((tx) => tx.putScore(id, score('e1', 'r1', 1))),
      writer.write((tx) => tx.putScore(id, score('e1', 'r1', 2))),
      writer.write((tx) => tx.putScore(id, score('e2', 'r1', 1, 'Phường 2'))),
      ...keys.map((record) => writer.write((tx) => tx.addIdempotency(record))),
      ...['một', 'hai', 'ba'].map((action) => writer.write((tx) => tx.addAudit({ at: AT, actor: 'x', action, target: 't', before: action === 'hai' ? null : { action }, after: action === 'ba' ? null : { action } }))),
    ]);
    expect(writer.commits).toBe(1);
    const seen = await reader.read();
    expect(seen.scores.map((s) => `${s.entryId}@${s.version}`).sort()).toEqual(['e1@2', 'e2@1']);
    // The answers and the audit log from their tables (neither process holds them).
    expect(await reader.idempotency('r1', 'k-co-noi-dung')).toEqual(keys[0]);
    expect(await reader.idempotency('r1', 'k-null')).toEqual(keys[1]);
    const history = await reader.history();
    expect(history.idempotency).toEqual(keys);
    expect(history.audit).toEqual(await writer.audit({ limit: 10 }));
    expect(history.audit.map((r) => [r.action, r.before, r.after])).toEqual([
      ['một', { action: 'một' }, { action: 'một' }],
      ['hai', null, { action: 'hai' }],
      ['ba', { action: 'ba' }, null],
    ]);
  });

  test("a read that arrives while a batch waits to commit is answered from that batch's look at the others' commits, which it includes", async () => {
    const [a, b] = [await open(), await open()];
    const id = (await b.read()).round.id;
    const account = { id: 'acc-1', role: 'officer' as const, unit: 'Phường 1', name: 'Cán bộ', tokenHash: 'c'.repeat(64), createdAt: AT };
    await a.write((tx) => tx.putAccount({ ...account, revokedAt: AT }));
    // Called together: the read waits for the write's batch, whose look at the database comes after a's commit.
    const [, seen] = await Promise.all([b.write((tx) => tx.putScore(id, score('e1', 'r1', 1))), b.read()]);
    expect(seen.accounts.find((x) => x.id === 'acc-1')?.revokedAt).toBe(AT);
    expect(seen.scores.map((s) => s.entryId)).toEqual(['e1']);
  });

  test('a transaction left open on the database holds back what is known to be finished, and the commits after it are still applied once each', async () => {
    const reader = await open();
    await reader.read();
    await db.sql.query('BEGIN');
    await db.sql.query('SELECT pg_current_xact_id()');
    // 1,100 commits after it, each its own transaction: more than a look names as already held.
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      const round = (await reader.read()).round.id;
      for (let n = 0; n < 1100; n++) await other.query('INSERT INTO phuluc_extensions (round_id, unit, until) VALUES ($1, $2, $3)', [round, `Phường ${n}`, AT]);
    } finally {
      await other.end();
    }
    const extended = async () => Object.keys((await reader.read()).extensions).length;
    expect(await extended()).toBe(1100);
    expect(await extended()).toBe(1100);
    await db.sql.query('COMMIT');
    expect(await extended()).toBe(1100);
  });

  test('a process starting while a transaction is left open holds the scores committed after it as seen: its next look applies none again', async () => {
    const writer = await open();
    const id = (await writer.read()).round.id;
    await writer.write((tx) => tx.putScore(id, score('before', 'r1', 1)));
    await db.sql.query('BEGIN');
    await db.sql.query('SELECT pg_current_xact_id()');
    try {
      // Committed after the open transaction began: above the start's horizon, so a look would read them again unless held.
      await writer.write((tx) => tx.putScore(id, score('after', 'r1', 1)));
      await writer.write((tx) => tx.putScore(id, score('after', 'r2', 1)));
      const starting = await open();
      const version = starting.ownContentVersion(id);
      expect((await starting.read()).scores.map((s) => `${s.entryId}|${s.reviewerId}`)).toEqual(['before|r1', 'after|r1', 'after|r2']);
      expect(starting.ownContentVersion(id)).toBe(version);
      await writer.write((tx) => tx.putScore(id, score('later', 'r3', 1)));
      expect((await starting.read()).scores).toHaveLength(4);
      expect(starting.ownContentVersion(id)).not.toBe(version);
    } finally {
      await db.sql.query('COMMIT');
    }
  });

  test("after its own commit a process's next read still sees another's commit, and one that was running during its own", async () => {
    const [a, b] = [await open(), await open()];
    const id = (await a.read()).round.id;
    await a.write((tx) => tx.putScore(id, score('a1', 'r1', 1)));
    await b.write((tx) => tx.putScore(id, score('b1', 'r2', 1)));
    expect((await a.read()).scores.map((s) => s.entryId).sort()).toEqual(['a1', 'b1']);
    // A transaction running while a commits, ending after it.
    await db.sql.query('BEGIN');
    await db.sql.query('SELECT pg_current_xact_id()');
    await a.write((tx) => tx.putScore(id, score('a2', 'r1', 1)));
    expect((await a.read()).scores).toHaveLength(3);
    await writeChange(db.sql, { kind: 'score', roundId: id, score: score('during', 'r3', 1) });
    await db.sql.query('COMMIT');
    expect((await a.read()).scores.map((s) => s.entryId).sort()).toEqual(['a1', 'a2', 'b1', 'during']);
  });

  test('a commit made by another process while this one committed is read, not taken for seen', async () => {
    const [a, b] = [await open(), await open()];
    const id = (await a.read()).round.id;
    await a.write((tx) => tx.putScore(id, score('e1', 'r1', 1)));
    // a's next commit, past its look at the database, waits for the score's row, held by another transaction.
    await db.sql.query('BEGIN');
    await db.sql.query("SELECT 1 FROM phuluc_scores WHERE entry_id = 'e1' FOR UPDATE");
    const second = a.write((tx) => tx.putScore(id, score('e1', 'r1', 2)));
    await until(async () => (await db.sql.query("SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted")).rowCount === 1);
    await b.write((tx) => tx.putScore(id, score('e2', 'r2', 1)));
    await db.sql.query('COMMIT');
    await second;
    expect((await a.read()).scores.map((s) => `${s.entryId}@${s.version}`).sort()).toEqual(['e1@2', 'e2@1']);
  });

  test("whether a snapshot saw a transaction's rows is answered as PostgreSQL answers it, with a transaction running in it", async () => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      const xid = async (client: Client) => BigInt((await client.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x')).rows[0]!.x);
      const done = await xid(db.sql); // ended at once (no transaction: the statement's own)
      await other.query('BEGIN');
      const running = await xid(other);
      const after = await xid(db.sql);
      const snapshot = (await db.sql.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s')).rows[0]!.s;
      await other.query('COMMIT');
      const later = await xid(db.sql);
      for (const x of [1n, done, running, after, later, later + 5n]) {
        const { rows } = await db.sql.query<{ v: boolean }>('SELECT pg_visible_in_snapshot($1::xid8, $2::pg_snapshot) AS v', [x.toString(), snapshot]);
        expect([x, visibleIn(snapshot, x)]).toEqual([x, rows[0]!.v]);
      }
      expect([visibleIn(snapshot, running), visibleIn(snapshot, after)]).toEqual([false, true]);
    } finally {
      await other.end();
    }
  });
});
