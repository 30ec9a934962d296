/**
 * The secretariat's calls (admin only): accounts, rounds, progress and the audit log. Every
 * answer is checked with zod, every failure is an ApiFailure with the server's Vietnamese message.
 */
import { z } from 'zod';
import type { ProgressQuery } from '../../core/rounds/progress-view';
import { apiRequest, parseAnswer, type Connection, type FetchLike } from './api';

const accountSchema = z.object({
  id: z.string(),
  role: z.enum(['admin', 'officer', 'reviewer']),
  unit: z.string().nullable(),
  unitId: z.string().nullable().optional(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});
export type AdminAccount = z.infer<typeof accountSchema>;

// A round document is checked in full by the server; here only what the pane reads of it.
const roundDocument = z
  .object({ id: z.string(), name: z.string(), year: z.number(), units: z.array(z.object({ name: z.string(), kind: z.string() }).loose()), scoresLocked: z.object({ at: z.string() }).loose().optional() })
  .loose();
const roundSummarySchema = z.object({ id: z.string(), name: z.string(), year: z.number(), active: z.boolean(), units: z.number(), reports: z.number(), scores: z.number(), round: roundDocument });
export type RoundSummary = z.infer<typeof roundSummarySchema>;

const unitStateSchema = z.object({
  unit: z.string(),
  kind: z.string(),
  state: z.enum(['not-sent', 'sent', 'refused']),
  version: z.number().nullable().optional(),
  at: z.string().optional(),
  entries: z.number().optional(),
  reason: z.string().optional(),
  errors: z.number().optional(),
  shortOfScores: z.number().optional(),
  code: z.string().optional(),
  contact: z.object({ person: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }).optional(),
});
const progressSchema = z.object({
  round: z.object({ id: z.string(), name: z.string(), year: z.number() }),
  units: z.array(unitStateSchema),
  reviewers: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string().nullable(), scored: z.number(), toScore: z.number() })),
  counts: z.object({ units: z.number(), sent: z.number(), refused: z.number(), notSent: z.number(), short: z.number().default(0) }),
  shortOfScores: z.array(z.object({ id: z.string(), unit: z.string(), title: z.string(), scores: z.number(), needed: z.number(), toScore: z.array(z.string()) })).default([]),
  shortOfReviewers: z.number().default(0),
  /** A paged answer: which filter, how many units it holds, which page of how many, and every filter's count. */
  view: z
    .object({
      filter: z.enum(['all', 'not-sent', 'refused', 'sent', 'short']),
      total: z.number(),
      page: z.number(),
      pages: z.number(),
      counts: z.object({ all: z.number(), 'not-sent': z.number(), refused: z.number(), sent: z.number(), short: z.number() }),
    })
    .optional(),
  shortOfScoresTotal: z.number().optional(),
});
export type Progress = z.infer<typeof progressSchema>;

const auditSchema = z.object({ at: z.string(), actor: z.string(), actorName: z.string().nullable(), action: z.string(), target: z.string(), before: z.unknown(), after: z.unknown() });
export type AuditRecord = z.infer<typeof auditSchema>;

const withFetch = (fetchImpl?: FetchLike) => (fetchImpl ? { fetch: fetchImpl } : {});

export async function fetchAccounts(connection: Connection, fetchImpl?: FetchLike): Promise<AdminAccount[]> {
  return parseAnswer(z.object({ accounts: z.array(accountSchema) }), await apiRequest(connection, 'GET', '/api/accounts', withFetch(fetchImpl))).accounts;
}

export async function createAccount(connection: Connection, wanted: { role: AdminAccount['role']; unit?: string; name?: string; round?: string }, fetchImpl?: FetchLike): Promise<{ account: AdminAccount; token: string }> {
  return parseAnswer(z.object({ account: accountSchema, token: z.string() }), await apiRequest(connection, 'POST', '/api/accounts', { body: wanted, ...withFetch(fetchImpl) }));
}

/** Cấp lại mã: a new token for the same account; the old one is refused from now on. */
export async function reissueAccount(connection: Connection, id: string, fetchImpl?: FetchLike): Promise<{ account: AdminAccount; token: string }> {
  return parseAnswer(z.object({ account: accountSchema, token: z.string() }), await apiRequest(connection, 'POST', `/api/accounts/${encodeURIComponent(id)}/reissue`, { body: {}, ...withFetch(fetchImpl) }));
}

export async function revokeAccount(connection: Connection, id: string, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'DELETE', `/api/accounts/${encodeURIComponent(id)}`, withFetch(fetchImpl));
}

export async function fetchRounds(connection: Connection, fetchImpl?: FetchLike): Promise<RoundSummary[]> {
  return parseAnswer(z.object({ rounds: z.array(roundSummarySchema) }), await apiRequest(connection, 'GET', '/api/rounds', withFetch(fetchImpl))).rounds;
}

export async function createRound(connection: Connection, round: unknown, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'POST', '/api/rounds', { body: round, ...withFetch(fetchImpl) });
}

export async function updateRound(connection: Connection, id: string, round: unknown, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'PUT', `/api/rounds/${encodeURIComponent(id)}`, { body: round, ...withFetch(fetchImpl) });
}

export async function activateRound(connection: Connection, id: string, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'POST', `/api/rounds/${encodeURIComponent(id)}/activate`, withFetch(fetchImpl));
}

/** Chốt điểm (`locked`), or opens the round's scoring again. */
export async function lockScores(connection: Connection, id: string, locked: boolean, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'POST', `/api/rounds/${encodeURIComponent(id)}/${locked ? 'lock' : 'unlock'}-scores`, withFetch(fetchImpl));
}

/** Tiến độ: with `query`, one page of the units it asks for (filtered, searched and sorted on the server); without, every unit. */
export async function fetchProgress(connection: Connection, fetchImpl?: FetchLike, query?: ProgressQuery): Promise<Progress> {
  const params = query ? `?${new URLSearchParams({ filter: query.filter, search: query.search, sort: query.sort, page: String(query.page), size: String(query.size) })}` : '';
  return parseAnswer(progressSchema, await apiRequest(connection, 'GET', `/api/progress${params}`, withFetch(fetchImpl)));
}

export async function fetchAudit(connection: Connection, filter: { unit?: string; actor?: string }, fetchImpl?: FetchLike): Promise<AuditRecord[]> {
  const query = new URLSearchParams({ limit: '200', ...(filter.unit ? { unit: filter.unit } : {}), ...(filter.actor ? { actor: filter.actor } : {}) });
  return parseAnswer(z.object({ audit: z.array(auditSchema) }), await apiRequest(connection, 'GET', `/api/audit?${query}`, withFetch(fetchImpl))).audit;
}

/** Lets `unit` send until `until` (ISO), past the round's deadline. */
export async function extendDeadline(connection: Connection, unit: string, until: string, fetchImpl?: FetchLike): Promise<void> {
  await apiRequest(connection, 'PUT', `/api/extensions/${encodeURIComponent(unit)}`, { body: { until }, ...withFetch(fetchImpl) });
}
