/**
 * Who has reported and who has scored, for the secretariat: every unit with its state (not sent;
 * sent version N at a time; refused at a time, with the reason), every reviewer with how many of
 * the entries they may score they have scored.
 */
import { accountUnitName, ownUnitRule } from '../core/rounds/units';
import type { Assignment } from '../core/judging/assignment';
import { latestSubmissions, roundAssignment, type RoundData } from './rounds';
import type { Account, Data, Store } from './store';

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
 * main thread when a Tiến độ page follows a change (progressCache keeps it between): each score is
 * looked at once, and "whose unit" is asked once per reviewer and unit, not per reviewer and
 * entry; a reviewer's entries to score are counted by unit, not entry by entry (README, issue #31).
 */
export function roundProgress(data: Readonly<Data>, round: RoundData) {
  const latest = new Map(latestSubmissions(round).map((s) => [s.unit, s]));
  const entries = [...latest.values()].flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, title: e.title })));
  // With an assignment, each reviewer's own list; without, every entry outside their unit.
  const assignment = roundAssignment(data, round);
  const live = data.accounts.filter((a) => a.role === 'reviewer' && !a.revokedAt);
  const place = new Map(live.map((a, i) => [a.id, i]));
  const may = mayScoreRule(round, live, entries, assignment);
  // Each entry's scores that count (not made stale by a change of the entry; one per reviewer): how many, and by whom
  // while fewer than the round's minimum, which is all an entry short of scores names. One lookup per score.
  const needed = round.round.rubric.minReviewers;
  const tally = new Map(entries.map((e) => [e.id, { entry: e, count: 0, by: [] as string[] }]));
  const scored = live.map(() => 0);
  for (const s of round.scores) {
    if (s.stale) continue;
    const t = tally.get(s.entryId);
    if (!t) continue; // an entry no longer in its unit's latest report
    if (t.count++ < needed) t.by.push(s.reviewerId);
    const i = place.get(s.reviewerId);
    if (i !== undefined && may.score(i, t.entry)) scored[i]! += 1;
  }
  const short = (id: string) => (tally.get(id)?.count ?? 0) < needed;
  const refused = new Map(round.refusals.map((r) => [r.unit, r]));
  const units: UnitState[] = round.round.units.map((u) => {
    const sent = latest.get(u.name);
    const refusal = refused.get(u.name);
    const about: UnitAbout = { unit: u.name, kind: u.kind, ...(u.code ? { code: u.code } : {}), ...(u.contact ? { contact: u.contact } : {}) };
    // A refusal after the last accepted version is the unit's state now; an earlier one is history.
    if (refusal && (!sent || refusal.at > sent.submittedAt)) return Object.assign(about, { state: 'refused' as const, at: refusal.at, reason: refusal.reason, errors: refusal.errors, version: sent?.version ?? null });
    if (sent) return Object.assign(about, { state: 'sent' as const, version: sent.version, at: sent.submittedAt, entries: sent.entries.length, shortOfScores: sent.entries.filter((e) => short(e.id)).length });
    return Object.assign(about, { state: 'not-sent' as const });
  });
  const reviewers = live.map((a, i) => ({ id: a.id, name: a.name, unit: accountUnitName(round.round, a) ?? null, scored: scored[i]!, toScore: may.count(i) }));
  // The entries short of scores, each with the reviewers who may score it and have not yet.
  const shortOfScores = entries
    .filter((e) => short(e.id))
    .map((e) => {
      const { by } = tally.get(e.id)!;
      const toScoreIt = live.filter((a, i) => may.score(i, e) && !by.includes(a.id)).map((a) => a.name);
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

export type RoundProgress = ReturnType<typeof roundProgress>;

/**
 * Tiến độ worked out once for each state of what it is made of, not at every page the secretariat
 * turns: the round's own content (its settings, reports and scores: the store's version of them),
 * its refusals (a new list at each refusal) and the live reviewers as progress names them. A few
 * rounds are kept (the active one and the earlier years being looked at), the latest asked first.
 */
export function progressCache(store: Pick<Store, 'ownContentVersion'>, rounds = 3) {
  const kept = new Map<string, { version: string; refusals: object; reviewers: string; progress: RoundProgress }>();
  return (data: Readonly<Data>, round: RoundData): RoundProgress => {
    const id = round.round.id;
    const version = store.ownContentVersion(id);
    const reviewers = data.accounts
      .filter((a) => a.role === 'reviewer' && !a.revokedAt)
      .map((a) => `${a.id}\u0000${a.name}\u0000${a.unitId ?? ''}\u0000${a.unit ?? ''}`)
      .join('\u0001');
    const held = kept.get(id);
    kept.delete(id);
    const progress = held && held.version === version && held.refusals === round.refusals && held.reviewers === reviewers ? held.progress : roundProgress(data, round);
    kept.set(id, { version, refusals: round.refusals, reviewers, progress });
    for (const old of kept.keys()) if (kept.size > rounds) kept.delete(old);
    return progress;
  };
}

/**
 * Whether reviewer `i` (of `live`) may score an entry: assigned it, or without an assignment, it is
 * not of their unit; and how many of `entries` they may score. "Whose unit" is asked once per
 * reviewer and unit (3,400 × 30 at a nation's size), not per reviewer and entry; the answer is a
 * lookup in each reviewer's few own units, and the count is every entry less their own units'.
 */
function mayScoreRule(
  round: RoundData,
  live: ReadonlyArray<Account>,
  entries: ReadonlyArray<{ id: string; unit: string }>,
  assignment: Assignment | null,
): { score(i: number, e: { id: string; unit: string }): boolean; count(i: number): number } {
  if (assignment) {
    const ids = new Set(entries.map((e) => e.id));
    const assigned = live.map((a) => new Set(assignment.byReviewer.get(a.id)));
    return { score: (i, e) => assigned[i]!.has(e.id), count: (i) => [...assigned[i]!].filter((id) => ids.has(id)).length };
  }
  const own = ownUnitRule(round.round, live);
  const perUnit = new Map<string, number>();
  for (const e of entries) perUnit.set(e.unit, (perUnit.get(e.unit) ?? 0) + 1);
  const ownUnits = live.map((_, i) => new Set([...perUnit.keys()].filter((unit) => own(i, unit))));
  return {
    score: (i, e) => !ownUnits[i]!.has(e.unit),
    count: (i) => entries.length - [...ownUnits[i]!].reduce((sum, unit) => sum + perUnit.get(unit)!, 0),
  };
}
