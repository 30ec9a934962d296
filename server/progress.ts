/**
 * Who has reported and who has scored, for the secretariat: every unit with its state (not sent;
 * sent version N at a time; refused at a time, with the reason), every reviewer with how many of
 * the entries they may score they have scored.
 */
import { accountUnitName, ownUnitsOf } from '../core/rounds/units';
import type { Assignment } from '../core/judging/assignment';
import { latestSubmissions, liveReviewers, roundAssignment, type RoundData } from './rounds';
import type { Account, Data, Score } from './store';

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

type Entry = { id: string; unit: string; title: string };
type MayScore = ReturnType<typeof mayScoreRule>;

/**
 * What Tiến độ is worked out from: the round's latest reports and their entries, the live
 * reviewers and who may score what, and the scores counted so far (each entry's tally, each
 * reviewer's count). Kept between pages (./progress-cache.ts), scores added or made fresh since
 * are counted in (`countScoresSince`) rather than every score again.
 */
export interface ProgressBasis {
  /** The round's settings, its lists of reports and scores, how many reports and how many scores were counted: anything but scores changing since means a new basis. */
  readonly settings: RoundData['round'];
  readonly reports: ReadonlyArray<unknown>;
  readonly scores: ReadonlyArray<Score>;
  readonly reportCount: number;
  seen: number;
  readonly latest: Map<string, RoundData['submissions'][number]>;
  readonly entries: Entry[];
  readonly live: Account[];
  readonly place: Map<string, number>;
  readonly may: MayScore;
  readonly assignment: Assignment | null;
  readonly needed: number;
  /** Each entry's scores that count (one per reviewer): how many, and by whom while fewer than the round's minimum, which is all an entry short of scores names. */
  readonly tally: Map<string, { entry: Entry; count: number; by: string[] }>;
  readonly scored: number[];
  /** Scores of the round's entries made stale by a change of their entry: one scored again is fresh, the same object. */
  stale: Score[];
}

/**
 * At a nation's size (3,400 units, 10,200 entries, 306,000 scores, 30 reviewers) this is the
 * costly part (28–36 ms on the main thread, warm): each score is looked at once with one lookup,
 * and each reviewer's own units are looked up once (`mayScoreRule`), not asked per entry (README, issue #31).
 */
export function progressBasis(data: Readonly<Data>, round: RoundData): ProgressBasis {
  const steps = progressSteps(data, round);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Scores counted in one step of `progressSteps`: a few milliseconds of a nation's 306,000. */
const SCORES_A_STEP = 50_000;

/**
 * `progressBasis` in steps of a few tens of milliseconds at a nation's size, for a caller that lets
 * other requests run between them (progress-cache.ts), and then checks that what the basis was
 * made of did not change meanwhile (`countScoresSince`: scores added since are counted in then).
 */
export function* progressSteps(data: Readonly<Data>, round: RoundData): Generator<void, ProgressBasis> {
  // What the check after compares with, as it is when the reports are read (a report added in a later step would not be among them).
  const { round: settings, submissions: reports, scores } = round;
  const reportCount = reports.length;
  const latest = new Map(latestSubmissions(round).map((s) => [s.unit, s]));
  const entries = [...latest.values()].flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, title: e.title })));
  yield;
  // With an assignment, each reviewer's own list; without, every entry outside their unit.
  const assignment = roundAssignment(data, round);
  const live = liveReviewers(data);
  const may = mayScoreRule(round, live, entries, assignment);
  yield;
  const basis: ProgressBasis = {
    settings,
    reports,
    scores,
    reportCount,
    seen: 0,
    latest,
    entries,
    live,
    place: new Map(live.map((a, i) => [a.id, i])),
    may,
    assignment,
    needed: round.round.rubric.minReviewers,
    tally: new Map(entries.map((e) => [e.id, { entry: e, count: 0, by: [] as string[] }])),
    scored: live.map(() => 0),
    stale: [],
  };
  // Counted a step at a time; a round changed meanwhile (other than by scores) stops the counting, and the caller's check finds it.
  while (basis.seen < round.scores.length && countScoresSince(basis, round, SCORES_A_STEP)) yield;
  return basis;
}

