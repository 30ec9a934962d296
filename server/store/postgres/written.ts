/**
 * The store's changes as PostgreSQL rows: `writeChange` turns one change into its INSERT or upsert
 * (stamped with its transaction's id: the column's default, or set by the upsert), `writeChanges`
 * a batch's, with its scores, Idempotency-Keys and audit records in one statement each.
 * ./committed.ts reads them back.
 */
import type { ClientBase } from 'pg';
import type { Change } from '../changes';
import type { AuditRecord, IdempotencyRecord, Score } from '../schema';
import { NO_HEAD } from './committed';

/** A JSON column's parameter: SQL NULL for a value that is absent (not JSON null). */
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export async function writeChange(client: ClientBase, change: Change): Promise<void> {
  switch (change.kind) {
    case 'round':
      await client.query(
        `INSERT INTO phuluc_rounds (id, settings) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, xid = pg_current_xact_id()`,
        [change.round.id, json(change.round)],
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
        `INSERT INTO phuluc_submissions (round_id, unit, version, submitted_at, submitted_by, source, file, entries, issues)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [change.roundId, s.unit, s.version, s.submittedAt, s.by, s.source, s.file ?? null, json(s.entries), json(s.issues)],
      );
      return;
    }
    case 'refusal': {
      const r = change.refusal;
      await client.query(
        `INSERT INTO phuluc_refusals (round_id, unit, at, refused_by, errors, reason) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (round_id, unit) DO UPDATE SET at = excluded.at, refused_by = excluded.refused_by, errors = excluded.errors, reason = excluded.reason, xid = pg_current_xact_id()`,
        [change.roundId, r.unit, r.at, r.by, r.errors, r.reason],
      );
      return;
    }
    case 'extension':
      await client.query(
        `INSERT INTO phuluc_extensions (round_id, unit, until) VALUES ($1, $2, $3)
         ON CONFLICT (round_id, unit) DO UPDATE SET until = excluded.until, xid = pg_current_xact_id()`,
        [change.roundId, change.unit, change.until],
      );
      return;
    case 'account': {
      const a = change.account;
      await client.query(
        `INSERT INTO phuluc_accounts (id, role, unit, unit_id, name, token_hash, created_at, revoked_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, unit = excluded.unit, unit_id = excluded.unit_id, name = excluded.name, token_hash = excluded.token_hash,
           created_at = excluded.created_at, revoked_at = excluded.revoked_at, last_used_at = excluded.last_used_at, xid = pg_current_xact_id()`,
        [a.id, a.role, a.unit ?? null, a.unitId ?? null, a.name, a.tokenHash, a.createdAt, a.revokedAt ?? null, a.lastUsedAt ?? null],
      );
      return;
    }
    case 'score':
    case 'idempotency':
    case 'audit':
      // One statement for these, however many: the batch's (below).
      await writeChanges(client, [change]);
      return;
  }
}

const SCORES = `scores AS (INSERT INTO phuluc_scores (round_id, entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale, stale_reason)
  SELECT v->>'roundId', v->>'entryId', v->>'reviewerId', v->>'id', v->>'unit', v->'points', v->>'comment', (v->>'version')::integer, v->>'updatedAt',
         v->>'entryFingerprint', (v->>'stale')::boolean, v->>'staleReason'
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY n
  ON CONFLICT (round_id, entry_id, reviewer_id) DO UPDATE SET id = excluded.id, unit = excluded.unit, points = excluded.points,
    comment = excluded.comment, version = excluded.version, updated_at = excluded.updated_at,
    entry_fingerprint = excluded.entry_fingerprint, stale = excluded.stale, stale_reason = excluded.stale_reason, xid = pg_current_xact_id())`;
// A field left out of the JSON is SQL NULL (v->'body'), one that is null is JSON null, as json() above writes a column.
const IDEMPOTENCY = `keys AS (INSERT INTO phuluc_idempotency (account_id, key, fingerprint, status, body, at)
  SELECT v->>'accountId', v->>'key', v->>'fingerprint', (v->>'status')::integer, v->'body', v->>'at'
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY n)`;
const AUDIT = `audit AS (INSERT INTO phuluc_audit (at, actor, action, target, before, after)
  SELECT v->>'at', v->>'actor', v->>'action', v->>'target', v->'before', v->'after'
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(v, n) ORDER BY n)`;
/**
 * The three in one statement (one round trip, not three: a commit's round trips were most of a
 * process's CPU under load, each a send through the kernel's loopback), which also gives the
 * transaction's id for the commit that follows. An INSERT in a WITH runs whether or not its rows
 * are read.
 */
const BATCH = `WITH ${SCORES}, ${IDEMPOTENCY}, ${AUDIT} SELECT pg_current_xact_id()::text AS xid`;

/**
 * The rows of a batch's changes. Scores, Idempotency-Keys and audit records go in one statement
 * (a batch of 30 reviewers' scores is one round trip to the database, not ninety), after the rest,
 * one by one (a round comes before the scores in it). A score put twice in one batch is written as
 * it was last put. Gives back the id of the transaction they were written in.
 */
export async function writeChanges(client: ClientBase, changes: ReadonlyArray<Change>): Promise<string> {
  const scores = new Map<string, Score & { roundId: string }>();
  const keys: IdempotencyRecord[] = [];
  const audit: AuditRecord[] = [];
  for (const change of changes) {
    if (change.kind === 'score') {
      const key = JSON.stringify([change.roundId, change.score.entryId, change.score.reviewerId]);
      scores.delete(key);
      scores.set(key, { ...change.score, roundId: change.roundId });
    } else if (change.kind === 'idempotency') keys.push(change.record);
    else if (change.kind === 'audit') audit.push(change.record);
    else await writeChange(client, change); // the kinds above never come back here
  }
  const { rows } = await client.query<{ xid: string }>(BATCH, [JSON.stringify([...scores.values()]), JSON.stringify(keys), JSON.stringify(audit)]);
  return (rows[0] as { xid: string }).xid;
}
