/**
 * The store's changes as PostgreSQL rows, both ways: `writeChange` turns one change into its
 * INSERT or upsert (stamped with the commit's `seq`), `changesSince` reads the rows written after
 * a commit back as the same changes, in an order that applies cleanly (rounds before what is in
 * them, each table in the order its rows were first written), so catching up with other servers
 * and loading on start are the same replay the lowdb store does.
 */
import type { ClientBase } from 'pg';
import type { Change } from '../changes';
import type { Account, AuditRecord, IdempotencyRecord, Refusal, Score, Submission } from '../schema';

/** The head row is made with the first round; without it the tables were changed by hand. */
const NO_HEAD = 'bảng phuluc_head không có dòng nào (cơ sở dữ liệu đã bị sửa ngoài Phụ lục?)';

/** A JSON column's parameter: SQL NULL for a value that is absent (not JSON null). */
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
/** Optional fields come back absent, not as null, so a record reads back as it was written. */
function present<T extends object>(record: T): T {
  for (const [key, value] of Object.entries(record)) if (value === null || value === undefined) delete (record as Record<string, unknown>)[key];
  return record;
}

export async function writeChange(client: ClientBase, change: Change, seq: number): Promise<void> {
  switch (change.kind) {
    case 'round':
      await client.query(
        `INSERT INTO phuluc_rounds (id, settings, seq) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, seq = excluded.seq`,
        [change.round.id, json(change.round), seq],
      );
      return;
    case 'activate': {
      const { rowCount } = await client.query('UPDATE phuluc_head SET active_round = $1', [change.roundId]);
      if (rowCount !== 1) throw new Error(NO_HEAD);
      return;
    }
    case 'submission': {
      const s = change.submission;
      await client.query(
        `INSERT INTO phuluc_submissions (round_id, unit, version, submitted_at, submitted_by, source, file, entries, issues, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [change.roundId, s.unit, s.version, s.submittedAt, s.by, s.source, s.file ?? null, json(s.entries), json(s.issues), seq],
      );
      return;
    }
    case 'score': {
      const s = change.score;
      await client.query(
        `INSERT INTO phuluc_scores (round_id, entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale, stale_reason, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (round_id, entry_id, reviewer_id) DO UPDATE SET id = excluded.id, unit = excluded.unit, points = excluded.points,
           comment = excluded.comment, version = excluded.version, updated_at = excluded.updated_at,
           entry_fingerprint = excluded.entry_fingerprint, stale = excluded.stale, stale_reason = excluded.stale_reason, seq = excluded.seq`,
        [change.roundId, s.entryId, s.reviewerId, s.id, s.unit, json(s.points), s.comment, s.version, s.updatedAt, s.entryFingerprint, s.stale, s.staleReason ?? null, seq],
      );
      return;
    }
    case 'refusal': {
      const r = change.refusal;
      await client.query(
        `INSERT INTO phuluc_refusals (round_id, unit, at, refused_by, errors, reason, seq) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (round_id, unit) DO UPDATE SET at = excluded.at, refused_by = excluded.refused_by, errors = excluded.errors, reason = excluded.reason, seq = excluded.seq`,
        [change.roundId, r.unit, r.at, r.by, r.errors, r.reason, seq],
      );
      return;
    }
    case 'extension':
      await client.query(
        `INSERT INTO phuluc_extensions (round_id, unit, until, seq) VALUES ($1, $2, $3, $4)
         ON CONFLICT (round_id, unit) DO UPDATE SET until = excluded.until, seq = excluded.seq`,
        [change.roundId, change.unit, change.until, seq],
      );
      return;
    case 'account': {
      const a = change.account;
      await client.query(
        `INSERT INTO phuluc_accounts (id, role, unit, unit_id, name, token_hash, created_at, revoked_at, last_used_at, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, unit = excluded.unit, unit_id = excluded.unit_id, name = excluded.name, token_hash = excluded.token_hash,
           created_at = excluded.created_at, revoked_at = excluded.revoked_at, last_used_at = excluded.last_used_at, seq = excluded.seq`,
        [a.id, a.role, a.unit ?? null, a.unitId ?? null, a.name, a.tokenHash, a.createdAt, a.revokedAt ?? null, a.lastUsedAt ?? null, seq],
      );
      return;
    }
    case 'idempotency': {
      const r = change.record;
      await client.query(
        'INSERT INTO phuluc_idempotency (account_id, key, fingerprint, status, body, at, seq) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [r.accountId, r.key, r.fingerprint, r.status, json(r.body), r.at, seq],
      );
      return;
    }
    case 'audit': {
      const r = change.record;
      await client.query('INSERT INTO phuluc_audit (at, actor, action, target, before, after, seq) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        r.at,
        r.actor,
        r.action,
        r.target,
        json(r.before),
        json(r.after),
        seq,
      ]);
      return;
    }
  }
}

type Row = Record<string, unknown>;

/** Each table's rows as changes: in this order, so a round is there before anything in it. */
const TABLES: ReadonlyArray<{ sql: string; change: (row: Row) => Change }> = [
  { sql: 'SELECT seq, settings FROM phuluc_rounds WHERE seq > $1 ORDER BY seq, id', change: (r) => ({ kind: 'round', round: r.settings as never }) },
  {
    sql: `SELECT seq, round_id, unit, version, submitted_at, submitted_by, source, file, entries, issues FROM phuluc_submissions WHERE seq > $1 ORDER BY ord`,
    change: (r) => ({
      kind: 'submission',
      roundId: r.round_id as string,
      submission: present({
        unit: r.unit,
        version: r.version,
        submittedAt: r.submitted_at,
        by: r.submitted_by,
        source: r.source,
        file: r.file,
        entries: r.entries,
        issues: r.issues,
      }) as Submission,
    }),
  },
  {
    sql: `SELECT seq, round_id, entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale, stale_reason FROM phuluc_scores WHERE seq > $1 ORDER BY ord`,
    change: (r) => ({
      kind: 'score',
      roundId: r.round_id as string,
      score: present({
        id: r.id,
        entryId: r.entry_id,
        reviewerId: r.reviewer_id,
        unit: r.unit,
        points: r.points,
        comment: r.comment,
        version: r.version,
        updatedAt: r.updated_at,
        entryFingerprint: r.entry_fingerprint,
        stale: r.stale,
        staleReason: r.stale_reason,
      }) as Score,
    }),
  },
  {
    sql: 'SELECT seq, round_id, unit, at, refused_by, errors, reason FROM phuluc_refusals WHERE seq > $1 ORDER BY seq, unit',
    change: (r) => ({
      kind: 'refusal',
      roundId: r.round_id as string,
      refusal: { unit: r.unit, at: r.at, by: r.refused_by, errors: r.errors, reason: r.reason } as Refusal,
    }),
  },
  {
    sql: 'SELECT seq, round_id, unit, until FROM phuluc_extensions WHERE seq > $1 ORDER BY seq, unit',
    change: (r) => ({ kind: 'extension', roundId: r.round_id as string, unit: r.unit as string, until: r.until as string }),
  },
  {
    sql: 'SELECT seq, id, role, unit, unit_id, name, token_hash, created_at, revoked_at, last_used_at FROM phuluc_accounts WHERE seq > $1 ORDER BY ord',
    change: (r) => ({
      kind: 'account',
      account: present({
        id: r.id,
        role: r.role,
        unit: r.unit,
        unitId: r.unit_id,
        name: r.name,
        tokenHash: r.token_hash,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
        lastUsedAt: r.last_used_at,
      }) as Account,
    }),
  },
  {
    // body: SQL NULL when the answer had none, JSON null when it was null.
    sql: 'SELECT seq, account_id, key, fingerprint, status, body, body IS NULL AS no_body, at FROM phuluc_idempotency WHERE seq > $1 ORDER BY ord',
    change: (r) => ({
      kind: 'idempotency',
      record: {
        accountId: r.account_id,
        key: r.key,
        fingerprint: r.fingerprint,
        status: r.status,
        ...(r.no_body ? {} : { body: r.body }),
        at: r.at,
      } as IdempotencyRecord,
    }),
  },
  {
    sql: 'SELECT seq, at, actor, action, target, before, before IS NULL AS no_before, after, after IS NULL AS no_after FROM phuluc_audit WHERE seq > $1 ORDER BY ord',
    change: (r) => ({
      kind: 'audit',
      record: {
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        ...(r.no_before ? {} : { before: r.before }),
        ...(r.no_after ? {} : { after: r.after }),
      } as AuditRecord,
    }),
  },
];

/**
 * The changes committed after commit `seq` and up to the head (each with the commit that wrote
 * its row), and the head's active round and commit number. Run in one REPEATABLE READ transaction (or under the head's lock), so the rows
 * and the head are of the same moment.
 */
export async function changesSince(client: ClientBase, seq: number): Promise<{ changes: Array<{ change: Change; seq: number }>; head: number; activeRound: string }> {
  const head = await client.query<{ seq: string; active_round: string }>('SELECT seq, active_round FROM phuluc_head');
  const row = head.rows[0];
  if (!row) throw new Error(NO_HEAD);
  const changes: Array<{ change: Change; seq: number }> = [];
  for (const table of TABLES) {
    const { rows } = await client.query<Row>(table.sql, [seq]);
    for (const r of rows) changes.push({ change: table.change(r), seq: Number(r.seq) });
  }
  return { changes, head: Number(row.seq), activeRound: row.active_round };
}