/**
 * Counts in the scores added to the round since `basis` last counted (`most` of them at most), and
 * those made fresh again (scored again after their entry changed). Only scores may have changed: a score is added at the
 * end of the round's list or replaced in place, and is made stale only with a report, which
 * changes the round's reports. False, counting nothing, when anything else changed.
 */
export function countScoresSince(basis: ProgressBasis, round: RoundData, most = Infinity): boolean {
  if (round.round !== basis.settings || round.submissions !== basis.reports || round.submissions.length !== basis.reportCount || round.scores !== basis.scores || round.scores.length < basis.seen) return false;
  const count = (s: Score) => {
    const t = basis.tally.get(s.entryId);
    if (!t) return; // an entry no longer in its unit's latest report
    if (s.stale) return void basis.stale.push(s);
    if (t.count++ < basis.needed) t.by.push(s.reviewerId);
    const i = basis.place.get(s.reviewerId);
    if (i !== undefined && basis.may.score(i, t.entry)) basis.scored[i]! += 1;
  };
  const stale = basis.stale;
  basis.stale = [];
  for (const s of stale) count(s);
  const until = Math.min(round.scores.length, basis.seen + most);
  for (let k = basis.seen; k < until; k++) count(round.scores[k]!);
  basis.seen = until;
  return true;
}

/** Tiến độ from its basis and the round's refusals, which change no count. */
export function progressFrom(basis: ProgressBasis, round: RoundData) {
  const { latest, entries, live, may, tally, needed } = basis;
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
  const reviewers = live.map((a, i) => ({ id: a.id, name: a.name, unit: accountUnitName(round.round, a) ?? null, scored: basis.scored[i]!, toScore: may.count(i) }));
  const shortEntries = entries.filter((e) => short(e.id));
  const count = (state: UnitState['state']) => units.filter((u) => u.state === state).length;
  return {
    round: { id: round.round.id, name: round.round.name, year: round.round.year },
    units,
    reviewers,
    counts: { units: units.length, sent: count('sent'), refused: count('refused'), notSent: count('not-sent'), short: units.filter((u) => u.state === 'sent' && u.shortOfScores > 0).length },
    /** How many entries are short of scores. */
    shortCount: shortEntries.length,
    /**
     * The entries short of scores (from `from` to `to`), each with the reviewers who may score it
     * and have not yet: named only for those asked for, as early in the scoring every entry is
     * short (at a nation's size 10,200 entries × 30 reviewers, 14–30 ms at each score).
     */
    shortOfScores: (from = 0, to = shortEntries.length) =>
      shortEntries.slice(from, to).map((e) => {
        const { by } = tally.get(e.id)!;
        const toScoreIt = live.filter((a, i) => may.score(i, e) && !by.includes(a.id)).map((a) => a.name);
        return { id: e.id, unit: e.unit, title: e.title, scores: by.length, needed, toScore: toScoreIt };
      }),
    /** Entries the assignment cannot give the round's minimum of reviewers (too few outside their unit). */
    shortOfReviewers: basis.assignment?.short.length ?? 0,
  };
}

export type RoundProgress = ReturnType<typeof progressFrom>;

/** Tiến độ whole, every entry short of scores named: what `GET /api/progress` sends without a page. */
export function wholeProgress(progress: RoundProgress) {
  const { shortOfScores, shortCount: _count, ...rest } = progress;
  return { ...rest, shortOfScores: shortOfScores() };
}

/** Tiến độ of `round` whole, worked out from nothing. */
export function roundProgress(data: Readonly<Data>, round: RoundData) {
  return wholeProgress(progressFrom(progressBasis(data, round), round));
}

/**
 * Whether reviewer `i` (of `live`) may score an entry: assigned it, or without an assignment, it is
 * not of their unit; and how many of `entries` they may score. Each reviewer's own units are looked
 * up once (`ownUnitsOf`), not asked per reviewer and entry; the answer is a lookup in each
 * reviewer's few own units, and the count is every entry less their own units'.
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
  const perUnit = new Map<string, number>();
  for (const e of entries) perUnit.set(e.unit, (perUnit.get(e.unit) ?? 0) + 1);
  const ownUnits = ownUnitsOf(round.round, live, perUnit.keys());
  return {
    score: (i, e) => !ownUnits[i]!.has(e.unit),
    count: (i) => entries.length - [...ownUnits[i]!].reduce((sum, unit) => sum + perUnit.get(unit)!, 0),
  };
}
