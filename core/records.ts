/**
 * Objects keyed by names from outside (units, criteria, points): a name such as `constructor`,
 * `toString` or `__proto__` must never read or write a member of Object.prototype. Such objects
 * have no prototype, and are read through `own`, which sees only their own keys.
 */
import { z } from "zod";

/** `record[key]` when `record` has `key` of its own, else undefined (never an inherited member). */
export function own<T>(
  record: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined {
  return record !== undefined && Object.hasOwn(record, key)
    ? record[key]
    : undefined;
}

/** An object with no prototype holding `entries`. */
export function nullRecord<T>(
  entries: Iterable<readonly [string, T]> = [],
): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/**
 * zod's `z.record(z.string(), value)` for names from outside: every own key kept, `__proto__`
 * included (zod's own record drops it silently), into an object with no prototype.
 */
export function recordOf<S extends z.ZodType>(
  value: S,
  options: { maxKeyLength?: number } = {},
) {
  return z
    .custom<Record<string, unknown>>(
      (input) =>
        input !== null && typeof input === "object" && !Array.isArray(input),
      { message: "cần một bảng tên → giá trị" },
    )
    .transform((input, ctx) => {
      const out = nullRecord<z.infer<S>>();
      for (const key of Object.keys(input)) {
        if (
          options.maxKeyLength !== undefined &&
          key.length > options.maxKeyLength
        ) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `tên quá dài (tối đa ${options.maxKeyLength} ký tự)`,
          });
          return z.NEVER;
        }
        const parsed = value.safeParse(input[key]);
        if (!parsed.success) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: parsed.error.issues[0]?.message ?? "giá trị sai",
          });
          return z.NEVER;
        }
        out[key] = parsed.data as z.infer<S>;
      }
      return out;
    });
}
