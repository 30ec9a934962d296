/**
 * A round's configuration (DESIGN §3): its window, fields, rubric, expected units, prizes; the
 * demo round. Its schema (zod) is in ./round-schema, loaded only where a round comes in.
 */
import type { Criterion, Round } from './round-schema';
import { DEFAULT_FIELDS } from '../reader/template';
import type { ReadOptions } from '../reader/read';
import { matchUnit } from '../reader/units';
import { defaultUnitId, unitMatchNamesOf, unitNamed } from './units';

export type { Criterion, Round } from './round-schema';

/** The default rubric, 100 points (DESIGN §3), with the bands shown to reviewers. */
export const DEFAULT_CRITERIA: Criterion[] = [
  {
    key: 'tinhMoi',
    label: 'Tính mới, sáng tạo',
    max: 30,
    weight: 1,
    bands: [
      { min: 27, max: 30, label: 'Hoàn toàn mới, chưa áp dụng ở đâu' },
      { min: 21, max: 26, label: 'Cải tiến khá so với cách làm cũ' },
      { min: 16, max: 20, label: 'Cải tiến trung bình' },
      { min: 1, max: 15, label: 'Cải tiến ít' },
      { min: 0, max: 0, label: 'Sao chép, không có điểm mới' },
    ],
  },
  {
    key: 'hieuQua',
    label: 'Hiệu quả',
    max: 30,
    weight: 1,
    bands: [
      { min: 27, max: 30, label: 'Hiệu quả rõ rệt, có số liệu đo được' },
      { min: 21, max: 26, label: 'Hiệu quả khá, có số liệu' },
      { min: 16, max: 20, label: 'Hiệu quả trung bình' },
      { min: 1, max: 15, label: 'Hiệu quả thấp hoặc chưa chứng minh được' },
      { min: 0, max: 0, label: 'Không có hiệu quả' },
    ],
  },
  {
    key: 'nhanRong',
    label: 'Khả năng nhân rộng',
    max: 20,
    weight: 1,
    bands: [
      { min: 17, max: 20, label: 'Áp dụng được trên toàn quận, toàn thành phố' },
      { min: 11, max: 16, label: 'Áp dụng được ở nhiều đơn vị' },
      { min: 1, max: 10, label: 'Chỉ áp dụng được ở một số đơn vị' },
      { min: 0, max: 0, label: 'Không nhân rộng được' },
    ],
  },
  {
    key: 'khaThi',
    label: 'Tính khả thi, thực tiễn',
    max: 20,
    weight: 1,
    bands: [
      { min: 17, max: 20, label: 'Dễ thực hiện, chi phí thấp' },
      { min: 11, max: 16, label: 'Thực hiện được, cần thêm nguồn lực' },
      { min: 1, max: 10, label: 'Khó thực hiện' },
      { min: 0, max: 0, label: 'Không khả thi' },
    ],
  },
];

const WARDS = ['Phường 1', 'Phường 2', 'Phường 3', 'Phường 4', 'Phường 5', 'Phường 9', 'Phường 10', 'Phường 11', 'Phường 12', 'Phường 13', 'Phường 14', 'Phường Võ Thị Sáu'];
const OFFICES = ['Văn phòng HĐND và UBND quận', 'Phòng Nội vụ', 'Phòng Tư pháp', 'Phòng Tài chính - Kế hoạch', 'Phòng Văn hóa và Thông tin', 'Phòng Giáo dục và Đào tạo'];

const DAY = 24 * 60 * 60 * 1000;
const VIETNAM_OFFSET = 7 * 60 * 60 * 1000;

/**
 * The demo round: Quận 3, 2024 (the 12 wards and six offices, the eight fields, the default
 * rubric). Its submission window is set around `now` so that a demo can be tried on any day.
 */
export function demoRound(now: Date = new Date()): Round {
  // Days in Vietnam's time (UTC+7): the window opens at 00:00 and closes at 23:59 there, as a deadline is written.
  const vn = new Date(now.getTime() + VIETNAM_OFFSET);
  const midnight = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate()) - VIETNAM_OFFSET;
  const day = (offset: number, minutes = 0) => new Date(midnight + offset * DAY + minutes * 60_000).toISOString();
  // Written out in full (every default the schema would add): a test checks the schema accepts it unchanged.
  return {
    id: 'quan-3-2024',
    name: 'Mô hình, giải pháp, sáng kiến cải cách hành chính Quận 3 năm 2024',
    organiser: 'UBND Quận 3',
    year: 2024,
    window: { opens: day(-7), closes: day(60, 23 * 60 + 59) },
    fields: DEFAULT_FIELDS.map((f) => ({ ...f })),
    rubric: defaultRubric(),
    units: [...WARDS.map((name) => ({ id: defaultUnitId({ name }), name, kind: 'phuong' as const })), ...OFFICES.map((name) => ({ id: defaultUnitId({ name }), name, kind: 'co-quan-chuyen-mon' as const }))],
    prizes: [
      { name: 'Giải Nhất', count: 1, amount: { tapThe: 7_500_000, caNhan: 5_000_000 } },
      { name: 'Giải Nhì', count: 2, amount: { tapThe: 4_500_000, caNhan: 3_000_000 } },
      { name: 'Giải Ba', count: 3, amount: { tapThe: 3_000_000, caNhan: 2_000_000 } },
      { name: 'Giải Khuyến khích', count: 4, amount: { tapThe: 1_500_000, caNhan: 1_000_000 } },
    ],
    forwardPerUnit: 3,
    minEntriesPerUnit: 1,
    template: { authors: false, phone: false, category: false },
  };
}

/** The template's rubric: the four criteria of 100 points, their tie-breaks and the jury's defaults (a fresh copy). */
export function defaultRubric(): Round['rubric'] {
  return { criteria: DEFAULT_CRITERIA, spreadThreshold: 15, tieBreak: ['tinhMoi', 'hieuQua'], minReviewers: 3, rankShiftPlaces: 3 };
}

/** The round's unit named `name` (any spelling: hoá/hóa, `P.1`, `UBND Phường 01`, or one of its other names), or undefined. */
export function findUnit(round: Pick<Round, 'units'>, name: string): Round['units'][number] | undefined {
  const match = matchUnit(name, unitMatchNamesOf(round.units));
  // By the round's index of names (unique in a round): a nation's summary looked up 3,400 reports' units in a list of 3,400.
  return match.kind === 'exact' || match.kind === 'normalized' ? unitNamed(round, match.name) : undefined;
}

/** What reading a report of this round needs: its fields and its units' names (with their other names). */
export function readOptions(round: Pick<Round, 'fields' | 'units'> & { year?: number }): ReadOptions {
  return { fields: round.fields, units: unitMatchNamesOf(round.units), ...(round.year ? { year: round.year } : {}) };
}
