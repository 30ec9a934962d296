/**
 * A round's scores as the snapshot keeps them (format 4): one row of values per score, with the
 * strings every score repeats (its reviewer, its unit, its criteria) kept once in a list and named
 * by their place. At a nation's size the scores were 57 % of the snapshot as objects (306,000 of
 * them, 325 bytes each, their field names and reviewers' ids written out every time), and reading
 * the snapshot is most of start-up. Rows come back as the same `Score` objects, which the data
 * schema then checks as before; the reviewers and units so read are one string each, shared.
 */
import type { Score } from './schema';

/** One score: [id, entryId, reviewer, unit, criteria, points, comment, version, updatedAt, entryFingerprint, stale]. */
type ScoreRow = [string, string, number, number, number, number[], string, number, string, string, number];

export interface ScoreTable {
  reviewers: string[];
  units: string[];
  /** Each list of criteria a score's points were given for, in the order its points are written. */
  criteria: string[][];
  rows: ScoreRow[];
}

const STALE_REASONS = [undefined, 'changed', 'withdrawn'] as const;

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
  const rows = scores.map((s): ScoreRow => {
    const keys = Object.keys(s.points);
    // stale in the low bit, the reason (none, changed, withdrawn) above it
    const stale = (s.stale ? 1 : 0) | (STALE_REASONS.indexOf(s.staleReason) << 1);
    return [s.id, s.entryId, reviewers.of(s.reviewerId), units.of(s.unit), criteria.of(keys), keys.map((k) => s.points[k] as number), s.comment, s.version, s.updatedAt, s.entryFingerprint, stale];
  });
  return { reviewers: reviewers.values, units: units.values, criteria: criteria.values, rows };
}

/** A table that does not hold together (a place past its list, a row of the wrong length). */
export class ScoreTableError extends Error {}

function place<T>(list: ReadonlyArray<T>, n: unknown, what: string): T {
  if (typeof n !== 'number' || !Object.hasOwn(list, n)) throw new ScoreTableError(`${what} ${String(n)}`);
  return list[n] as T;
}

/**
 * The scores of a table read from a snapshot, not yet checked: the values are as the file has
 * them, for the data schema to check; only the table's own places are checked here.
 */
export function unpackScores(table: unknown): Score[] {
  const t = table as Partial<ScoreTable> | null;
  if (!t || !Array.isArray(t.reviewers) || !Array.isArray(t.units) || !Array.isArray(t.criteria) || !Array.isArray(t.rows)) throw new ScoreTableError('table');
  const { reviewers, units, criteria } = t as ScoreTable;
  return t.rows.map((row) => {
    if (!Array.isArray(row) || row.length !== 11) throw new ScoreTableError('row');
    const [id, entryId, reviewer, unit, keysAt, values, comment, version, updatedAt, entryFingerprint, stale] = row;
    const keys = place(criteria, keysAt, 'criteria');
    if (!Array.isArray(keys) || !Array.isArray(values) || values.length !== keys.length) throw new ScoreTableError('points');
    const points = Object.fromEntries(keys.map((key, i) => [key, values[i]])); // own keys, even one named "__proto__"
    const reason = typeof stale === 'number' ? place(STALE_REASONS, stale >> 1, 'stale') : undefined;
    const score = { id, entryId, reviewerId: place(reviewers, reviewer, 'reviewer'), unit: place(units, unit, 'unit'), points, comment, version, updatedAt, entryFingerprint, stale: typeof stale === 'number' ? (stale & 1) === 1 : stale };
    return (reason === undefined ? score : { ...score, staleReason: reason }) as Score;
  });
}
