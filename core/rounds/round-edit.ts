/**
 * Which changes to a round keep the data already in it meaningful. A unit that has reported, has
 * accounts or was scored stays; a criterion already scored stays, and its maximum never drops
 * below a point given; a field entries were filed under stays. Everything else may change.
 */
import type { Round } from './round-schema';
import { compareKey } from '../text';

/** What the round's data already uses. */
export interface RoundUsage {
  /** Units with a report, a score or an account. */
  units: ReadonlyArray<string>;
  /** Each scored criterion's highest point given. */
  maxPoints: ReadonlyMap<string, number>;
  /** Fields of stored entries (canonical names). */
  fields: ReadonlyArray<string>;
}

/** Why `after` cannot replace `before`, in Vietnamese; empty when it can. */
export function roundChangeProblems(before: Round, after: Round, usage: RoundUsage): string[] {
  const problems: string[] = [];
  if (after.id !== before.id) problems.push(`Không đổi được mã đợt (${before.id}).`);
  const units = new Set(after.units.map((u) => compareKey(u.name)));
  for (const unit of usage.units) if (!units.has(compareKey(unit))) problems.push(`Không bỏ được đơn vị “${unit}”: đơn vị này đã có báo cáo, điểm hoặc tài khoản trong đợt.`);
  const criteria = new Map(after.rubric.criteria.map((c) => [c.key, c]));
  for (const [key, highest] of usage.maxPoints) {
    const criterion = criteria.get(key);
    if (!criterion) problems.push(`Không bỏ được tiêu chí “${before.rubric.criteria.find((c) => c.key === key)?.label ?? key}”: đã có điểm chấm theo tiêu chí này.`);
    else if (criterion.max < highest) problems.push(`Điểm tối đa của tiêu chí “${criterion.label}” không được nhỏ hơn ${highest}: đã có điểm ${highest} được chấm.`);
  }
  const fields = new Set(after.fields.map((f) => compareKey(f.name)));
  for (const field of usage.fields) if (!fields.has(compareKey(field))) problems.push(`Không bỏ được lĩnh vực “${field}”: đã có mô hình thuộc lĩnh vực này.`);
  return problems;
}

/** `iso` moved by whole calendar years: the same day and time of day (Vietnam keeps UTC+7 all year). */
function plusYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}

/**
 * A new round from `from`'s settings for `year`: a new id, the window on the same days `year -
 * from.year` years later, no scoring deadline yet. Earlier rounds are kept as they are.
 */
export function nextRound(from: Round, name: string, year: number): Round {
  const years = year - from.year;
  const { scoringCloses: _s, ...rubric } = from.rubric;
  return {
    ...from,
    id: `${from.id.replace(/-\d{4}$/, '')}-${year}`,
    name,
    year,
    window: { opens: plusYears(from.window.opens, years), closes: plusYears(from.window.closes, years) },
    rubric,
  };
}
