/** Reading a round file for the command line. */
import { readFile } from 'node:fs/promises';
import { demoRound, type Round } from '../../core/rounds/round';
import { UsageError } from './usage';

/** A round file (`phuluc round --demo` shows the format), or the demo round. */
export async function loadRound(file: string | undefined): Promise<Round> {
  if (!file) return demoRound();
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Không đọc được tệp đợt báo cáo ${file}: ${(error as Error).message}`);
  }
  // zod is loaded only when a round file is given (it costs the command line's start-up time).
  const { roundSchema } = await import('../../core/rounds/round-schema');
  const parsed = roundSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(`Tệp đợt báo cáo ${file} không hợp lệ tại “${first?.path.join('.') ?? ''}”: ${first?.message ?? ''}. Xem mẫu bằng: phuluc round --demo`);
  }
  return parsed.data;
}
