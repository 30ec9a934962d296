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

/** An object with no prototype holding `entries`. */
export function nullRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}
