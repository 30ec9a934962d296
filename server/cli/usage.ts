/** Command line mistakes: a Vietnamese message, shown with the usage, and exit status 2. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
export type ArgValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** The quoted name in one of Node's parseArgs messages ('--bogus', 'x'). */
const quoted = (message: string) => /'([^']+)'/.exec(message)?.[1] ?? '';

/** parseArgs, strict, with its mistakes said in Vietnamese. */
export function parseCommandArgs(args: string[], options: Options, allowPositionals: boolean): { values: ArgValues; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: parsed.values as ArgValues, positionals: parsed.positionals };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`Không có tùy chọn ${quoted(message)}.`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`Lệnh này không nhận thêm “${quoted(message)}”.`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`Tùy chọn ${quoted(message).split(' ')[0]} cần một giá trị.`);
    throw new UsageError('Câu lệnh không hợp lệ.');
  }
}

/** An option's whole number within [min, max], or undefined when it was not given; `mistake` says what it must be. */
export function wholeNumberOption(value: unknown, min: number, max: number, mistake: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(mistake);
  return n;
}
