/**
 * Scores aggregated per entry (DESIGN §3): means, never sums; the median, the trimmed mean and
 * z-scores per reviewer beside them, to see whether the ranking depends on the method. Read from
 * columns (ScoreColumns), the form the server's summary worker is handed the scores in.
 */
import type { Round } from '../rounds/round';
import type { Points } from '../judging/scoring';
import { nullRecord, own } from '../records';

export interface ScoreInput {
  entryId: string;
  reviewerId: string;
  points: Points;
  stale?: boolean;
}

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
 * Scores as columns: what aggregation reads of them (entry and reviewer by index, points in the
 * rubric's criteria order, NaN where not given). The server's summary worker receives them so
 * (typed arrays, handed over rather than cloned) and never makes 300,000 objects of them again.
 */
export interface ScoreColumns {
  criteria: string[];
  entryIds: string[];
  reviewerIds: string[];
  entry: Int32Array;
  reviewer: Int32Array;
  points: Float64Array;
  stale: Uint8Array;
}

/** Builds ScoreColumns one score at a time (the server adds them in slices, serving requests between). */
export class ScoreColumnsBuilder {
  readonly columns: ScoreColumns;
  private readonly entryIndex = new Map<string, number>();
  private readonly reviewerIndex = new Map<string, number>();
  private added = 0;

  /** For `count` scores of `round` (its criteria in order). */
  constructor(round: Pick<Round, 'rubric'>, count: number) {
    const criteria = round.rubric.criteria.map((c) => c.key);
    this.columns = {
      criteria,
      entryIds: [],
      reviewerIds: [],
      entry: new Int32Array(count),
      reviewer: new Int32Array(count),
      points: new Float64Array(count * criteria.length).fill(Number.NaN),
      stale: new Uint8Array(count),
    };
  }

  add(score: ScoreInput): void {
    const { columns } = this;
    const i = this.added++;
    const indexOf = (map: Map<string, number>, list: string[], id: string) => map.get(id) ?? (map.set(id, list.push(id) - 1), list.length - 1);
    columns.entry[i] = indexOf(this.entryIndex, columns.entryIds, score.entryId);
    columns.reviewer[i] = indexOf(this.reviewerIndex, columns.reviewerIds, score.reviewerId);
    columns.criteria.forEach((key, c) => {
      const value = own(score.points, key);
      if (value !== undefined) columns.points[i * columns.criteria.length + c] = value;
    });
    columns.stale[i] = score.stale ? 1 : 0;
  }
}

export function scoreColumns(round: Round, scores: ReadonlyArray<ScoreInput>): ScoreColumns {
  const builder = new ScoreColumnsBuilder(round, scores.length);
  for (const score of scores) builder.add(score);
  return builder.columns;
}

/** The scores one by one again (the council's documents list each member's). */
export function scoresOf(columns: ScoreColumns): ScoreInput[] {
  const k = columns.criteria.length;
  return Array.from(columns.entry, (entry, i) => {
    const points: Record<string, number> = {};
    columns.criteria.forEach((key, c) => {
      const value = columns.points[i * k + c] as number;
      if (!Number.isNaN(value)) points[key] = value;
    });
    return { entryId: columns.entryIds[entry] as string, reviewerId: columns.reviewerIds[columns.reviewer[i] as number] as string, points, stale: columns.stale[i] === 1 };
  });
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

