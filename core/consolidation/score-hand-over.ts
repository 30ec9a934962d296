/**
 * A round's scores as columns kept between summaries (KeptScoreColumns, on the server's main
 * thread) and handed to the summary worker as the changes since its last job (HeldScoreColumns,
 * in the worker): a nation's 306,000 scores are packed once, then a score at a time.
 */
import type { Points } from '../judging/scoring';
import { ScoreColumnsBuilder, type CriteriaOf, type ScoreChanges, type ScoreColumns, type ScoreInput } from './score-columns';

/** What the summary worker is handed: every score's columns, or the scores changed since its last (ScoreChanges). */
export type ScoreHandOver = { whole: ScoreColumns } | { changes: ScoreChanges };

/** The ArrayBuffers of a hand-over, to transfer rather than copy. */
export function handOverBuffers(handOver: ScoreHandOver): ArrayBuffer[] {
  const c = 'whole' in handOver ? handOver.whole : handOver.changes;
  return [c.entry, c.reviewer, c.points, c.stale, ...('at' in c ? [c.at] : [])].map((a) => a.buffer as ArrayBuffer);
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
  /** The scores packed, by place, and the points each had then (a record is changed by replacing its fields; its staleness is in the columns). */
  private records: ScoreInput[] = [];
  private pointsThen: Points[] = [];
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
  async update(round: CriteriaOf, scores: ReadonlyArray<ScoreInput>, between: () => Promise<void> = async () => undefined, slice = 5_000): Promise<void> {
    const kept = this.builder && this.builder.fits(round) && scores.length >= this.records.length ? this.builder : null;
    const builder = kept ?? new ScoreColumnsBuilder(round, scores.length);
    if (!kept) {
      this.records = [];
      this.pointsThen = [];
      this.changed = null;
      this.wholePacks++;
    }
    let packed = 0;
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] as ScoreInput;
      if (i < this.records.length) {
        const was = this.records[i] as ScoreInput;
        if (was === score && score.points === this.pointsThen[i] && (score.stale ?? false) === builder.staleAt(i)) continue;
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
