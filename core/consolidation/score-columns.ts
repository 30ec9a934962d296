/**
 * Scores as columns: what aggregation reads of them (entry and reviewer by index, points in the
 * rubric's criteria order, NaN where not given). The server's summary worker receives them so
 * (typed arrays, handed over rather than cloned) and never makes 300,000 objects of them again;
 * the server keeps them between summaries and hands over only what changed (score-hand-over.ts).
 */
import type { Round } from '../rounds/round';
import type { Points } from '../judging/scoring';
import { own } from '../records';

export interface ScoreInput {
  entryId: string;
  reviewerId: string;
  points: Points;
  stale?: boolean;
}

export interface ScoreColumns {
  criteria: string[];
  entryIds: string[];
  reviewerIds: string[];
  entry: Int32Array;
  reviewer: Int32Array;
  points: Float64Array;
  stale: Uint8Array;
}

/** What the columns read of a round: its criteria's keys, in order. */
export type CriteriaOf = { rubric: { criteria: ReadonlyArray<Pick<Round['rubric']['criteria'][number], 'key'>> } };

/** The scores changed since the last hand-over: their places, their rows, the ids numbered since, and how many scores there are now. */
export interface ScoreChanges {
  count: number;
  at: Int32Array;
  entry: Int32Array;
  reviewer: Int32Array;
  points: Float64Array;
  stale: Uint8Array;
  entryIds: string[];
  reviewerIds: string[];
}

/** Builds ScoreColumns one score at a time (the server adds them in slices, serving requests between); grows as scores are added. */
export class ScoreColumnsBuilder {
  private readonly entryIndex = new Map<string, number>();
  private readonly reviewerIndex = new Map<string, number>();
  private readonly criteria: string[];
  private entryIds: string[] = [];
  private reviewerIds: string[] = [];
  private entry: Int32Array;
  private reviewer: Int32Array;
  private points: Float64Array;
  private stale: Uint8Array;
  /** How many scores the columns hold. */
  count = 0;

  /** For about `capacity` scores of `round` (its criteria in order: all the builder reads of it). */
  constructor(round: CriteriaOf, capacity: number) {
    this.criteria = round.rubric.criteria.map((c) => c.key);
    this.entry = new Int32Array(capacity);
    this.reviewer = new Int32Array(capacity);
    this.points = new Float64Array(capacity * this.criteria.length).fill(Number.NaN);
    this.stale = new Uint8Array(capacity);
  }

  /** Whether the columns are laid out for `round`'s criteria, in its order. */
  fits(round: CriteriaOf): boolean {
    const keys = round.rubric.criteria;
    return keys.length === this.criteria.length && keys.every((c, i) => c.key === this.criteria[i]);
  }

