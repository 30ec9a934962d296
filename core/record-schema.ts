/** The zod schema of a record keyed by names from outside (records.ts says why it has no prototype). */
import { z } from 'zod';
import { nullRecord } from './records';

/**
 * zod's `z.record(z.string(), value)` for names from outside: every own key kept, `__proto__`
 * included (zod's own record drops it silently), into an object with no prototype.
 */
export function recordOf<S extends z.ZodType>(value: S, options: { maxKeyLength?: number } = {}) {
  return z
    .custom<Record<string, unknown>>((input) => input !== null && typeof input === 'object' && !Array.isArray(input), { message: 'cần một bảng tên → giá trị' })
    .transform((input, ctx) => {
      const out = nullRecord<z.infer<S>>();
      for (const key of Object.keys(input)) {
        if (options.maxKeyLength !== undefined && key.length > options.maxKeyLength) {
          ctx.addIssue({ code: 'custom', path: [key], message: `tên quá dài (tối đa ${options.maxKeyLength} ký tự)` });
          return z.NEVER;
        }
        const parsed = value.safeParse(input[key]);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', path: [key], message: parsed.error.issues[0]?.message ?? 'giá trị sai' });
          return z.NEVER;
        }
        out[key] = parsed.data as z.infer<S>;
      }
      return out;
    });
}
