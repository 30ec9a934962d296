/**
 * Scores as columns: what aggregation reads of them (entry and reviewer by index, points in the
 * rubric's criteria order, NaN where not given). The server's summary worker receives them so
 * (typed arrays, handed over rather than cloned) and never makes 300,000 objects of them again;
 * the server keeps them between summaries (KeptScoreColumns) and packs only what changed.
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

/** What the summary worker is handed: every score's columns, or the scores changed since its last (ScoreChanges). */
export type ScoreHandOver = { whole: ScoreColumns } | { changes: ScoreChanges };

/** The ArrayBuffers of a hand-over, to transfer rather than copy. */
export function handOverBuffers(handOver: ScoreHandOver): ArrayBuffer[] {
  const c = 'whole' in handOver ? handOver.whole : handOver.changes;
  return [c.entry, c.reviewer, c.points, c.stale, ...('at' in c ? [c.at] : [])].map((a) => a.buffer as ArrayBuffer);
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

  /** For about `capacity` scores of `round` (its criteria in order). */
  constructor(round: Pick<Round, 'rubric'>, capacity: number) {
    this.criteria = round.rubric.criteria.map((c) => c.key);
    this.entry = new Int32Array(capacity);
    this.reviewer = new Int32Array(capacity);
    this.points = new Float64Array(capacity * this.criteria.length).fill(Number.NaN);
    this.stale = new Uint8Array(capacity);
  }

  /** Whether the columns are laid out for `round`'s criteria, in its order. */
  fits(round: Pick<Round, 'rubric'>): boolean {
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

  /** The builder over columns received whole (the worker's copy), to apply later changes to. */
  static of(columns: ScoreColumns): ScoreColumnsBuilder {
    const rubric = { criteria: columns.criteria.map((key) => ({ key })) } as unknown as Round['rubric'];
    const builder = new ScoreColumnsBuilder({ rubric }, 0);
    Object.assign(builder, { entry: columns.entry, reviewer: columns.reviewer, points: columns.points, stale: columns.stale, count: columns.entry.length });
    builder.entryIds.push(...columns.entryIds);
    builder.reviewerIds.push(...columns.reviewerIds);
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

export function scoreColumns(round: Pick<Round, 'rubric'>, scores: ReadonlyArray<ScoreInput>): ScoreColumns {
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
 * A round's scores as columns, kept between summaries: a score added since is packed, one changed
 * in place (the store overwrites a score's record: new points, marked stale) is packed again, the
 * rest is not read beyond a comparison. Packing a nation's 306,000 scores afresh held the main
 * thread 0.2 s for each summary, 0.7 s with the collections it caused. Any other change (a score
 * gone, a place holding another score, new criteria) packs them whole. The columns always equal
 * scoreColumns(round, scores); a receiver that holds the last hand-over is handed only the places
 * changed since (HeldScoreColumns applies them), not 13 MB of columns again.
 */
export class KeptScoreColumns {
  private builder: ScoreColumnsBuilder | null = null;
  /** The scores packed, by place, and the points and staleness each had then (a record is changed by replacing its fields). */
  private records: ScoreInput[] = [];
  private pointsThen: Points[] = [];
  private staleThen: boolean[] = [];
  /** Places packed since the last hand-over; null once packed whole since (the next hand-over is whole). */
  private changed: Set<number> | null = null;
  /** How many entry and reviewer ids the last hand-over had numbered. */
  private handedIds = { entries: 0, reviewers: 0 };
  /** How many times the scores were packed whole, how many scores were packed one by one since, how many hand-overs were whole (tests and benches read them). */
  wholePacks = 0;
  scoresPacked = 0;
  wholeHandOvers = 0;

  /**
   * Brings the columns up to `scores`, packing in slices of `slice` scores and awaiting `between`
   * after each (the server serves requests there); `scores` must not change meanwhile.
   */
  async update(round: Pick<Round, 'rubric'>, scores: ReadonlyArray<ScoreInput>, between: () => Promise<void> = async () => undefined, slice = 5_000): Promise<void> {
    const kept = this.builder && this.builder.fits(round) && scores.length >= this.records.length ? this.builder : null;
    const builder = kept ?? new ScoreColumnsBuilder(round, scores.length);
    if (!kept) {
      this.records = [];
      this.pointsThen = [];
      this.staleThen = [];
      this.changed = null;
      this.wholePacks++;
    }
    let packed = 0;
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] as ScoreInput;
      if (i < this.records.length) {
        const was = this.records[i] as ScoreInput;
        if (was === score && score.points === this.pointsThen[i] && (score.stale ?? false) === this.staleThen[i]) continue;
        // Another score in this place, or one of another entry or reviewer: whole again (the ids' order must be the one a whole pack gives).
        if (was !== score || score.entryId !== builder.entryIdAt(i) || score.reviewerId !== builder.reviewerIdAt(i)) {
          this.builder = null;
          return this.update(round, scores, between, slice);
        }
        builder.put(i, score);
      } else {
        builder.add(score);
        this.records.push(score);
      }
      this.changed?.add(i);
      this.pointsThen[i] = score.points;
      this.staleThen[i] = score.stale ?? false;
      if (++packed % slice === 0) await between();
    }
    this.builder = builder;
    if (kept) this.scoresPacked += packed;
  }

  /**
   * What a receiver needs to have the columns as they are now: every score (a copy, theirs to
   * keep) when it does not hold the last hand-over (`holds` false) or they were packed whole since;
   * else the places changed since. Either way, the next hand-over is counted from this one.
   */
  handOver(holds: boolean): ScoreHandOver {
    const builder = this.builder;
    if (!builder) throw new Error('no scores packed yet');
    let answer: ScoreHandOver;
    if (!holds || this.changed === null) {
      answer = { whole: builder.copy() };
      this.wholeHandOvers++;
    } else {
      const at = Int32Array.from([...this.changed].sort((a, b) => a - b));
      answer = { changes: { count: builder.count, at, ...builder.rows(at), entryIds: builder.entryIdsFrom(this.handedIds.entries), reviewerIds: builder.reviewerIdsFrom(this.handedIds.reviewers) } };
    }
    this.changed = new Set();
    this.handedIds = builder.idCounts;
    return answer;
  }
}

/**
 * The receiver's side (the summary worker): the columns of the last hand-over, brought up to date
 * by the next. Changes that cannot be applied leave it holding nothing, and are refused until a
 * whole hand-over comes (the sender hands over whole after a failed job).
 */
export class HeldScoreColumns {
  private builder: ScoreColumnsBuilder | null = null;

  apply(handOver: ScoreHandOver): ScoreColumns {
    if ('whole' in handOver) {
      this.builder = ScoreColumnsBuilder.of(handOver.whole);
      return this.builder.columns;
    }
    const builder = this.builder;
    this.builder = null;
    const { changes } = handOver;
    if (!builder || builder.count > changes.count) throw new Error('score changes without the scores they change');
    builder.appendIds(changes.entryIds, changes.reviewerIds);
    changes.at.forEach((i, j) => builder.write(i, changes, j));
    if (builder.count !== changes.count) throw new Error('score changes do not add up');
    this.builder = builder;
    return builder.columns;
  }
}