  private grow(): void {
    const bigger = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(Math.max(16, a.length * 2));
      b.set(a);
      return b;
    };
    this.entry = bigger(this.entry, (n) => new Int32Array(n));
    this.reviewer = bigger(this.reviewer, (n) => new Int32Array(n));
    this.stale = bigger(this.stale, (n) => new Uint8Array(n));
    const points = new Float64Array(Math.max(16, this.entry.length) * this.criteria.length).fill(Number.NaN);
    points.set(this.points);
    this.points = points;
  }

  add(score: ScoreInput): void {
    if (this.count === this.entry.length) this.grow();
    this.put(this.count++, score);
  }

  /** Writes score `i` (one added before, or the next). */
  put(i: number, score: ScoreInput): void {
    const indexOf = (map: Map<string, number>, list: string[], id: string) => map.get(id) ?? (map.set(id, list.push(id) - 1), list.length - 1);
    this.entry[i] = indexOf(this.entryIndex, this.entryIds, score.entryId);
    this.reviewer[i] = indexOf(this.reviewerIndex, this.reviewerIds, score.reviewerId);
    const k = this.criteria.length;
    this.criteria.forEach((key, c) => {
      this.points[i * k + c] = own(score.points, key) ?? Number.NaN;
    });
    this.stale[i] = score.stale ? 1 : 0;
  }

  /**
   * The builder over columns received whole (the worker's copy), to apply later changes to with
   * `write` and `appendIds`; it numbers no ids of its own (`put` and `add` are the sender's).
   */
  static of(columns: ScoreColumns): ScoreColumnsBuilder {
    const builder = new ScoreColumnsBuilder({ rubric: { criteria: columns.criteria.map((key) => ({ key })) } }, 0);
    builder.entry = columns.entry;
    builder.reviewer = columns.reviewer;
    builder.points = columns.points;
    builder.stale = columns.stale;
    builder.count = columns.entry.length;
    builder.appendIds(columns.entryIds, columns.reviewerIds);
    return builder;
  }

  /** Score `i` (one held, or the next) from a hand-over's row `j`: entry and reviewer by index, as the sender numbered them. */
  write(i: number, changes: ScoreChanges, j: number): void {
    while (i >= this.entry.length) this.grow();
    this.count = Math.max(this.count, i + 1);
    this.entry[i] = changes.entry[j] as number;
    this.reviewer[i] = changes.reviewer[j] as number;
    const k = this.criteria.length;
    this.points.set(changes.points.subarray(j * k, (j + 1) * k), i * k);
    this.stale[i] = changes.stale[j] as number;
  }

  /** Ids the sender numbered since the last hand-over (indexes only: the receiver never looks a score up by id). */
  appendIds(entryIds: ReadonlyArray<string>, reviewerIds: ReadonlyArray<string>): void {
    this.entryIds.push(...entryIds);
    this.reviewerIds.push(...reviewerIds);
  }

  /** How many entry and reviewer ids are numbered. */
  get idCounts(): { entries: number; reviewers: number } {
    return { entries: this.entryIds.length, reviewers: this.reviewerIds.length };
  }

  /** The rows at places `at`, as a hand-over carries them. */
  rows(at: Int32Array): Pick<ScoreChanges, 'entry' | 'reviewer' | 'points' | 'stale'> {
    const k = this.criteria.length;
    const rows = { entry: new Int32Array(at.length), reviewer: new Int32Array(at.length), points: new Float64Array(at.length * k), stale: new Uint8Array(at.length) };
    at.forEach((i, j) => {
      rows.entry[j] = this.entry[i] as number;
      rows.reviewer[j] = this.reviewer[i] as number;
      rows.points.set(this.points.subarray(i * k, (i + 1) * k), j * k);
      rows.stale[j] = this.stale[i] as number;
    });
    return rows;
  }

  entryIdsFrom(n: number): string[] {
    return this.entryIds.slice(n);
  }

  reviewerIdsFrom(n: number): string[] {
    return this.reviewerIds.slice(n);
  }

  staleAt(i: number): boolean {
    return this.stale[i] === 1;
  }

  entryIdAt(i: number): string | undefined {
    return this.entryIds[this.entry[i] as number];
  }

  reviewerIdAt(i: number): string | undefined {
    return this.reviewerIds[this.reviewer[i] as number];
  }

  /** The columns as they are (views of the builder's arrays: hand them over only when the builder is done). */
  get columns(): ScoreColumns {
    const n = this.count;
    return { criteria: this.criteria, entryIds: this.entryIds, reviewerIds: this.reviewerIds, entry: this.entry.subarray(0, n), reviewer: this.reviewer.subarray(0, n), points: this.points.subarray(0, n * this.criteria.length), stale: this.stale.subarray(0, n) };
  }

  /** A copy of the columns, theirs to keep or hand over, while the builder goes on. */
  copy(): ScoreColumns {
    const n = this.count;
    return { criteria: [...this.criteria], entryIds: [...this.entryIds], reviewerIds: [...this.reviewerIds], entry: this.entry.slice(0, n), reviewer: this.reviewer.slice(0, n), points: this.points.slice(0, n * this.criteria.length), stale: this.stale.slice(0, n) };
  }
}

export function scoreColumns(round: CriteriaOf, scores: ReadonlyArray<ScoreInput>): ScoreColumns {
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
