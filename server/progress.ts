/**
 * Who has reported and who has scored, for the secretariat: every unit with its state (not sent;
 * sent version N at a time; refused at a time, with the reason), every reviewer with how many of
 * the entries they may score they have scored.
 */
import { accountUnitName, ownUnitRule } from '../core/rounds/units';
import { latestSubmissions, roundAssignment, type RoundData } from './rounds';
import type { Data } from './store';

/** A unit as progress names it: its official code and its contact, for reminding it. */
interface UnitAbout {
  unit: string;
  kind: string;
  code?: string;
  contact?: { person?: string; phone?: string; email?: string };
}

export type UnitState =
  | (UnitAbout & { state: 'not-sent' })
  | (UnitAbout & { state: 'sent'; version: number; at: string; entries: number; shortOfScores: number })
  | (UnitAbout & { state: 'refused'; at: string; reason: string; errors: number; version: number | null });

export function roundProgress(data: Readonly<Data>, round: RoundData) {
  const latest = new Map(latestSubmissions(round).map((s) => [s.unit, s]));
  // Scores that count (not made stale by a change of the entry), per entry.
  const scoredBy = new Map<string, Set<string>>();
  for (const s of round.scores) if (!s.stale) (scoredBy.get(s.entryId) ?? scoredBy.set(s.entryId, new Set()).get(s.entryId)!).add(s.reviewerId);
  const needed = round.round.rubric.minReviewers;
  const short = (id: string) => (scoredBy.get(id)?.size ?? 0) < needed;
  const refused = new Map(round.refusals.map((r) => [r.unit, r]));
  const units: UnitState[] = round.round.units.map((u) => {
    const sent = latest.get(u.name);
    const refusal = refused.get(u.name);
    const about: UnitAbout = { unit: u.name, kind: u.kind, ...(u.code ? { code: u.code } : {}), ...(u.contact ? { contact: u.contact } : {}) };
    // A refusal after the last accepted version is the unit's state now; an earlier one is history.
    if (refusal && (!sent || refusal.at > sent.submittedAt)) return { ...about, state: 'refused', at: refusal.at, reason: refusal.reason, errors: refusal.errors, version: sent?.version ?? null };
    if (sent) return { ...about, state: 'sent', version: sent.version, at: sent.submittedAt, entries: sent.entries.length, shortOfScores: sent.entries.filter((e) => short(e.id)).length };
    return { ...about, state: 'not-sent' };
  });
  const entries = [...latest.values()].flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, title: e.title })));
  // With an assignment, each reviewer's own list; without, every entry outside their unit.
  const assignment = roundAssignment(data, round);
  const live = data.accounts.filter((a) => a.role === 'reviewer' && !a.revokedAt);
  const own = ownUnitRule(round.round, live);
  const reviewers = live.map((a, i) => {
      const assigned = assignment ? new Set(assignment.byReviewer.get(a.id)) : null;
      const toScore = entries.filter((e) => (assigned ? assigned.has(e.id) : !own(i, e.unit)));
      // Scored: through the per-entry grouping above (not a pass over every score per reviewer).
      return { id: a.id, name: a.name, unit: accountUnitName(round.round, a) ?? null, scored: toScore.filter((e) => scoredBy.get(e.id)?.has(a.id)).length, toScore: toScore.length };
    });
  // The entries short of scores, each with the reviewers who may score it and have not yet.
  const assignedTo = new Map<string, Set<string>>();
  for (const [reviewer, ids] of assignment?.byReviewer ?? []) for (const id of ids) (assignedTo.get(id) ?? assignedTo.set(id, new Set()).get(id)!).add(reviewer);
  const shortOfScores = entries
    .filter((e) => short(e.id))
    .map((e) => {
      const may = assignment ? (assignedTo.get(e.id) ?? new Set<string>()) : null;
      const toScore = live.filter((a, i) => (may ? may.has(a.id) : !own(i, e.unit)) && !scoredBy.get(e.id)?.has(a.id)).map((a) => a.name);
      return { id: e.id, unit: e.unit, title: e.title, scores: scoredBy.get(e.id)?.size ?? 0, needed, toScore };
    });
  const count = (state: UnitState['state']) => units.filter((u) => u.state === state).length;
  return {
    round: { id: round.round.id, name: round.round.name, year: round.round.year },
    units,
    reviewers,
    counts: { units: units.length, sent: count('sent'), refused: count('refused'), notSent: count('not-sent'), short: units.filter((u) => u.state === 'sent' && u.shortOfScores > 0).length },
    shortOfScores,
    /** Entries the assignment cannot give the round's minimum of reviewers (too few outside their unit). */
    shortOfReviewers: assignment?.short.length ?? 0,
  };
}
