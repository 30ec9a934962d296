/**
 * A round's configuration as zod checks it wherever a round comes in (a --round file, the data
 * file): its window, fields, rubric, expected units, prizes. Kept apart from core/rounds/round so that
 * what only needs the demo round (the command line's consolidate) does not load zod.
 */
import { z } from 'zod';
import { compareKey, toNfc } from '../text';
import { defaultUnitId } from './units';

/**
 * The secretariat's own words, stored as the officers' are (NFC, no character XML cannot carry):
 * a control character in a round's name would break every document that prints it.
 */
export const cleanText = (min = 0, max = 10_000) => z.string().transform(toNfc).pipe(z.string().trim().min(min).max(max));

const band = z.strictObject({ min: z.number().min(0), max: z.number().min(0), label: cleanText(1, 300) });

export const criterionSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'khóa tiêu chí chỉ gồm chữ và số, bắt đầu bằng chữ thường'),
  label: cleanText(1, 300),
  max: z.number().positive().max(1000),
  weight: z.number().positive().default(1),
  bands: z.array(band).default([]),
});

export const UNIT_KINDS = ['phuong', 'xa', 'dac-khu', 'so', 'ban', 'co-quan-chuyen-mon', 'don-vi-su-nghiep'] as const;

/**
 * A unit as a record (core/rounds/units.ts). `id` is stable across names and years: given, or
 * when absent (a round stored before ids) the unit's official code, else its name as compared,
 * so loading the same round always gives the same ids (the migration is this default).
 */
const unit = z
  .strictObject({
    id: z.string().trim().min(1).max(200).optional(),
    /** The official administrative code (mã đơn vị hành chính), when the secretariat gives one. */
    code: z.string().trim().regex(/^[0-9A-Za-z.-]{1,20}$/, 'mã đơn vị chỉ gồm chữ số, chữ cái, dấu chấm hoặc gạch ngang').optional(),
    name: cleanText(1, 200),
    kind: z.enum(UNIT_KINDS),
    /** Other names the unit goes by (a former name, "P.1"): reports that write them are read as this unit. */
    aliases: z.array(cleanText(1, 200)).max(20).optional(),
    contact: z.strictObject({ person: cleanText(0, 200).optional(), phone: cleanText(0, 50).optional(), email: cleanText(0, 200).optional() }).optional(),
    /** Ids of the units it was formed from (a merged ward names its predecessors): their accounts belong to it now. */
    formedFrom: z.array(z.string().trim().min(1).max(200)).max(30).optional(),
  })
  // Typed as optional: a round built in code (the demo, a test) may leave it out, and unitIdOf gives the same default.
  .transform((u): Omit<typeof u, 'id'> & { id?: string } => ({ ...u, id: u.id ?? defaultUnitId(u) }));

const prizeTier = z.strictObject({
  name: cleanText(1, 200),
  count: z.number().int().min(0),
  /** Amount in đồng per entry, for a collective (tập thể) and an individual (cá nhân) entry. */
  amount: z.strictObject({ tapThe: z.number().min(0), caNhan: z.number().min(0) }),
});

