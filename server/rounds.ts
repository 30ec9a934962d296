/**
 * Several rounds on one server: the active round's data sits at the top of the store (officers
 * send to it, reviewers score it); every other round is kept whole in `rounds`. Read routes take
 * `?round=<id>` to read another year; activating a round swaps it in (store/changes.ts).
 */
import type { Request } from 'express';
import type { RoundUsage } from '../core/round-edit';
import { ApiError } from './http';
import type { ArchivedRound, Data } from './store';

/** The data of one round, active or kept. */
export type RoundData = ArchivedRound;

export function activeRound(data: Readonly<Data>): RoundData {
  const { round, submissions, scores, extensions, refusals } = data;
  return { round, submissions, scores, extensions, refusals };
}

/** Every round on the server, the active one first. */
export function allRounds(data: Readonly<Data>): Array<RoundData & { active: boolean }> {
  return [{ ...activeRound(data), active: true }, ...data.rounds.map((r) => ({ ...r, active: false }))];
}

/** The round a read route asks for (`?round=<id>`), the active one by default; 404 for an unknown id. */
export function roundOf(data: Readonly<Data>, req: Request): RoundData {
  const id = typeof req.query.round === 'string' && req.query.round !== '' ? req.query.round : null;
  if (id === null || id === data.round.id) return activeRound(data);
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
  // Accounts belong to the server, not to a round: only the active round must keep their units.
  if (round.round.id === data.round.id) for (const a of data.accounts) if (a.unit && !a.revokedAt) units.add(a.unit);
  return { units: [...units], fields: [...fields], maxPoints };
}
