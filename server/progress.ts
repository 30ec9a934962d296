/**
 * Who has reported and who has scored, for the secretariat: every unit with its state (not sent;
 * sent version N at a time; refused at a time, with the reason), every reviewer with how many of
 * the entries they may score they have scored.
 */
import { accountUnitName, ownUnitRule } from '../core/rounds/units';
import type { Assignment } from '../core/judging/assignment';
import { latestSubmissions, roundAssignment, type RoundData } from './rounds';
import type { Account, Data } from './store';

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

/**
 * At a nation's size (3,400 units, 10,200 entries, 306,000 scores, 30 reviewers) this runs on the
 * main thread at every Tiến độ page: each score is looked at once, and "whose unit" is asked once
 * per reviewer and unit, not per reviewer and entry (116–174 ms a call became 55–105 ms: README, issue #31).
 */
export function roundProgress(data: Readonly<Data>, round: RoundData) {
  const latest = new Map(latestSubmissions(round).map((s) => [s.unit, s]));
  // Who scored each entry, by scores that count (not made stale by a change of the entry): one score per (entry, reviewer).
  const scoredBy = new Map<string, string[]>();
  for (const s of round.scores) {
    if (s.stale) continue;
    const by = scoredBy.get(s.entryId);
    if (by) by.push(s.reviewerId);
    else scoredBy.set(s.entryId, [s.reviewerId]);
  }
  const scores = (id: string) => scoredBy.get(id)?.length ?? 0;
  const needed = round.round.rubric.minReviewers;
  const short = (id: string) => scores(id) < needed;
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
  const place = new Map(live.map((a, i) => [a.id, i]));
  const mayScore = mayScoreRule(round, live, entries, assignment);
  const toScore = live.map(() => 0);
  const scored = live.map(() => 0);
  for (const e of entries) {
    for (let i = 0; i < live.length; i++) if (mayScore(i, e)) toScore[i]! += 1;
    for (const reviewer of scoredBy.get(e.id) ?? []) {
      const i = place.get(reviewer);
      if (i !== undefined && mayScore(i, e)) scored[i]! += 1;
    }
  }
  const reviewers = live.map((a, i) => ({ id: a.id, name: a.name, unit: accountUnitName(round.round, a) ?? null, scored: scored[i]!, toScore: toScore[i]! }));
  // The entries short of scores, each with the reviewers who may score it and have not yet.
  const shortOfScores = entries
    .filter((e) => short(e.id))
    .map((e) => {
      const by = scoredBy.get(e.id) ?? [];
      const toScoreIt = live.filter((a, i) => mayScore(i, e) && !by.includes(a.id)).map((a) => a.name);
      return { id: e.id, unit: e.unit, title: e.title, scores: by.length, needed, toScore: toScoreIt };
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

/**
 * Whether reviewer `i` (of `live`) may score an entry: assigned it, or without an assignment, it is
 * not of their unit. "Whose unit" is asked once per reviewer and unit (3,400 × 30 at a nation's
 * size), not per reviewer and entry; the answer is a lookup in each reviewer's few own units.
 */
function mayScoreRule(round: RoundData, live: ReadonlyArray<Account>, entries: ReadonlyArray<{ id: string; unit: string }>, assignment: Assignment | null): (i: number, e: { id: string; unit: string }) => boolean {
  if (assignment) {
    const assigned = live.map((a) => new Set(assignment.byReviewer.get(a.id)));
    return (i, e) => assigned[i]!.has(e.id);
  }
  const own = ownUnitRule(round.round, live);
  const entryUnits = [...new Set(entries.map((e) => e.unit))];
  const ownUnits = live.map((_, i) => new Set(entryUnits.filter((unit) => own(i, unit))));
  return (i, e) => !ownUnits[i]!.has(e.unit);
}
