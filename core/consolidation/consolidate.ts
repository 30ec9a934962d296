/**
 * Consolidation (DESIGN §3): every report and every score of a round in one model, behind all three
 * doors (the add-in, the server, the command line): scores aggregated (means, never sums), ranked
 * with ties sharing a rank, prizes proposed, per field and per unit, units that have not reported,
 * and likely duplicates across units.
 */
import { findUnit, type Round } from '../rounds/round';
import type { StoredEntry } from '../rounds/submission';
import { findDuplicates, PreparedText, type Duplicate, type DuplicateInput } from './duplicates';
import { categoryOf } from '../reader/validate';
import { aggregate, mean, round2, type EntryScores } from './aggregate';
import { scoreColumns, type ScoreColumns, type ScoreInput } from './score-columns';
import type { Issue } from '../types';

export { findDuplicates, PreparedText, type Duplicate } from './duplicates';
export { type EntryScores } from './aggregate';
export { scoreColumns, scoresOf, type ScoreColumns, type ScoreInput } from './score-columns';

export interface ReportInput {
  /** The unit as the report names it (the server's canonical name, or a file's unit column). */
  unit: string;
  /** Where it came from: a file name, or "phiên bản 3". */
  source: string;
  submittedAt?: string;
  entries: ReadonlyArray<StoredEntry>;
  /** The report's findings (from the reader or the server's check), shown beside the entries they are about. */
  issues?: ReadonlyArray<Pick<Issue, 'row' | 'severity' | 'message'>>;
}

export type Category = 'tap-the' | 'ca-nhan';

export interface SummaryEntry extends StoredEntry {
  /** The round's unit this entry belongs to, or null when the report names no expected unit. */
  expectedUnit: string | null;
  source: string;
  category: Category;
  scores: EntryScores | null;
  rank: number | null;
  /** Ranks under the other aggregations, to see whether the order depends on the method. */
  otherRanks: { median: number | null; trimmedMean: number | null; zScaled: number | null };
  /** Another method moves it across a prize boundary or by more than the round's rankShiftPlaces. */
  rankDiffers: boolean;
  prize: { tier: string; amount: number } | null;
  /** The report's findings on this entry's row ("Lỗi: …", "Cảnh báo: …"): the Ghi chú kiểm tra column. */
  findings: string[];
  /** Among the unit's best that qualify (a prize, or the round's forwardMinScore), at most forwardPerUnit: to be forwarded to the city. */
  forward: boolean;
}

export interface UnitSummary {
  name: string;
  kind: Round['units'][number]['kind'];
  entries: number;
  /** `received`: a report whose date is unknown (one received by email); `refused`: sent, but every version refused (never accepted). */
  status: 'on-time' | 'late' | 'received' | 'refused' | 'none';
  submittedAt: string | null;
  /** The unit's last refused report, when it has no accepted one: when, and its first error. */
  refusal: Refusal | null;
  bestRank: number | null;
}


/** A report the server refused (its errors block it): the unit's latest, with its first error. */
export interface Refusal {
  unit: string;
  at: string;
  reason: string;
}

export interface Summary {
  round: { id: string; name: string; year: number };
  entries: SummaryEntry[];
  units: UnitSummary[];
  fields: Array<{ name: string; entries: number; meanScore: number | null }>;
  /** Expected units that never sent a report. */
  missing: string[];
  /** Expected units that sent only refused reports ("Bị trả lại"), apart from those that never sent. */
  refused: Refusal[];
  /** Units whose report has fewer entries than the round asks (at least one: every unit must report). */
  emptyReports: string[];
  /** Reports naming a unit the round does not expect. */
  unknownUnits: string[];
  duplicates: Duplicate[];
  prizes: { tiers: Array<{ name: string; entries: string[]; amount: number }>; total: number };
  /** True when no entry's rank depends on the method enough to matter (see rankDiffers). */
  rankingStable: boolean;
  /** Entries whose reviewers disagree beyond the round's spread threshold, most apart first: to discuss before the results are signed. */
  divergent: Array<{ id: string; unit: string; title: string; spread: number; reviewers: number }>;
  /**
   * Until every entry has the round's minimum of scores (`rubric.minReviewers`), the ranking, the
   * prizes and the forwarding list are provisional (TẠM TÍNH), never final.
   */
  provisional: boolean;
  /** Entries with fewer scores than the minimum. */
  underScored: number;
}

/** Collective when the report says so or names two or more authors; a unit's own entry is collective. */
export function entryCategory(entry: Pick<StoredEntry, 'category' | 'authors'>): Category {
  const said = entry.category ? categoryOf(entry.category) : null;
  if (said) return said;
  if (entry.authors !== undefined && entry.authors.trim() !== '') {
    return entry.authors.split(/[,;\n]|\svà\s/).filter((a) => a.trim()).length >= 2 ? 'tap-the' : 'ca-nhan';
  }
  return 'tap-the';
}

