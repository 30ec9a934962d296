/**
 * The PostgreSQL schema, as numbered migrations applied on start (each once, in order, in its own
 * transaction, under an advisory lock so that servers starting together do not race).
 *
 * One table per kind of record, with the constraints the data obeys: one score per (round, entry,
 * reviewer), one report version per (round, unit, version), idempotency keys unique per account,
 * an upload for every report that names one. Every row carries `xid`, the transaction that last
 * wrote it, so a server catches up with what others committed by reading the rows of transactions
 * its last look did not see finished (./committed.ts). The audit log refuses UPDATE, DELETE and TRUNCATE.
 */
import type { PoolClient } from 'pg';
import { withoutTokens } from '../schema';

/** A migration: its SQL, then (in the same transaction) what it does that SQL cannot. */
export const MIGRATIONS: ReadonlyArray<{ version: number; sql: string; run?: (client: PoolClient) => Promise<void> }> = [
  {
    version: 1,
    sql: `
CREATE TABLE phuluc_rounds (
  id text PRIMARY KEY,
  settings jsonb NOT NULL CHECK (jsonb_typeof(settings) = 'object' AND settings->>'id' = id),
  seq bigint NOT NULL
);
CREATE TABLE phuluc_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL CHECK (seq >= 0),
  active_round text NOT NULL REFERENCES phuluc_rounds (id)
);
CREATE TABLE phuluc_uploads (
  name text PRIMARY KEY CHECK (name ~ '^[0-9a-f]{64}\\.xlsx$'),
  bytes bytea NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE phuluc_submissions (
  ord bigserial UNIQUE,
  round_id text NOT NULL REFERENCES phuluc_rounds (id),
  unit text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  submitted_at text NOT NULL,
  submitted_by text NOT NULL,
  source text NOT NULL CHECK (source IN ('json', 'xlsx')),
  file text REFERENCES phuluc_uploads (name),
  entries jsonb NOT NULL CHECK (jsonb_typeof(entries) = 'array'),
  issues jsonb NOT NULL CHECK (jsonb_typeof(issues) = 'array'),
  seq bigint NOT NULL,
  PRIMARY KEY (round_id, unit, version)
);
CREATE TABLE phuluc_scores (
  ord bigserial UNIQUE,
  round_id text NOT NULL REFERENCES phuluc_rounds (id),
  entry_id text NOT NULL,
  reviewer_id text NOT NULL,
  id text NOT NULL,
  unit text NOT NULL,
  points jsonb NOT NULL CHECK (jsonb_typeof(points) = 'object'),
  comment text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  updated_at text NOT NULL,
  entry_fingerprint text NOT NULL,
  stale boolean NOT NULL,
  stale_reason text CHECK (stale_reason IN ('changed', 'withdrawn')),
  seq bigint NOT NULL,
  PRIMARY KEY (round_id, entry_id, reviewer_id)
);
CREATE TABLE phuluc_refusals (
  round_id text NOT NULL REFERENCES phuluc_rounds (id),
  unit text NOT NULL,
  at text NOT NULL,
  refused_by text NOT NULL,
  errors integer NOT NULL,
  reason text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (round_id, unit)
);
CREATE TABLE phuluc_extensions (
  round_id text NOT NULL REFERENCES phuluc_rounds (id),
  unit text NOT NULL,
  until text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (round_id, unit)
);
CREATE TABLE phuluc_accounts (
  ord bigserial UNIQUE,
  id text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('admin', 'officer', 'reviewer')),
  unit text,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at text NOT NULL,
  revoked_at text,
  last_used_at text,
  seq bigint NOT NULL
);
CREATE TABLE phuluc_idempotency (
  ord bigserial UNIQUE,
  account_id text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  status integer NOT NULL,
  body jsonb,
  at text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (account_id, key)
);
CREATE TABLE phuluc_audit (
  ord bigserial PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  before jsonb,
  after jsonb,
  seq bigint NOT NULL
);
CREATE INDEX ON phuluc_rounds (seq);
CREATE INDEX ON phuluc_submissions (seq);
CREATE INDEX ON phuluc_scores (seq);
CREATE INDEX ON phuluc_refusals (seq);
CREATE INDEX ON phuluc_extensions (seq);
CREATE INDEX ON phuluc_accounts (seq);
CREATE INDEX ON phuluc_idempotency (seq);
CREATE INDEX ON phuluc_audit (seq);
CREATE FUNCTION phuluc_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'phuluc_audit chỉ được thêm, không được sửa hay xoá';
END
$$;
CREATE TRIGGER phuluc_audit_no_change BEFORE UPDATE OR DELETE ON phuluc_audit FOR EACH ROW EXECUTE FUNCTION phuluc_audit_append_only();
CREATE TRIGGER phuluc_audit_no_truncate BEFORE TRUNCATE ON phuluc_audit FOR EACH STATEMENT EXECUTE FUNCTION phuluc_audit_append_only();
`,
  },
  {
    // Units as records: an account holds its unit's stable id (an account made before has none,
    // and its unit's name gives the id its round's unit got: core/rounds/units.ts holderUnitId).
    version: 2,
    sql: `
ALTER TABLE phuluc_accounts ADD COLUMN unit_id text;
`,
  },
  {
    // Commits without one order (issue #31): each row carries the transaction that last wrote it
    // (pg_current_xact_id(), written by every INSERT and upsert), not a number from the head row,
    // whose lock every commit of every process waited for. Rows from before are older than any
    // transaction still running: '0'.
    version: 3,
    sql: [
      'ALTER TABLE phuluc_head DROP COLUMN seq;',
      ...['phuluc_rounds', 'phuluc_submissions', 'phuluc_scores', 'phuluc_refusals', 'phuluc_extensions', 'phuluc_accounts', 'phuluc_idempotency', 'phuluc_audit'].map(
        (table) => `ALTER TABLE ${table} DROP COLUMN seq, ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE ${table} ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX ON ${table} (xid);`,
      ),
    ].join('\n'),
  },
  {
    // Answers kept by a version from before tokens were left out of them lose those tokens, once.
    // Done at every start until the fifteenth session, it read every answer kept (body::text
    // against a pattern): 306,000 of them after a nation's round, a second of every start.
    version: 4,
    sql: '',
    run: purgeKeptTokens,
  },
  {
    // A round's scores read from their table a page at a time, in the order first given (GET
    // /api/scores: the whole round's for the secretariat, one reviewer's for the pane), through an
    // index, not by scanning every round's scores. IF NOT EXISTS: a test makes a database an
    // earlier version's by forgetting the versions after it.
    version: 5,
    sql: `CREATE INDEX IF NOT EXISTS phuluc_scores_by_round ON phuluc_scores (round_id, ord);
CREATE INDEX IF NOT EXISTS phuluc_scores_by_reviewer ON phuluc_scores (round_id, reviewer_id, ord);`,
  },
  {
    // A unit's scores read inside the commit of its report (which marks them stale), by index: a
    // process does not hold the active round's scores until something reads them all (issue #31).
    version: 6,
    sql: 'CREATE INDEX IF NOT EXISTS phuluc_scores_by_unit ON phuluc_scores (round_id, unit);',
  },
];

