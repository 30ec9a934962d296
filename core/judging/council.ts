/**
 * The council's decision on each entry (Hội đồng): each member's total side by side, the mean, and
 * whether the entry is recognised under the round's rule: a minimum mean total, or a share of the
 * members who scored it (such as 2/3) giving it at least a pass mark. Without a rule of its own, a
 * round recognises a mean of half the rubric's full marks (or its forwarding minimum when set).
 * An entry short of the round's minimum of scores is neither recognised nor refused yet.
 */
import type { ScoreInput, Summary, SummaryEntry } from '../consolidation/consolidate';
import { own } from '../records';
import type { Round } from '../rounds/round';

export type Recognition = NonNullable<NonNullable<Round['council']>['recognition']>;

export interface CouncilEntry {
  entry: SummaryEntry;
  /** Each member's total, in the order of `members`; null where the member did not score it. */
  totals: Array<number | null>;
  recognised: boolean | null;
  /** Why it is not recognised (or not yet decided); "" when recognised. */
  reason: string;
}

export interface Council {
  members: Array<{ id: string; name: string }>;
  rule: Recognition;
  /** The rule as the minutes state it. */
  ruleText: string;
  entries: CouncilEntry[];
}

const fullMarks = (round: Round) => round.rubric.criteria.reduce((sum, c) => sum + c.max, 0);
/** 42.5 → "42,5"; 50 → "50". */
export const decimal = (value: number) => String(Math.round(value * 100) / 100).replace('.', ',');

export function recognitionRule(round: Round): Recognition {
  return round.council?.recognition ?? { rule: 'mean', min: round.forwardMinScore ?? fullMarks(round) / 2 };
}

export function ruleText(round: Round, rule: Recognition = recognitionRule(round)): string {
  const base = `Mỗi mô hình cần ít nhất ${round.rubric.minReviewers} thành viên chấm; điểm của mô hình là trung bình tổng điểm của các thành viên đã chấm (thang ${decimal(fullMarks(round))} điểm).`;
  return rule.rule === 'mean'
    ? `${base} Mô hình được công nhận khi điểm trung bình đạt từ ${decimal(rule.min)} điểm trở lên.`
    : `${base} Mô hình được công nhận khi ít nhất ${rule.share} số thành viên đã chấm cho từ ${decimal(rule.pass)} điểm trở lên.`;
}

function decide(round: Round, rule: Recognition, entry: SummaryEntry, totals: number[]): Pick<CouncilEntry, 'recognised' | 'reason'> {
  const needed = round.rubric.minReviewers;
  if (totals.length < needed) return { recognised: null, reason: `Chưa đủ ${needed} thành viên chấm (mới có ${totals.length})` };
  if (rule.rule === 'mean') {
    const mean = entry.scores?.total ?? 0;
    return mean >= rule.min ? { recognised: true, reason: '' } : { recognised: false, reason: `Điểm trung bình ${decimal(mean)}, dưới mức công nhận ${decimal(rule.min)} điểm` };
  }
  const [at, of] = rule.share.split('/').map(Number) as [number, number];
  const passing = totals.filter((t) => t >= rule.pass).length;
  // "At least 2/3 of the members": passing/members ≥ at/of, in whole numbers (no rounding).
  return passing * of >= at * totals.length
    ? { recognised: true, reason: '' }
    : { recognised: false, reason: `${passing}/${totals.length} thành viên cho từ ${decimal(rule.pass)} điểm, cần ít nhất ${rule.share}` };
}

/** The council's view of the round: members who scored, each entry's totals by member, the decision. */
export function council(round: Round, summary: Pick<Summary, 'entries'>, scores: ReadonlyArray<ScoreInput>, reviewers: ReadonlyArray<{ id: string; name: string }>): Council {
  const keys = round.rubric.criteria.map((c) => c.key);
  const live = scores.filter((s) => !s.stale);
  const names = new Map(reviewers.map((r) => [r.id, r.name]));
  const memberIds = [...new Set(live.map((s) => s.reviewerId))].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'vi'));
  const column = new Map(memberIds.map((id, i) => [id, i]));
  const byEntry = new Map<string, Array<number | null>>();
  for (const s of live) {
    const row = byEntry.get(s.entryId) ?? byEntry.set(s.entryId, memberIds.map(() => null)).get(s.entryId)!;
    row[column.get(s.reviewerId)!] = keys.reduce((sum, k) => sum + (own(s.points, k) ?? 0), 0);
  }
  const rule = recognitionRule(round);
  return {
    members: memberIds.map((id, i) => ({ id, name: names.get(id) || `Thành viên ${i + 1}` })),
    rule,
    ruleText: ruleText(round, rule),
    entries: summary.entries.map((entry) => {
      const totals = byEntry.get(entry.id) ?? memberIds.map(() => null);
      return { entry, totals, ...decide(round, rule, entry, totals.filter((t): t is number => t !== null)) };
    }),
  };
}

/** What the secretariat recorded of how the council settled an entry's divergent scores, or "". */
export function settledNote(round: Round, entryId: string): string {
  return round.council?.settled.find((s) => s.entry === entryId)?.note ?? '';
}
