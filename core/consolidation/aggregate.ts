/**
 * Scores aggregated per entry (DESIGN §3): means, never sums; the median, the trimmed mean and
 * z-scores per reviewer beside them, to see whether the ranking depends on the method. Read from
 * columns (ScoreColumns), the form the server's summary worker is handed the scores in.
 */
import type { Round } from '../rounds/round';
import { nullRecord } from '../records';
import type { ScoreColumns } from './score-columns';

export interface EntryScores {
  reviewers: number;
  /** Mean of the reviewers' points, per criterion. */
  mean: Record<string, number>;
  /** Mean of the reviewers' totals: the ranking figure. */
  total: number;
  median: number;
  /** Mean without the highest and lowest total; only with 5 reviewers or more. */
  trimmedMean: number | null;
  /** Mean of each reviewer's z-score, rescaled to the rubric's range (cancels harsh and lenient reviewers). */
  zScaled: number;
  /** Highest minus lowest total. */
  spread: number;
  spreadFlagged: boolean;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const round2 = (x: number) => Math.round(x * 100) / 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function stdev(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Aggregated scores of every scored entry; stale scores are left out until re-checked. Read from
 * columns: each score's total once, scores grouped by entry and by reviewer as index lists (at a
 * nation's 300,000 scores, objects per score were most of a summary's aggregation).
 */
export function aggregate(round: Round, scores: ScoreColumns): Map<string, EntryScores> {
  const k = scores.criteria.length;
  const keys = round.rubric.criteria.map((c) => c.key);
  // The columns' criteria are the round's when built for it; a criterion they lack counts 0, as a point not given.
  const column = keys.map((key) => scores.criteria.indexOf(key));
  const pointOf = (i: number, c: number) => {
    const at = column[c] as number;
    const value = at < 0 ? Number.NaN : (scores.points[i * k + at] as number);
    return Number.isNaN(value) ? 0 : value;
  };
  const count = scores.entry.length;
  const totals = new Float64Array(count);
  for (let i = 0; i < count; i++) for (let c = 0; c < keys.length; c++) totals[i] = (totals[i] as number) + pointOf(i, c);
  const maxTotal = round.rubric.criteria.reduce((sum, c) => sum + c.max, 0);

  // Live scores by reviewer and by entry, in the scores' order (the sums add up in the same order as ever).
  const byReviewer: number[][] = scores.reviewerIds.map(() => []);
  const byEntry: number[][] = scores.entryIds.map(() => []);
  const allTotals: number[] = [];
  for (let i = 0; i < count; i++) {
    if (scores.stale[i] === 1) continue;
    byReviewer[scores.reviewer[i] as number]!.push(totals[i] as number);
    byEntry[scores.entry[i] as number]!.push(i);
    allTotals.push(totals[i] as number);
  }
  // Per reviewer: the mean and spread of their totals, for z-scores.
  const reviewerStats = byReviewer.map((list) => (list.length ? { mean: mean(list), sd: stdev(list) } : null));
  const globalMean = allTotals.length ? mean(allTotals) : 0;
  const globalSd = stdev(allTotals);

  const result = new Map<string, EntryScores>();
  byEntry.forEach((list, entry) => {
    if (list.length === 0) return;
    const entryTotals = list.map((i) => totals[i] as number);
    const z = list.map((i) => {
      const st = reviewerStats[scores.reviewer[i] as number]!;
      return st.sd > 0 ? ((totals[i] as number) - st.mean) / st.sd : 0;
    });
    const sorted = [...entryTotals].sort((a, b) => a - b);
    const spread = (sorted[sorted.length - 1] as number) - (sorted[0] as number);
    result.set(scores.entryIds[entry] as string, {
      reviewers: list.length,
      mean: nullRecord(keys.map((key, c) => [key, round2(mean(list.map((i) => pointOf(i, c))))])),
      total: round2(mean(entryTotals)),
      median: round2(median(entryTotals)),
      trimmedMean: list.length >= 5 ? round2(mean(sorted.slice(1, -1))) : null,
      zScaled: round2(Math.min(maxTotal, Math.max(0, globalMean + mean(z) * globalSd))),
      spread: round2(spread),
      spreadFlagged: spread > round.rubric.spreadThreshold,
    });
  });
  return result;
}