/**
 * Answers kept by an earlier version with a new account's token in them lose it (see withoutTokens),
 * all in one UPDATE, not a round trip per answer (one per account made with a key: thousands at a nation's size).
 */
async function purgeKeptTokens(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ ord: string; body: unknown }>(`SELECT ord, body FROM phuluc_idempotency WHERE body::text ~ '"pl_[A-Za-z0-9_-]{43}"'`);
  if (rows.length === 0) return;
  const cleaned = rows.map((row) => ({ ord: row.ord, body: withoutTokens(row.body).value }));
  await client.query('UPDATE phuluc_idempotency i SET body = v.body FROM jsonb_to_recordset($1::jsonb) AS v(ord bigint, body jsonb) WHERE i.ord = v.ord', [JSON.stringify(cleaned)]);
}

/** Any number: the lock servers of this product take around their migrations. */
const MIGRATION_LOCK = 0x70686c63;

/** Applies the migrations this database has not had yet; gives back the schema version. */
export async function migrate(client: PoolClient): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS phuluc_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM phuluc_schema');
    const current = rows[0]?.version ?? 0;
    const newest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > newest) {
      throw new Error(`cơ sở dữ liệu có lược đồ phiên bản ${current}, mới hơn phiên bản ${newest} mà bản Phụ lục này biết; hãy cập nhật Phụ lục`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      if (m.sql) await client.query(m.sql);
      await m.run?.(client);
      await client.query('INSERT INTO phuluc_schema (version) VALUES ($1)', [m.version]);
    }
    await client.query('COMMIT');
    return newest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
