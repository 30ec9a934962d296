/**
 * A round's scores as the snapshot keeps them (format 4): one column per field, a value per score,
 * with the strings every score repeats (its reviewer, its unit, its criteria) kept once in a list
 * and named by their place. At a nation's size the scores were 57 % of the snapshot as objects
 * (306,000 of them, 325 bytes each, their field names and reviewers' ids written out every time),
 * and reading the snapshot is most of start-up. Columns, not a row per score: parsed, 306,000 rows
 * were as many arrays to collect again. The scores come back as the same `Score` objects, which
 * the data schema then checks as before; the reviewers, units, entries' ids and fingerprints so read are one string each, shared.
 */
import type { Score } from './schema';

export interface ScoreTable {
  reviewers: string[];
  units: string[];
  /** Each list of criteria a score's points were given for, in the order its points are written. */
  criteria: string[][];
  id: string[];
  entryId: string[];
  /** Places in `reviewers`, `units` and `criteria`. */
  reviewer: number[];
  unit: number[];
  keys: number[];
  /** Every score's points one after another, as many as its criteria. */
  points: number[];
  comment: string[];
  version: number[];
  updatedAt: string[];
  entryFingerprint: string[];
  /** Stale in the low bit, the reason (none, changed, withdrawn) above it. */
  stale: number[];
}

const STALE_REASONS = [undefined, 'changed', 'withdrawn'] as const;
const COLUMNS = ['id', 'entryId', 'reviewer', 'unit', 'keys', 'comment', 'version', 'updatedAt', 'entryFingerprint', 'stale'] as const;

/** Numbers each distinct value as it is first met. */
class Numbering<T> {
  readonly values: T[] = [];
  private numbers = new Map<string, number>();
  constructor(private keyOf: (value: T) => string) {}

  of(value: T): number {
    const key = this.keyOf(value);
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.values.push(value) - 1;
      this.numbers.set(key, n);
    }
    return n;
  }
}

export function packScores(scores: ReadonlyArray<Score>): ScoreTable {
  const reviewers = new Numbering<string>((s) => s);
  const units = new Numbering<string>((s) => s);
  const criteria = new Numbering<string[]>((keys) => JSON.stringify(keys));
  const points: number[] = [];
  const keys = scores.map((s) => {
    const own = Object.keys(s.points);
    for (const k of own) points.push(s.points[k] as number);
    return criteria.of(own);
  });
  return {
    reviewers: reviewers.values,
    units: units.values,
    criteria: criteria.values,
    id: scores.map((s) => s.id),
    entryId: scores.map((s) => s.entryId),
    reviewer: scores.map((s) => reviewers.of(s.reviewerId)),
    unit: scores.map((s) => units.of(s.unit)),
    keys,
    points,
    comment: scores.map((s) => s.comment),
    version: scores.map((s) => s.version),
    updatedAt: scores.map((s) => s.updatedAt),
    entryFingerprint: scores.map((s) => s.entryFingerprint),
    stale: scores.map((s) => (s.stale ? 1 : 0) | (STALE_REASONS.indexOf(s.staleReason) << 1)),
  };
}

/**
 * `value`, or the equal one met first: a text read many times (from a file, from the database's
 * rows) then held once, however many records name it. `texts` keeps the ones met so far.
 */
export function heldOnce<T>(texts: Map<T, T>, value: T): T {
  const held = texts.get(value);
  if (held !== undefined) return held;
  texts.set(value, value);
  return value;
}

/** A table that does not hold together (a place past its list, columns of different lengths). */
export class ScoreTableError extends Error {}

function place<T>(list: ReadonlyArray<T>, n: unknown, what: string): T {
  if (typeof n !== 'number' || !Object.hasOwn(list, n)) throw new ScoreTableError(`${what} ${String(n)}`);
  return list[n] as T;
}

/**
 * A score's points as an object of its own keys. Assigned one by one (a nation's 306,000 scores
 * each made five small arrays through Object.fromEntries, garbage collected during start-up),
 * except where a key would set the object's prototype instead: the file is checked after this.
 */
function pointsOf(keys: string[], points: unknown[], at: number): Record<string, unknown> {
  if (keys.includes('__proto__')) return Object.fromEntries(keys.map((key, k) => [key, points[at + k]]));
  const given: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) given[keys[k] as string] = points[at + k];
  return given;
}

/**
 * The scores of a table read from a snapshot, not yet checked: the values are as the file has
 * them, for the data schema to check; only the table's own places and lengths are checked here.
 */
export function unpackScores(table: unknown): Score[] {
  const t = table as Partial<ScoreTable> | null;
  if (!t || !Array.isArray(t.reviewers) || !Array.isArray(t.units) || !Array.isArray(t.criteria) || !Array.isArray(t.points)) throw new ScoreTableError('table');
  const count = Array.isArray(t.id) ? t.id.length : -1;
  if (!COLUMNS.every((c) => Array.isArray(t[c]) && t[c].length === count)) throw new ScoreTableError('columns');
  const { reviewers, units, criteria, id, entryId, reviewer, unit, keys, points, comment, version, updatedAt, entryFingerprint, stale } = t as ScoreTable;
  const scores: Score[] = new Array(count);
  // An entry's id and fingerprint recur in each of its scores (30 at a nation's size): parsed, each was a string of its own (10 MB of 306,000 fingerprints).
  const texts = new Map<unknown, unknown>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    const own = place(criteria, keys[i], 'criteria');
    if (!Array.isArray(own) || at + own.length > points.length) throw new ScoreTableError('points');
    const given = pointsOf(own, points, at);
    at += own.length;
    const s = stale[i];
    const reason = typeof s === 'number' ? place(STALE_REASONS, s >> 1, 'stale') : undefined;
    const score = {
      id: id[i],
      entryId: heldOnce(texts, entryId[i]),
      reviewerId: place(reviewers, reviewer[i], 'reviewer'),
      unit: place(units, unit[i], 'unit'),
      points: given,
      comment: comment[i],
      version: version[i],
      updatedAt: updatedAt[i],
      entryFingerprint: heldOnce(texts, entryFingerprint[i]),
      stale: typeof s === 'number' ? (s & 1) === 1 : s,
    };
    scores[i] = (reason === undefined ? score : { ...score, staleReason: reason }) as Score;
  }
  if (at !== points.length) throw new ScoreTableError('points');
  return scores;
}
