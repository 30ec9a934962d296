/**
 * What a commit locks, so that the rules of every write hold across processes without one lock for
 * all writes (issue #31). A change holds its records exclusively and what its rules read shared:
 * a score its (entry, reviewer) exclusively, and its unit's reports and its round's settings
 * shared, so a resubmission or a lock of the round waits for it (and it for them) while scores of
 * other entries, and reports of other units, go on side by side. Accounts share one lock: a rule
 * like "the last administrator" reads them all.
 *
 * The locks are PostgreSQL's transaction-level advisory locks on a 64-bit hash of each name, taken
 * in one order (by hash) before the commit reads what others committed: a transaction that holds
 * a lock this one needs has committed before that read, so the read sees it.
 */
import { createHash } from 'node:crypto';
import type { Change } from '../changes';
import type { TxReads } from '../transaction';

export interface LockSet {
  exclusive: Set<string>;
  shared: Set<string>;
  /**
   * An exclusive lock that another one held exclusively stands for: a score's, by its unit's. Every
   * writer of a score holds its unit shared, so a batch holding the unit exclusively has the unit's
   * scores to itself. A report sent again marks its unit's scores stale, those of other processes
   * too, which it only sees once its locks are held: without this it was run again for each score
   * scored meanwhile, and failed after ATTEMPTS runs while reviewers scored the unit elsewhere.
   */
  implied: Map<string, string>;
  /** The Idempotency-Keys locked (by lock name: the account and the key), whose kept answers the batch reads once it holds them. */
  keys: Map<string, readonly [string, string]>;
  /** The scores (round, entry, reviewer) and the units' scores (round, unit) the batch looked up, read from their table once it holds their locks, when the process does not hold them. */
  scores: Map<string, readonly [string, string, string]>;
  units: Map<string, readonly [string, string]>;
}

export const emptyLocks = (): LockSet => ({ exclusive: new Set(), shared: new Set(), implied: new Map(), keys: new Map(), scores: new Map(), units: new Map() });

/** Which round is active: every commit reads it, an activation changes it. */
const ACTIVE = 'active';
const unitLock = (roundId: string, unit: string) => `unit\u0000${roundId}\u0000${unit}`;
const roundLock = (roundId: string) => `round\u0000${roundId}`;
const scoreLock = (roundId: string, entryId: string, reviewerId: string) => `score\u0000${roundId}\u0000${entryId}\u0000${reviewerId}`;

/** Whether a batch under `locks` may change which round is active. */
export const activates = (locks: LockSet): boolean => locks.exclusive.has(ACTIVE);

/** Adds what `change` writes (exclusive) and what its rules read (shared) to `locks`. */
export function addLocks(locks: LockSet, change: Change): void {
  const x = (name: string) => locks.exclusive.add(name);
  const s = (name: string) => locks.shared.add(name);
  switch (change.kind) {
    case 'round':
      x(roundLock(change.round.id));
      return;
    case 'activate':
      x(ACTIVE);
      return;
    case 'submission':
      x(unitLock(change.roundId, change.submission.unit));
      s(roundLock(change.roundId));
      return;
    case 'score': {
      const name = scoreLock(change.roundId, change.score.entryId, change.score.reviewerId);
      x(name);
      locks.implied.set(name, unitLock(change.roundId, change.score.unit));
      s(unitLock(change.roundId, change.score.unit));
      s(roundLock(change.roundId));
      return;
    }
    case 'refusal':
      x(unitLock(change.roundId, change.refusal.unit));
      s(roundLock(change.roundId));
      return;
    case 'extension':
      x(unitLock(change.roundId, change.unit));
      s(roundLock(change.roundId));
      return;
    case 'account':
      x('accounts');
      return;
    case 'idempotency':
      return addKeyLock(locks, change.record.accountId, change.record.key);
    case 'audit':
      return; // appended, read by no rule
  }
}

/**
 * An Idempotency-Key locks itself, whether a change adds its answer or only looks it up: the batch
 * reads the answers of the keys it holds once it holds them (a retry on another process waits for
 * the first request's commit, then finds its answer).
 */
export function addKeyLock(locks: LockSet, accountId: string, key: string): void {
  const name = `key\u0000${accountId}\u0000${key}`;
  locks.exclusive.add(name);
  locks.keys.set(name, [accountId, key]);
}

/**
 * What a change looked up locks what it read, as a write of it would: a score by itself, a unit's
 * scores by the unit (which every writer of one of them holds shared). Read under these locks, a
 * rule sees the score as it is when the batch commits, whichever process wrote it last.
 */
export function addReadLocks(locks: LockSet, reads: TxReads): void {
  for (const [account, key] of reads.keys) addKeyLock(locks, account, key);
  for (const read of reads.scores) {
    const name = scoreLock(...read);
    locks.exclusive.add(name);
    locks.scores.set(name, read);
  }
  for (const read of reads.units) {
    const name = unitLock(...read);
    locks.exclusive.add(name);
    locks.units.set(name, read);
  }
}

/**
 * Whether `held` covers every lock of `needed` (an exclusive one only by itself or by the one it is
 * implied by, held exclusively), and every score `needed` looks up was looked up for `held` (read for the batch).
 */
export function covers(held: LockSet, needed: LockSet): boolean {
  for (const name of needed.scores.keys()) if (!held.scores.has(name)) return false;
  for (const name of needed.units.keys()) if (!held.units.has(name)) return false;
  for (const name of needed.exclusive) if (!held.exclusive.has(name) && !held.exclusive.has(needed.implied.get(name) ?? '')) return false;
  for (const name of needed.shared) if (!held.exclusive.has(name) && !held.shared.has(name)) return false;
  return true;
}

export function union(a: LockSet, b: LockSet): LockSet {
  return {
    exclusive: new Set([...a.exclusive, ...b.exclusive]),
    shared: new Set([...a.shared, ...b.shared]),
    implied: new Map([...a.implied, ...b.implied]),
    keys: new Map([...a.keys, ...b.keys]),
    scores: new Map([...a.scores, ...b.scores]),
    units: new Map([...a.units, ...b.units]),
  };
}

/** A lock name's advisory key: the first 8 bytes of its SHA-256, as a signed 64-bit number. */
export function lockKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/**
 * The statement that takes `locks` (the active round shared by every commit), in the order of their
 * keys, so that two commits do not wait for each other in a circle (should PostgreSQL find one all
 * the same, it fails one of them, which is run again). Keys are numbers made here, so they are
 * written into the SQL. One statement or more, to run in one transaction.
 */
export function lockStatement(locks: LockSet): string {
  const keys = new Map<bigint, boolean>(); // key → exclusive
  for (const name of locks.shared) keys.set(lockKey(name), false);
  if (!locks.exclusive.has(ACTIVE)) keys.set(lockKey(ACTIVE), false);
  for (const name of locks.exclusive) keys.set(lockKey(name), true);
  const sorted = [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const calls = sorted.map(([key, exclusive]) => `${exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}(${key})`);
  // A SELECT takes at most 1,664 targets: a batch of more locks (25,000 scores written at once) takes them in several, still in order.
  const statements: string[] = [];
  for (let at = 0; at < calls.length; at += LOCKS_A_STATEMENT) statements.push(`SELECT ${calls.slice(at, at + LOCKS_A_STATEMENT).join(', ')}`);
  return statements.join('; ');
}

/** Locks taken by one SELECT (PostgreSQL's limit on a target list is 1,664). */
const LOCKS_A_STATEMENT = 1000;
