/**
 * Objects keyed by names from outside (units, criteria, points): a name such as `constructor`,
 * `toString` or `__proto__` must never read or write a member of Object.prototype. Such objects
 * have no prototype, and are read through `own`, which sees only their own keys. (Their zod schema
 * is record-schema.ts: zod takes 70 ms to load, which the reader's threads need not pay.)
 */

/** `record[key]` when `record` has `key` of its own, else undefined (never an inherited member). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * An object with no prototype holding `entries`. Made as `{}` whose prototype is then taken away,
 * not `Object.create(null)`: V8 makes the latter a dictionary (a hash table per object), which for
 * a score's few points took 225 bytes against 50, 69 MB of a nation's 306,000 scores (README, issue
 * #31). The prototype goes before any key is set, so a key `__proto__` is an own key, as with
 * `Object.create(null)`.
 */
export function nullRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.setPrototypeOf({}, null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}
