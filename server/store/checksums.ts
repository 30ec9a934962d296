/**
 * Counts and checksums of a store's data per kind of record, to show that a copy (a lowdb folder
 * moved to PostgreSQL) holds the same data: records compared as canonical JSON (keys sorted, as
 * PostgreSQL's jsonb keeps no key order), in an order of their own except the audit log, whose
 * order is part of it.
 */
import { createHash } from 'node:crypto';
import type { ArchivedRound, Data } from './schema';

/** SHA-256's first 16 hex digits: what checks a journal line and names a kept round's file. */
export const shortChecksum = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export const RECORD_KINDS = ['rounds', 'submissions', 'scores', 'refusals', 'extensions', 'accounts', 'idempotency', 'audit', 'uploads'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export type Tally = Record<RecordKind, { count: number; checksum: string }>;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function tally(records: unknown[], ordered = false): { count: number; checksum: string } {
  const lines = records.map(canonical);
  if (!ordered) lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return { count: records.length, checksum: hash.digest('hex') };
}

/** Every round of `data` with its records, the active one first. */
export function allRounds(data: Data): ArchivedRound[] {
  const { round, submissions, scores, extensions, refusals } = data;
  return [{ round, submissions, scores, extensions, refusals }, ...data.rounds];
}

/** `uploads`: the sha256 names of the kept workbooks (each name is its content's hash, checked where read). */
export function tallyData(data: Data, uploads: string[]): Tally {
  const rounds = allRounds(data);
  const per = <T>(pick: (r: ArchivedRound) => T[]) => rounds.flatMap((r) => pick(r).map((record) => ({ round: r.round.id, record })));
  return {
    rounds: tally(rounds.map((r) => r.round)),
    submissions: tally(per((r) => r.submissions)),
    scores: tally(per((r) => r.scores)),
    refusals: tally(per((r) => r.refusals)),
    extensions: tally(per((r) => Object.entries(r.extensions))),
    accounts: tally(data.accounts),
    idempotency: tally(data.idempotency),
    audit: tally(data.audit, true),
    uploads: tally(uploads),
  };
}
