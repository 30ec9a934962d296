/**
 * Which changes to a round keep the data already in it meaningful. A unit that has reported, has
 * accounts or was scored stays; a criterion already scored stays, and its maximum never drops
 * below a point given; a field entries were filed under stays. Everything else may change.
 */
import type { Round } from './round-schema';
import { compareKey } from '../text';
import { DEFAULT_FIELDS } from '../reader/template';
import { defaultRubric } from './round';
import { unitIdOf, unitNow } from './units';

/** What the round's data already uses. */
export interface RoundUsage {
  /** Units with a report or a score (a round's data names its units as the round does). */
  units: ReadonlyArray<string>;
  /** Units with a live account, by id (an account follows its unit through a rename or a merger). */
  accountUnits?: ReadonlyArray<{ id: string; name: string }>;
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
  for (const unit of usage.units) {
    if (units.has(compareKey(unit))) continue;
    const renamed = before.units.find((u) => u.name === unit);
    const now = renamed ? unitNow(after, unitIdOf(renamed)) : undefined;
    problems.push(
      now
        ? `Không đổi được tên “${unit}” thành “${now.name}” trong đợt này: đơn vị đã có báo cáo hoặc điểm dưới tên cũ. Hãy giữ tên cũ và ghi tên mới vào đợt sau.`
        : `Không bỏ được đơn vị “${unit}”: đơn vị này đã có báo cáo hoặc điểm trong đợt.`,
    );
  }
  for (const { id, name } of usage.accountUnits ?? []) {
    if (!unitNow(after, id)) problems.push(`Không bỏ được đơn vị “${name}”: đơn vị này còn tài khoản đang dùng. Hãy thu hồi tài khoản trước, hoặc ghi “${name}” vào cột “Hình thành từ” của đơn vị mới.`);
  }
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
export function nextRound(from: Round, name: string, year: number, taken: ReadonlyArray<string> = []): Round {
  const years = year - from.year;
  const { scoringCloses: _s, ...rubric } = from.rubric;
  return {
    ...from,
    id: freeRoundId(from, year, taken),
    name,
    year,
    window: { opens: plusYears(from.window.opens, years), closes: plusYears(from.window.closes, years) },
    rubric,
  };
}

/** `from`'s id for `year` ("quan-3-2025"), with "-2", "-3"… when a round on the server has it already. */
function freeRoundId(from: Pick<Round, 'id'>, year: number, taken: ReadonlyArray<string>): string {
  const base = `${from.id.replace(/-\d{4}(-\d+)?$/, '')}-${year}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * A round from the blank template for `year`: the organiser's own words kept from `from` (who
 * runs it, the documents' heading), the eight fields and the rubric of the template, no prizes
 * or assignment yet, a window from 1 March to 30 September, and the `units` given (a pasted list).
 */
export function blankRound(from: Round, name: string, year: number, units: Round['units'], taken: ReadonlyArray<string> = []): Round {
  const day = (month: number, date: number, time: string) => new Date(`${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}T${time}:00+07:00`).toISOString();
  return {
    id: freeRoundId(from, year, taken),
    name,
    ...(from.organiser ? { organiser: from.organiser } : {}),
    ...(from.secretariat ? { secretariat: from.secretariat } : {}),
    ...(from.documents ? { documents: from.documents } : {}),
    year,
    window: { opens: day(3, 1, '00:00'), closes: day(9, 30, '23:59') },
    fields: DEFAULT_FIELDS.map((f) => ({ ...f })),
    rubric: defaultRubric(),
    units,
    prizes: [],
    forwardPerUnit: from.forwardPerUnit,
    minEntriesPerUnit: 1,
    template: { authors: false, phone: false, category: false },
  };
}