/**
 * Competition ranks (1, 2, 2, 4) of the entries that have a figure, highest first; ties broken
 * by the round's tie-break criteria means, and shared when those tie too.
 */
function rankBy(entries: ReadonlyArray<SummaryEntry>, figure: (e: SummaryEntry) => number | null, tieBreak: string[]): Map<string, number> {
  const scored = entries.filter((e) => figure(e) !== null);
  // Each entry's key once, not two arrays made per comparison (a nation's 10,000 entries, four orders).
  const keys = new Map(scored.map((e) => [e, [figure(e) as number, ...tieBreak.map((k) => e.scores?.mean[k] ?? 0)]]));
  const compare = (a: SummaryEntry, b: SummaryEntry) => {
    const [ka, kb] = [keys.get(a)!, keys.get(b)!];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (kb[i] as number) - (ka[i] as number);
    return 0;
  };
  const sorted = [...scored].sort(compare);
  const ranks = new Map<string, number>();
  sorted.forEach((e, i) => {
    const previous = sorted[i - 1];
    ranks.set(e.id, previous && compare(previous, e) === 0 ? (ranks.get(previous.id) as number) : i + 1);
  });
  return ranks;
}

/**
 * The unit a read report belongs to: the first unit its entries name, or else a line of its title
 * block that is one of the round's units ("PHƯỜNG 5"), or else the first entry's text as written.
 */
export function reportUnit(round: Round, entries: ReadonlyArray<Pick<StoredEntry, 'unit'>>, titleBlock: ReadonlyArray<string> = []): string | null {
  for (const text of [...entries.map((e) => e.unit), ...titleBlock]) {
    const unit = findUnit(round, text);
    if (unit) return unit.name;
  }
  return entries.find((e) => e.unit.trim() !== '')?.unit ?? null;
}

/** An entry of an earlier round on the server, compared with this round's for likely duplicates. */
export interface EarlierEntry extends Pick<SummaryEntry, 'id' | 'unit' | 'title' | 'sections'> {
  year: number;
  /** The unit's name this year, when it was renamed or merged since ("nay là Phường Sài Gòn"). */
  unitNow?: string;
}

/**
 * Likely duplicates among this round's entries, and between them and earlier rounds' entries
 * ("đã có ở năm 2024, Phường 13"): an earlier entry is named with its year, so the same unit's
 * initiative sent again in a later year is found too. Two earlier entries are never compared: they
 * are one group (`DuplicateInput.group`), which the search passes over as it passes over a unit's
 * own entries (at a nation's size, 43,611 of the 99,322 pairs it found were two earlier entries').
 */
function duplicatesWithEarlier(current: ReadonlyArray<DuplicateInput>, earlier: ReadonlyArray<EarlierEntry>, search: DuplicateSearch): Duplicate[] {
  return search(earlier.length === 0 ? current : [...current, ...earlierNamed(earlier)]);
}

/** The group of the earlier years' entries. */
const EARLIER_GROUP = 'năm trước';

/** Earlier entries named with their year, once per list: the server's worker gives the same list to summary after summary. */
const namedEarlier = new WeakMap<ReadonlyArray<EarlierEntry>, DuplicateInput[]>();
function earlierNamed(earlier: ReadonlyArray<EarlierEntry>): DuplicateInput[] {
  let named = namedEarlier.get(earlier);
  if (!named) {
    named = earlier.map((e) => ({ id: e.id, title: e.title, sections: e.sections, unit: `${e.unit} (năm ${e.year})${e.unitNow ? `, nay là ${e.unitNow}` : ''}`, group: EARLIER_GROUP }));
    namedEarlier.set(earlier, named);
  }
  return named;
}

