/**
 * A round's configuration (DESIGN §3): its window, fields, rubric, expected units, prizes.
 * Schema-checked with zod wherever a round comes in (a --round file, the data file).
 */
import { z } from 'zod';
import { DEFAULT_FIELDS } from './template';
import { compareKey } from './text';

const band = z.strictObject({ min: z.number().min(0), max: z.number().min(0), label: z.string().min(1) });

export const criterionSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'khóa tiêu chí chỉ gồm chữ và số, bắt đầu bằng chữ thường'),
  label: z.string().min(1),
  max: z.number().positive().max(1000),
  weight: z.number().positive().default(1),
  bands: z.array(band).default([]),
});

export const UNIT_KINDS = ['phuong', 'co-quan-chuyen-mon', 'don-vi-su-nghiep'] as const;

const unit = z.strictObject({ name: z.string().min(1).max(200), kind: z.enum(UNIT_KINDS) });

const prizeTier = z.strictObject({
  name: z.string().min(1),
  count: z.number().int().min(0),
  /** Amount in đồng per entry, for a collective (tập thể) and an individual (cá nhân) entry. */
  amount: z.strictObject({ tapThe: z.number().min(0), caNhan: z.number().min(0) }),
});

export const roundSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,60}$/),
    name: z.string().min(1).max(300),
    year: z.number().int().min(2000).max(2100),
    window: z.strictObject({ opens: z.iso.datetime({ offset: true }), closes: z.iso.datetime({ offset: true }) }),
    fields: z.array(z.strictObject({ name: z.string().min(1), aliases: z.array(z.string()).optional() })).min(1),
    rubric: z.strictObject({
      criteria: z.array(criterionSchema).min(1),
      /** Spread (max − min of reviewers' totals) above which an entry is flagged for discussion. */
      spreadThreshold: z.number().min(0).default(15),
      /** Criterion keys that break ties in the ranking, in order. */
      tieBreak: z.array(z.string()).default(['tinhMoi', 'hieuQua']),
    }),
    units: z.array(unit).min(1),
    prizes: z.array(prizeTier).default([]),
    forwardPerUnit: z.number().int().positive().default(3),
    minEntriesPerUnit: z.number().int().min(0).default(1),
    /** Optional template columns the round asks for (the city contest's). */
    template: z
      .strictObject({ authors: z.boolean(), phone: z.boolean(), category: z.boolean() })
      .default({ authors: false, phone: false, category: false }),
  })
  .superRefine((round, ctx) => {
    if (Date.parse(round.window.closes) <= Date.parse(round.window.opens)) {
      ctx.addIssue({ code: 'custom', path: ['window', 'closes'], message: 'hạn chót phải sau ngày mở' });
    }
    const keys = round.rubric.criteria.map((c) => c.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['rubric', 'criteria'], message: 'khóa tiêu chí bị trùng' });
    const names = round.units.map((u) => compareKey(u.name));
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['units'], message: 'tên đơn vị bị trùng' });
  });

export type Round = z.infer<typeof roundSchema>;
export type Criterion = Round['rubric']['criteria'][number];

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

/**
 * The demo round: Quận 3, 2024 (the 12 wards and six offices, the eight fields, the default
 * rubric). Its submission window is set around `now` so that a demo can be tried on any day.
 */
export function demoRound(now: Date = new Date()): Round {
  const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + offset * DAY).toISOString();
  return roundSchema.parse({
    id: 'quan-3-2024',
    name: 'Mô hình, giải pháp, sáng kiến cải cách hành chính Quận 3 năm 2024',
    year: 2024,
    window: { opens: day(-7), closes: day(60) },
    fields: DEFAULT_FIELDS.map((f) => ({ ...f })),
    rubric: { criteria: DEFAULT_CRITERIA, spreadThreshold: 15, tieBreak: ['tinhMoi', 'hieuQua'] },
    units: [...WARDS.map((name) => ({ name, kind: 'phuong' })), ...OFFICES.map((name) => ({ name, kind: 'co-quan-chuyen-mon' }))],
    prizes: [
      { name: 'Giải Nhất', count: 1, amount: { tapThe: 7_500_000, caNhan: 5_000_000 } },
      { name: 'Giải Nhì', count: 2, amount: { tapThe: 4_500_000, caNhan: 3_000_000 } },
      { name: 'Giải Ba', count: 3, amount: { tapThe: 3_000_000, caNhan: 2_000_000 } },
      { name: 'Giải Khuyến khích', count: 4, amount: { tapThe: 1_500_000, caNhan: 1_000_000 } },
    ],
    forwardPerUnit: 3,
    minEntriesPerUnit: 1,
  });
}

/** The round's unit named `name` (any spelling: hoá/hóa, case, spaces), or undefined. */
export function findUnit(round: Pick<Round, 'units'>, name: string): Round['units'][number] | undefined {
  const key = compareKey(name);
  return round.units.find((u) => compareKey(u.name) === key);
}
