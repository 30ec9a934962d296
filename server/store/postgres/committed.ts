/**
 * The rows other processes committed, read back as the store's changes (./written.ts writes them):
 * the rows of transactions not seen yet, in an order that applies cleanly (rounds before what is
 * in them, each table in the order its rows were written), so catching up with other servers and
 * loading on start are the same replay the lowdb store does.
 */
import type { ClientBase, Pool, QueryConfig } from 'pg';
import { changeSchema, type Change } from '../changes';
import { heldOnce } from '../score-table';
import { scoreSchema, type Account, type AuditRecord, type IdempotencyRecord, type Refusal, type Score, type Submission } from '../schema';

/** The head row is made with the first round; without it the tables were changed by hand. */
export const NO_HEAD = 'bảng phuluc_head không có dòng nào (cơ sở dữ liệu đã bị sửa ngoài Phụ lục?)';

/** Optional fields come back absent, not as null, so a record reads back as it was written. */
function present<T extends object>(record: T): T {
  for (const key in record) if (record[key] === null || record[key] === undefined) delete record[key];
  return record;
}

type Row = Record<string, unknown>;

/**
 * Each table's rows as changes, read as one JSON object per row (`to_jsonb`, with what the row
 * cannot say as JSON: whether a jsonb column is SQL NULL or JSON null). In this order, so a round
 * is there before anything in it; within a table by transaction, then as the rows were written
 * (`order`: a number and a text, how rows of one transaction follow each other).
 */