export const roundSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,60}$/),
    name: cleanText(1, 300),
    /** The body that runs the round (UBND phường, UBND thành phố, a department), for titles and print. */
    organiser: cleanText(1, 300).optional(),
    /** The office that runs the round and gives out the codes, as officers name it ("Sở Nội vụ"); derived from the organiser when unset. */
    secretariat: cleanText(1, 200).optional(),
    /**
     * The organiser as its signed documents name it (Nghị định 30/2020, Phụ lục I): the issuing body
     * under its superior, the place of the date line, the number's suffix, who signs and for whom,
     * the recipients. Each derived from the organiser and the secretariat when unset (core/documents/document-settings.ts).
     */
    documents: z
      .strictObject({
        superior: cleanText(1, 300).optional(),
        issuer: cleanText(1, 300).optional(),
        place: cleanText(1, 100).optional(),
        /** "BC-SNV": the report is "Số: …/BC-SNV". */
        reportSuffix: cleanText(1, 60).optional(),
        /** "QĐ-SNV": the decision the prize list is annexed to. */
        decisionSuffix: cleanText(1, 60).optional(),
        /** "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN", "Q. TRƯỞNG PHÒNG"; empty when the head signs. */
        signerAuthority: cleanText(0, 100).optional(),
        signerTitle: cleanText(1, 150).optional(),
        signerName: cleanText(0, 150).optional(),
        recipients: z.array(cleanText(1, 300)).max(30).optional(),
      })
      .optional(),
    /**
     * The council (Hội đồng): how it recognises an entry, and what it decided where its members'
     * scores diverged, as the secretariat records it; the minutes print both (core/judging/council.ts).
     */
    council: z
      .strictObject({
        /** A minimum mean total, or a share of the members who scored the entry ("2/3") giving it at least `pass`. */
        recognition: z
          .discriminatedUnion('rule', [
            z.strictObject({ rule: z.literal('mean'), min: z.number().min(0) }),
            z.strictObject({ rule: z.literal('share'), share: z.string().regex(/^[1-9]\d?\/[1-9]\d?$/, 'tỷ lệ viết như 2/3'), pass: z.number().min(0) }),
          ])
          .optional(),
        settled: z.array(z.strictObject({ entry: z.string().min(1).max(200), note: cleanText(1, 2000) })).max(5000).default([]),
      })
      .optional(),
    year: z.number().int().min(2000).max(2100),
    window: z.strictObject({ opens: z.iso.datetime({ offset: true }), closes: z.iso.datetime({ offset: true }) }),
    fields: z.array(z.strictObject({ name: cleanText(1, 300), aliases: z.array(cleanText(1, 300)).optional() })).min(1),
    rubric: z.strictObject({
      criteria: z.array(criterionSchema).min(1),
      /** Spread (max − min of reviewers' totals) above which an entry is flagged for discussion. */
      spreadThreshold: z.number().min(0).default(15),
      /** Criterion keys that break ties in the ranking, in order. */
      tieBreak: z.array(z.string()).default(['tinhMoi', 'hieuQua']),
      /** Scores each entry needs before the ranking is final (the jury sets it). */
      minReviewers: z.number().int().min(1).max(50).default(3),
      /** When scoring ends (the reviewers' deadline), when the secretariat has set one. */
      scoringCloses: z.iso.datetime({ offset: true }).optional(),
      /**
       * An entry's rank is flagged as depending on the method only when another method moves it
       * across a prize boundary or by more than this many places.
       */
      rankShiftPlaces: z.number().int().min(0).max(1000).default(3),
    }),
    units: z.array(unit).min(1),
    prizes: z.array(prizeTier).default([]),
    forwardPerUnit: z.number().int().positive().default(3),
    /**
     * What an entry needs to be forwarded (to the city): a prize, or a mean total of at least this
     * (when set); at most forwardPerUnit per unit either way.
     */
    forwardMinScore: z.number().min(0).optional(),
    minEntriesPerUnit: z.number().int().min(0).default(1),
    /** "Chốt điểm": the secretariat locked the round's scores (when, by which account); none can change until unlocked. */
    scoresLocked: z.strictObject({ at: z.iso.datetime({ offset: true }), by: z.string() }).optional(),
    /**
     * Who scores which entry (core/judging/assignment): by field, as the district's plan assigns each field
     * to offices, or evenly; without it every reviewer scores every entry (their own unit's aside).
     */
    assignment: z
      .strictObject({
        mode: z.enum(['by-field', 'even']),
        offices: z.array(z.strictObject({ field: cleanText(1, 300), units: z.array(cleanText(1, 200)) })).default([]),
      })
      .optional(),
    /** Optional template columns the round asks for (the city contest's). */
    template: z
      .strictObject({ authors: z.boolean(), phone: z.boolean(), category: z.boolean() })
      .default({ authors: false, phone: false, category: false }),
  })
  .superRefine((round, ctx) => {
    if (Date.parse(round.window.closes) <= Date.parse(round.window.opens)) {
      ctx.addIssue({ code: 'custom', path: ['window', 'closes'], message: 'hạn chót phải sau ngày mở' });
    }
    const share = round.council?.recognition?.rule === 'share' ? round.council.recognition.share.split('/').map(Number) : null;
    if (share && share[0]! > share[1]!) ctx.addIssue({ code: 'custom', path: ['council', 'recognition', 'share'], message: 'tỷ lệ thành viên không được lớn hơn 1 (ví dụ 2/3)' });
    const keys = round.rubric.criteria.map((c) => c.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['rubric', 'criteria'], message: 'khóa tiêu chí bị trùng' });
    const names = round.units.map((u) => compareKey(u.name));
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['units'], message: `tên đơn vị bị trùng: ${repeated(round.units.map((u) => u.name), compareKey).join(', ')}` });
    const ids = round.units.map((u) => u.id ?? '');
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['units'], message: `mã đơn vị bị trùng: ${repeated(ids, (id) => id).join(', ')}` });
    const codes = round.units.flatMap((u) => (u.code ? [u.code] : []));
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: ['units'], message: `mã đơn vị bị trùng: ${repeated(codes, (c) => c).join(', ')}` });
    for (const u of round.units) if (u.id && u.formedFrom?.includes(u.id)) ctx.addIssue({ code: 'custom', path: ['units'], message: `đơn vị “${u.name}” không thể hình thành từ chính nó` });
    const fields = new Set(round.fields.map((f) => compareKey(f.name)));
    for (const { field, units } of round.assignment?.offices ?? []) {
      if (!fields.has(compareKey(field))) ctx.addIssue({ code: 'custom', path: ['assignment'], message: `lĩnh vực “${field}” không có trong đợt` });
      for (const unit of units) if (!names.includes(compareKey(unit))) ctx.addIssue({ code: 'custom', path: ['assignment'], message: `đơn vị thẩm định “${unit}” không có trong đợt` });
    }
  });

/** The values written more than once (as `key` compares them), each once. */
function repeated(values: ReadonlyArray<string>, key: (v: string) => string): string[] {
  const seen = new Set<string>();
  const twice = new Map<string, string>();
  for (const v of values) {
    if (seen.has(key(v))) twice.set(key(v), v);
    else seen.add(key(v));
  }
  return [...twice.values()];
}

export type Round = z.infer<typeof roundSchema>;
export type Criterion = Round['rubric']['criteria'][number];