/** A report's findings by the row they are about, errors first, each said with its severity. */
function findingsByRow(report: ReportInput): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  const sorted = [...(report.issues ?? [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  for (const issue of sorted) {
    if (issue.row === null) continue;
    byRow.set(issue.row, [...(byRow.get(issue.row) ?? []), `${issue.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}: ${issue.message}`]);
  }
  return byRow;
}

/** The prize tier (its index) that a rank falls in, counting the tiers' places in order; null past the last. */
function prizeTierOfRank(round: Round): (rank: number) => number | null {
  return (rank) => {
    let places = 0;
    for (const [i, tier] of round.prizes.entries()) {
      places += tier.count;
      if (rank <= places) return i;
    }
    return null;
  };
}

/** Entries whose reviewers' totals are further apart than the round's threshold: for the council to discuss. */
function divergentEntries(entries: ReadonlyArray<SummaryEntry>): Summary['divergent'] {
  return entries
    .filter((e) => e.scores?.spreadFlagged)
    .map((e) => ({ id: e.id, unit: e.expectedUnit ?? e.unit, title: e.title, spread: e.scores!.spread, reviewers: e.scores!.reviewers }))
    .sort((a, b) => b.spread - a.spread);
}

function judgingState(round: Round, entries: ReadonlyArray<SummaryEntry>): Pick<Summary, 'provisional' | 'underScored'> {
  const underScored = entries.filter((e) => (e.scores?.reviewers ?? 0) < round.rubric.minReviewers).length;
  return { provisional: entries.length === 0 || underScored > 0, underScored };
}

/** A duplicate search over entries (findDuplicates, or a DuplicateIndex that follows the changes). */
export type DuplicateSearch = (entries: ReadonlyArray<DuplicateInput>) => Duplicate[];

export interface ConsolidateOptions {
  /**
   * The duplicate search, given the entries in the reports' order (never the ranking's: scores do
   * not move them); by default findDuplicates over the `prepared` words.
   */
  duplicates?: DuplicateSearch;
  /** The entries' words numbered ahead, as their reports arrived (the search numbers any it lacks). */
  prepared?: PreparedText;
  /** Reports the server refused, the latest per unit: a unit with no accepted report is "Bị trả lại", not "Chưa nộp". */
  refusals?: ReadonlyArray<Refusal>;
}

/**
 * The fields of a stored entry a summary entry copies (`consolidate` names each; `category` it
 * works out). What else an entry object carries (the command line's come from the reader, with
 * their cells) stays out of the summary, as it stays out of the store.
 */
export const STORED_FIELDS = ['id', 'row', 'stt', 'unit', 'title', 'field', 'sections', 'note', 'authors', 'phone', 'category'] as const;
// Compiles only while STORED_FIELDS names every field a stored entry has (the test checks that each is copied).
const everyStoredField: Exclude<keyof StoredEntry, (typeof STORED_FIELDS)[number]> extends never ? true : never = true;
void everyStoredField;

/** Units with an accepted report (neither never sent nor only refused). */
export const reportedUnits = (summary: Pick<Summary, 'units'>) => summary.units.filter((u) => u.status !== 'none' && u.status !== 'refused');

export function consolidate(
  round: Round,
  reports: ReadonlyArray<ReportInput>,
  scores: ReadonlyArray<ScoreInput> | ScoreColumns = [],
  earlier: ReadonlyArray<EarlierEntry> = [],
  options: ConsolidateOptions = {},
): Summary {
  const aggregated = aggregate(round, Array.isArray(scores) ? scoreColumns(round, scores) : (scores as ScoreColumns));
  const closes = Date.parse(round.window.closes);

  const entries: SummaryEntry[] = reports.flatMap((report) => {
    const expected = findUnit(round, report.unit) ?? null;
    const findings = findingsByRow(report);
    // Each field named, the entry's own as it has them: a spread (`...e`) copied an entry by V8's generic path, 80–100 ms of a nation's 10,200 at every summary, against 5–15 ms so.
    return report.entries.map((e) => {
      const entry: SummaryEntry = {
        id: e.id,
        row: e.row,
        stt: e.stt,
        unit: e.unit,
        title: e.title,
        field: e.field,
        sections: e.sections,
        note: e.note,
        expectedUnit: expected?.name ?? null,
        source: report.source,
        category: entryCategory(e),
        scores: aggregated.get(e.id) ?? null,
        rank: null,
        otherRanks: { median: null, trimmedMean: null, zScaled: null },
        rankDiffers: false,
        prize: null,
        forward: false,
        findings: findings.get(e.row) ?? [],
      };
      if (e.authors !== undefined) entry.authors = e.authors;
      if (e.phone !== undefined) entry.phone = e.phone;
      return entry;
    });
  });

  // Searched in the reports' order, before the ranking sorts them.
  const searched = entries.map((e) => ({ id: e.id, title: e.title, sections: e.sections, unit: e.expectedUnit ?? e.unit }));
  const tieBreak = round.rubric.tieBreak;
  const ranks = rankBy(entries, (e) => e.scores?.total ?? null, tieBreak);
  const others = {
    median: rankBy(entries, (e) => e.scores?.median ?? null, tieBreak),
    trimmedMean: rankBy(entries, (e) => e.scores?.trimmedMean ?? null, tieBreak),
    zScaled: rankBy(entries, (e) => e.scores?.zScaled ?? null, tieBreak),
  };
  for (const e of entries) {
    e.rank = ranks.get(e.id) ?? null;
    e.otherRanks = { median: others.median.get(e.id) ?? null, trimmedMean: others.trimmedMean.get(e.id) ?? null, zScaled: others.zScaled.get(e.id) ?? null };
  }
  // A rank flagged as depending on the method only where it matters: across a prize boundary, or by more than a few places.
  const prizeTierAt = prizeTierOfRank(round);
  const shift = round.rubric.rankShiftPlaces;
  for (const e of entries) {
    const rank = e.rank;
    e.rankDiffers = rank !== null && Object.values(e.otherRanks).some((r) => r !== null && (Math.abs(r - rank) > shift || prizeTierAt(r) !== prizeTierAt(rank)));
  }
  entries.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));

  // Prizes: tiers filled in rank order; entries tied at a tier's last place all take that tier.
  const tiers = round.prizes.map((p) => ({ name: p.name, entries: [] as string[], amount: 0 }));
  const ranked = entries.filter((e) => e.rank !== null);
  let next = 0;
  round.prizes.forEach((tier, t) => {
    let given = 0;
    while (next < ranked.length && (given < tier.count || (given > 0 && ranked[next]!.rank === ranked[next - 1]!.rank))) {
      const e = ranked[next]!;
      const amount = e.category === 'tap-the' ? tier.amount.tapThe : tier.amount.caNhan;
      e.prize = { tier: tier.name, amount };
      tiers[t]!.entries.push(e.id);
      tiers[t]!.amount += amount;
      given++;
      next++;
    }
  });

  // Each unit forwards its best entries that qualify (a prize, or the round's minimum score), at most forwardPerUnit.
  const perUnit = new Map<string, SummaryEntry[]>();
  for (const e of entries) {
    const unit = e.expectedUnit ?? e.unit;
    (perUnit.get(unit) ?? perUnit.set(unit, []).get(unit)!).push(e);
  }
  const qualifies = (e: SummaryEntry) =>
    e.rank !== null && (e.prize !== null || (round.forwardMinScore !== undefined && (e.scores?.total ?? 0) >= round.forwardMinScore));
  for (const list of perUnit.values()) list.filter(qualifies).slice(0, round.forwardPerUnit).forEach((e) => (e.forward = true));

  const reportsByUnit = new Map<string, ReportInput>();
  const unknownUnits: string[] = [];
  for (const r of reports) {
    const expected = findUnit(round, r.unit);
    if (expected) reportsByUnit.set(expected.name, r);
    else if (!unknownUnits.includes(r.unit)) unknownUnits.push(r.unit);
  }
  const refusals = new Map<string, Refusal>();
  for (const r of options.refusals ?? []) {
    const unit = findUnit(round, r.unit);
    if (unit) refusals.set(unit.name, { unit: unit.name, at: r.at, reason: r.reason });
  }
  const units: UnitSummary[] = round.units.map((u) => {
    const report = reportsByUnit.get(u.name);
    const refusal = report ? null : (refusals.get(u.name) ?? null);
    const own = perUnit.get(u.name) ?? [];
    const ranksOfUnit = own.map((e) => e.rank).filter((r): r is number => r !== null);
    const status: UnitSummary['status'] = !report
      ? refusal
        ? 'refused'
        : 'none'
      : report.submittedAt === undefined
        ? 'received'
        : Date.parse(report.submittedAt) > closes
          ? 'late'
          : 'on-time';
    return {
      name: u.name,
      kind: u.kind,
      entries: own.length,
      status,
      submittedAt: report?.submittedAt ?? null,
      refusal,
      bestRank: ranksOfUnit.length ? Math.min(...ranksOfUnit) : null,
    };
  });

  const fields = round.fields.map((f) => {
    const own = entries.filter((e) => e.field === f.name);
    const totals = own.map((e) => e.scores?.total).filter((t): t is number => t !== undefined);
    return { name: f.name, entries: own.length, meanScore: totals.length ? round2(mean(totals)) : null };
  });

  return {
    round: { id: round.id, name: round.name, year: round.year },
    entries,
    units,
    fields,
    missing: units.filter((u) => u.status === 'none').map((u) => u.name),
    refused: units.flatMap((u) => (u.refusal ? [u.refusal] : [])),
    emptyReports: reportedUnits({ units }).filter((u) => u.entries < Math.max(1, round.minEntriesPerUnit)).map((u) => u.name),
    unknownUnits,
    duplicates: duplicatesWithEarlier(searched, earlier, options.duplicates ?? ((all) => findDuplicates(all, options.prepared))),
    prizes: { tiers, total: tiers.reduce((sum, t) => sum + t.amount, 0) },
    rankingStable: !entries.some((e) => e.rankDiffers),
    divergent: divergentEntries(entries),
    ...judgingState(round, entries),
  };
}