const TABLES: ReadonlyArray<{ table: string; order: string; row?: string; round?: true; history?: true; change: (row: Row) => Change }> = [
  { table: 'phuluc_rounds', order: "0, r.id", change: (r) => ({ kind: 'round', round: r.settings as never }) },
  {
    table: 'phuluc_submissions',
    round: true,
    order: "r.ord, ''",
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
    table: 'phuluc_scores',
    round: true,
    order: "r.ord, ''",
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
    table: 'phuluc_refusals',
    round: true,
    order: "0, r.unit",
    change: (r) => ({
      kind: 'refusal',
      roundId: r.round_id as string,
      refusal: { unit: r.unit, at: r.at, by: r.refused_by, errors: r.errors, reason: r.reason } as Refusal,
    }),
  },
  { table: 'phuluc_extensions', order: "0, r.unit", round: true, change: (r) => ({ kind: 'extension', roundId: r.round_id as string, unit: r.unit as string, until: r.until as string }) },
  {
    table: 'phuluc_accounts',
    order: "r.ord, ''",
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
    table: 'phuluc_idempotency',
    order: "r.ord, ''",
    history: true,
    row: "jsonb_build_object('no_body', r.body IS NULL)",
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
    table: 'phuluc_audit',
    order: "r.ord, ''",
    history: true,
    row: "jsonb_build_object('no_before', r.before IS NULL, 'no_after', r.after IS NULL)",
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

/** What a look at the committed rows found: the changes, the horizon for the next look, the active round. */
export interface Committed {
  /** Each with the transaction that wrote its row. */
  changes: Array<{ change: Change; xid: bigint }>;
  /** Every transaction before this one had finished when the rows were read (the snapshot's xmin). */
  horizon: bigint;
  activeRound: string;
  /** The snapshot the rows were read in (`pg_current_snapshot()`, as text). */
  snapshot: string;
}

/** The database's snapshot now, as text: while it stays the same, no transaction has ended or begun to write. */
export const SNAPSHOT_SQL = 'SELECT pg_current_snapshot()::text AS snapshot';

/**
 * Whether between snapshot `before` and snapshot `after` the one transaction `xid` began to write
 * and ended, and no other did either: the next transaction number after `before` was `xid`, the
 * one after `after` is `xid + 1`, and the same transactions were running (`xmin:xmax:xip,…`).
 */
export function onlyThisBetween(before: string, xid: bigint, after: string): boolean {
  const [, xmaxBefore, runningBefore] = before.split(':');
  const [, xmaxAfter, runningAfter] = after.split(':');
  return xmaxBefore !== undefined && xmaxAfter !== undefined && BigInt(xmaxBefore) === xid && BigInt(xmaxAfter) === xid + 1n && runningBefore === runningAfter;
}

/** An xid8 as a SQL literal: it comes from PostgreSQL or from 0, never from a request. */
const xid8 = (xid: bigint): string => `'${BigInt.asUintN(64, xid).toString()}'::xid8`;

/**
 * One statement (so one snapshot) reading the rows of every transaction from `horizon` on, but for
 * those already applied (`skip`): a transaction that had not finished by the last look may commit
 * after transactions numbered above it, so the rows are read by "not seen yet", never by "above
 * the last number seen". Its first row (t = -1) is the head: the new horizon and the active round.
 * The Idempotency-Key answers and the audit log are never read so: a process does not hold them
 * (they grow with every write, two records a score), it asks their tables (`IDEMPOTENCY_SQL`, `AUDIT_PAGE_SQL`).
 * With `activeOnly` (a process starting), the rows of the rounds that are not active are left in
 * their tables (a kept round's data is read when something asks for it: `ROUND_ROWS_SQL`), and so
 * are the scores (the active round's are read whole when something asks for them all: `SCORES_PAGE_SQL`).
 */
export function committedSql(horizon: bigint, skip: Iterable<bigint>, activeOnly = false): string {
  const skipped = [...skip].map((x) => BigInt.asUintN(64, x).toString());
  const not = skipped.length > 0 ? ` AND r.xid <> ALL ('{${skipped.join(',')}}'::xid8[])` : '';
  const parts = TABLES.flatMap((t, i) => {
    if (t.history || (activeOnly && t.table === 'phuluc_scores')) return [];
    const only = activeOnly && t.round ? ' AND r.round_id = (SELECT active_round FROM phuluc_head)' : '';
    return `SELECT ${i} AS t, r.xid, ${t.order}, to_jsonb(r)${t.row ? ` || ${t.row}` : ''} AS row FROM ${t.table} r WHERE r.xid >= ${xid8(horizon)}${not}${only}`;
  });
  const head = `SELECT -1 AS t, pg_snapshot_xmin(pg_current_snapshot()) AS xid, 0::bigint AS n, '' AS k, jsonb_build_object('active_round', active_round, 'snapshot', pg_current_snapshot()::text) AS row FROM phuluc_head`;
  return `SELECT t, xid::text AS xid, row FROM (${[head, ...parts].join(' UNION ALL ')}) u ORDER BY u.t, u.xid, u.n, u.k`;
}

/**
 * Every row of one round's reports, scores, refusals and extensions ($1, the round's id: each
 * table's key begins with it), in the order a look gives them, with the snapshot they were read
 * in as the head's: a later look passes over the rows that snapshot already saw (`visibleIn`).
 */
export const ROUND_ROWS_SQL = (() => {
  const parts = TABLES.flatMap((t, i) => (t.round ? [`SELECT ${i} AS t, r.xid, ${t.order}, to_jsonb(r) AS row FROM ${t.table} r WHERE r.round_id = $1`] : []));
  const head = `SELECT -1 AS t, '0'::xid8 AS xid, 0::bigint AS n, '' AS k, jsonb_build_object('active_round', active_round, 'snapshot', pg_current_snapshot()::text) AS row FROM phuluc_head`;
  return `SELECT t, xid::text AS xid, row FROM (${[head, ...parts].join(' UNION ALL ')}) u ORDER BY u.t, u.xid, u.n, u.k`;
})();

/** A score's columns, after the first (a transaction or a place), as `scoreOfRow` reads them. */
const SCORE_COLUMNS = 'entry_id, reviewer_id, id, unit, points, comment, version, updated_at, entry_fingerprint, stale, stale_reason';

/**
 * Round $1's scores placed after $2 (`ord`, which an upsert keeps: a score changed since stays in
 * its place), $3 of them at most, in the order first given; with `byReviewer`, only reviewer $4's.
 * Read a page at a time, each its own query (no connection held while a slow client reads), every
 * score comes once, as it was when its page was read. Through migration 5's indexes.
 */
export const SCORES_PAGE_SQL = (byReviewer: boolean) =>
  `SELECT r.ord::text, ${SCORE_COLUMNS} FROM phuluc_scores r WHERE r.round_id = $1 AND r.ord > $2${byReviewer ? ' AND r.reviewer_id = $4' : ''} ORDER BY r.ord LIMIT $3`;

/** A table's way from row to change, found by its name (not by its place in TABLES). */
const tableNamed = (name: string) => TABLES.find((t) => t.table === name) as (typeof TABLES)[number];

/** Places of a score's columns in a row read as an array (the first, a transaction or a place); the texts of those named recur across a round's scores (an entry's id and fingerprint in each of its 30 reviewers' scores, a unit's name, a reviewer's id, a time). */
const [ENTRY, REVIEWER, ID, UNIT, POINTS, COMMENT, VERSION, AT, FINGERPRINT, STALE, REASON] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const RECURRING = [ENTRY, REVIEWER, UNIT, AT, FINGERPRINT, COMMENT];

/**
 * A score read as an array of its columns (the driver makes no object per row), checked alone
 * with the data schema (`scoreSchema`) and made with only the fields it has. With `texts`, each
 * recurring text is held once (kept across pieces): the driver makes a string per cell, and a
 * nation's 306,000 scores held millions of copies of a few thousand texts.
 */
function scoreOfRow(row: unknown[], texts?: Map<string, string>): Score {
  if (texts) {
    for (const column of RECURRING) {
      const text = row[column];
      if (typeof text === 'string') row[column] = heldOnce(texts, text);
    }
  }
  const given = { id: row[ID], entryId: row[ENTRY], reviewerId: row[REVIEWER], unit: row[UNIT], points: row[POINTS], comment: row[COMMENT], version: row[VERSION], updatedAt: row[AT], entryFingerprint: row[FINGERPRINT], stale: row[STALE] };
  return scoreSchema.parse(row[REASON] === null ? given : { ...given, staleReason: row[REASON] });
}

/**
 * A page `SCORES_PAGE_SQL` gave: its scores, and the place of its last (where the next page begins).
 * With `texts` (kept across pages), each recurring text is held once: the scores are to be held.
 */
export function scoresPageFrom(rows: ReadonlyArray<unknown[]>, texts?: Map<string, string>): { scores: Score[]; last: string | undefined } {
  return { scores: rows.map((row) => scoreOfRow(row, texts)), last: rows.at(-1)?.[0] as string | undefined };
}

/**
 * The scores of round $1 a batch looked up, as its locks name them: those of entries $2 by
 * reviewers $3 (pairwise: the primary key), and every score of units $4 (migration 6's index). Two
 * queries in one: with an OR between them PostgreSQL read every score of the round (a score write
 * at a nation's size took 77 ms, p50, against 23 ms at a city's).
 */
export const LOOKED_UP_SCORES_SQL = `SELECT r.ord::text, ${SCORE_COLUMNS} FROM phuluc_scores r JOIN unnest($2::text[], $3::text[]) AS k (entry, reviewer)
    ON r.round_id = $1 AND r.entry_id = k.entry AND r.reviewer_id = k.reviewer
  UNION
  SELECT r.ord::text, ${SCORE_COLUMNS} FROM phuluc_scores r WHERE r.round_id = $1 AND r.unit = ANY ($4::text[])`;

/**
 * Round $1's scores written since snapshot $2 (`pg_current_snapshot()` as text): by a transaction
 * it did not see, as they are now; through the table's index of transactions.
 */
export const SCORES_WRITTEN_SINCE_SQL = `SELECT r.ord::text, ${SCORE_COLUMNS} FROM phuluc_scores r
  WHERE r.round_id = $1 AND r.xid >= pg_snapshot_xmin($2::pg_snapshot) AND NOT pg_visible_in_snapshot(r.xid, $2::pg_snapshot) ORDER BY r.ord`;

/** The rounds that are not active, with how many units reported in each and how many scores it holds (what the list of rounds shows of a round not read). */
export const KEPT_COUNTS_SQL = `SELECT r.id, (SELECT count(DISTINCT s.unit) FROM phuluc_submissions s WHERE s.round_id = r.id)::integer AS reports,
  (SELECT count(*) FROM phuluc_scores c WHERE c.round_id = r.id)::integer AS scores
  FROM phuluc_rounds r WHERE r.id <> (SELECT active_round FROM phuluc_head)`;

/** The reports of one round ($1), in the order they were sent, as changes. */
export const ROUND_REPORTS_SQL = `SELECT to_jsonb(r) AS row FROM phuluc_submissions r WHERE r.round_id = $1 ORDER BY r.ord`;

/**
 * Whether the rows of committed transaction `xid` were seen by a statement that ran in `snapshot`
 * (`pg_current_snapshot()` as text, `xmin:xmax:xip,…`): every transaction below xmin had ended, and
 * from xmin to xmax those not listed as running (the PostgreSQL manual, "Snapshot Information Functions").
 */
export function visibleIn(snapshot: string, xid: bigint): boolean {
  const [xmin, xmax, running] = snapshot.split(':');
  if (xmin === undefined || xmax === undefined) return false;
  if (xid < BigInt(xmin)) return true;
  if (xid >= BigInt(xmax)) return false;
  return !(running ?? '').split(',').some((x) => x !== '' && BigInt(x) === xid);
}

/** What a history table's row says besides its columns (whether a jsonb column is SQL NULL), as `to_jsonb` gives the rest. */
const historyRow = (name: string) => {
  const t = tableNamed(name);
  return `to_jsonb(r)${t.row ? ` || ${t.row}` : ''}`;
};

/** The answer kept for one account's Idempotency-Key ($1 the account, $2 the key: the table's primary key). */
export const IDEMPOTENCY_SQL = `SELECT ${historyRow('phuluc_idempotency')} AS row FROM phuluc_idempotency r WHERE r.account_id = $1 AND r.key = $2`;

/** The answers kept for the keys a batch holds the locks of ($1 the accounts, $2 the keys, pairwise). */
export const IDEMPOTENCY_KEYS_SQL = `SELECT ${historyRow('phuluc_idempotency')} AS row FROM phuluc_idempotency r WHERE (r.account_id, r.key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

/** Every answer kept and the whole audit log, each in the order written (the copy's check, `phuluc migrate`). */
export const ALL_IDEMPOTENCY_SQL = `SELECT ${historyRow('phuluc_idempotency')} AS row FROM phuluc_idempotency r ORDER BY r.ord`;
export const ALL_AUDIT_SQL = `SELECT ${historyRow('phuluc_audit')} AS row FROM phuluc_audit r ORDER BY r.ord`;

/**
 * Audit records before ord $1, newest first, $2 of them at most; with `byActor`, only actor $3's.
 * The primary key's index read backwards: the newest page of a long log costs what a short one does.
 */
export const AUDIT_PAGE_SQL = (byActor: boolean) =>
  `SELECT r.ord::text AS ord, ${historyRow('phuluc_audit')} AS row FROM phuluc_audit r WHERE r.ord < $1${byActor ? ' AND r.actor = $3' : ''} ORDER BY r.ord DESC LIMIT $2`;

/** Rows of a history table (`IDEMPOTENCY_SQL`, `AUDIT_PAGE_SQL`…) as its records, each checked with the data schema. */
export function idempotencyFrom(rows: ReadonlyArray<{ row: Row }>): IdempotencyRecord[] {
  const table = tableNamed('phuluc_idempotency');
  return rows.map((r) => (changeSchema.parse(table.change(r.row)) as Extract<Change, { kind: 'idempotency' }>).record);
}

export function auditFrom(rows: ReadonlyArray<{ row: Row }>): AuditRecord[] {
  const table = tableNamed('phuluc_audit');
  return rows.map((r) => (changeSchema.parse(table.change(r.row)) as Extract<Change, { kind: 'audit' }>).record);
}

/** The rows `committedSql` gave, as changes. */
export function committedFrom(rows: ReadonlyArray<{ t: number; xid: string; row: Row }>): Committed {
  const head = rows[0];
  if (!head || head.t !== -1) throw new Error(NO_HEAD);
  const changes = rows.slice(1).map((r) => ({ change: (TABLES[r.t] as (typeof TABLES)[number]).change(r.row), xid: BigInt(r.xid) }));
  return { changes, horizon: BigInt(head.xid), activeRound: head.row.active_round as string, snapshot: head.row.snapshot as string };
}

/** The reports `ROUND_REPORTS_SQL` gave. */
export function reportsFrom(rows: ReadonlyArray<{ row: Row }>): Change[] {
  const submission = tableNamed('phuluc_submissions');
  return rows.map((r) => submission.change(r.row));
}

/** The committed rows a look (`committedSql`, ./seen.ts) finds. */
export async function committedSince(client: ClientBase | Pool, look: string | QueryConfig): Promise<Committed> {
  const { rows } = await client.query<{ t: number; xid: string; row: Row }>(look);
  return committedFrom(rows);
}
