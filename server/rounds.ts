/**
 * Several rounds on one server: the active round's data sits at the top of the store (officers
 * send to it, reviewers score it); every other round is kept in `rounds` (on the embedded store,
 * its data in a file of its own, read when asked for: store/kept-rounds.ts). Read routes take
 * `?round=<id>` to read another year; activating a round swaps it in (store/state.ts).
 */
import type { Request } from 'express';
import type { RoundUsage } from '../core/rounds/round-edit';
import { ApiError } from './http';
import { accountUnitName, holderUnitId } from '../core/rounds/units';
import { assignEntries, type Assignment } from '../core/judging/assignment';
import type { Account, ArchivedRound, Data, Submission } from './store';
import { latestSubmissions } from './latest-submissions';

export { latestSubmission, latestSubmissions } from './latest-submissions';

/** The data of one round, active or kept. */
export type RoundData = ArchivedRound;

export function activeRound(data: Readonly<Data>): RoundData {
  const { round, submissions, scores, extensions, refusals } = data;
  return { round, submissions, scores, extensions, refusals };
}

/** Every round on the server, the active one first (kept rounds as they are: a copy would read a kept round's file). */
export function allRounds(data: Readonly<Data>): RoundData[] {
  return [activeRound(data), ...data.rounds];
}

/** The id of the round a read route asks for (`?round=<id>`), undefined for the active one: `store.read(askedRound(req))` holds its data. */
export function askedRound(req: Request): string | undefined {
  return typeof req.query.round === 'string' && req.query.round !== '' ? req.query.round : undefined;
}

/** The round a read route asks for (`?round=<id>`), the active one by default; 404 for an unknown id. */
export function roundOf(data: Readonly<Data>, req: Request): RoundData {
  const id = askedRound(req);
  if (id === undefined || id === data.round.id) return activeRound(data);
  const kept = data.rounds.find((r) => r.round.id === id);
  if (!kept) throw new ApiError(404, 'unknown-round', `Không có đợt báo cáo “${id}” trên máy chủ.`);
  return kept;
}

/** What a round's data already uses, for deciding which setting changes keep it meaningful. */
export function roundUsage(data: Readonly<Data>, round: RoundData): RoundUsage {
  const units = new Set<string>();
  const fields = new Set<string>();
  const maxPoints = new Map<string, number>();
  for (const s of round.submissions) {
    units.add(s.unit);
    for (const e of s.entries) fields.add(e.field);
  }
  for (const score of round.scores) {
    units.add(score.unit);
    for (const [key, point] of Object.entries(score.points)) maxPoints.set(key, Math.max(maxPoints.get(key) ?? 0, point));
  }
  // Accounts belong to the server, not to a round: only the active round must keep their units (by id).
  const accountUnits = new Map<string, string>();
  if (round.round.id === data.round.id) {
    for (const a of data.accounts) {
      const id = holderUnitId(a);
      if (id !== undefined && !a.revokedAt) accountUnits.set(id, accountUnitName(round.round, a) ?? id);
    }
  }
  return { units: [...units], accountUnits: [...accountUnits].map(([id, name]) => ({ id, name })), fields: [...fields], maxPoints };
}

/** The reviewers whose accounts are live (not revoked): those who score, whom assignments and Tiến độ count. */
export function liveReviewers(data: Readonly<Data>): Account[] {
  return data.accounts.filter((a) => a.role === 'reviewer' && !a.revokedAt);
}

/**
 * The last assignment of each round, with what it was made from: its settings' values (a change
 * of settings replaces them), its latest reports (a report is never changed, a new version is
 * another object) and its live reviewers. Scores do not move it: while the jury scores, Tiến độ
 * and the reviewers' lists reuse it (half a second at a nation's size on the main thread).
 */
const keptAssignments = new WeakMap<object, { from: unknown[]; assignment: Assignment }>();

/**
 * The latest reports `account` is given to read: an officer's own unit's; a reviewer's, when the
 * round assigns entries, only those with entries assigned to them, holding only those entries (a
 * nation's reports are 24 MB, 8 MB gzipped, which every reviewer's pane downloaded to build a sheet
 * of a tenth of them); everyone's otherwise.
 */
export function reportsSeenBy(data: Readonly<Data>, round: RoundData, account: Account): Submission[] {
  const all = latestSubmissions(round);
  if (account.role === 'officer') {
    const own = accountUnitName(round.round, account);
    return all.filter((s) => s.unit === own);
  }
  const assignment = account.role === 'reviewer' ? roundAssignment(data, round) : null;
  if (!assignment) return all;
  const mine = new Set(assignment.byReviewer.get(account.id));
  return all.flatMap((s) => {
    const entries = s.entries.filter((e) => mine.has(e.id));
    return entries.length === 0 ? [] : [{ ...s, entries }];
  });
}

/** The round's assignment over its latest reports and the live reviewers, or null when the round assigns none. */
export function roundAssignment(data: Readonly<Data>, round: RoundData): Assignment | null {
  if (!round.round.assignment) return null;
  const latest = latestSubmissions(round);
  const reviewers = liveReviewers(data).map((a) => ({ id: a.id, unit: a.unit, unitId: a.unitId }));
  const from = [...Object.values(round.round), ...latest, reviewers.map((r) => `${r.id}\u0000${r.unitId ?? ''}\u0000${r.unit ?? ''}`).join('\u0001')];
  // Kept with the round's own list of reports (the store's, for the round's life): gone with its store, never another server's in the same process.
  const kept = keptAssignments.get(round.submissions);
  if (kept && kept.from.length === from.length && kept.from.every((x, i) => x === from[i])) return kept.assignment;
  const entries = latest.flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, field: e.field })));
  const assignment = assignEntries(round.round, entries, reviewers);
  keptAssignments.set(round.submissions, { from, assignment });
  return assignment;
}
