/** The shape of the data file, schema-checked on every load (a corrupt file stops start-up). */
import { z } from 'zod';
import { recordOf } from '../../core/record-schema';
import { cleanText, roundSchema } from '../../core/rounds/round-schema';
import type { Issue } from '../../core/types';

const sections = z.strictObject({
  thucTrang: z.string().nullable(),
  noiDung: z.string().nullable(),
  hieuQua: z.string().nullable(),
  tinhMoi: z.string().nullable(),
});

export const storedEntrySchema = z.strictObject({
  id: z.string(),
  row: z.number().int(),
  stt: z.string(),
  unit: z.string(),
  title: z.string(),
  field: z.string(),
  sections,
  note: z.string(),
  authors: z.string().optional(),
  phone: z.string().optional(),
  category: z.string().optional(),
});

// Findings are kept as the validator made them; the check is of their essentials.
const issue = z.looseObject({ code: z.string(), severity: z.enum(['error', 'warning']), message: z.string() }) as unknown as z.ZodType<Issue>;

export const accountSchema = z.strictObject({
  id: z.string(),
  role: z.enum(['admin', 'officer', 'reviewer']),
  /** The unit's name when the account was made (what the audit log and an earlier year call it). */
  unit: cleanText(0, 200).optional(),
  /**
   * The unit's stable id (core/rounds/units.ts): a renamed or merged unit keeps its accounts. An
   * account made before ids has none; its unit's name gives the same id the round's unit got.
   */
  unitId: z.string().min(1).max(200).optional(),
  name: cleanText(0, 300),
  /** sha256 of the token, hex; the token itself is never stored. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
  /** When the token was last used, to the hour (the server writes it at most hourly). */
  lastUsedAt: z.string().optional(),
});

export const submissionSchema = z.strictObject({
  unit: z.string(),
  version: z.number().int().positive(),
  submittedAt: z.string(),
  by: z.string(),
  source: z.enum(['json', 'xlsx']),
  /** Name of the uploaded workbook in the uploads folder, for an .xlsx submission. */
  file: z.string().optional(),
  entries: z.array(storedEntrySchema),
  issues: z.array(issue),
});

export const scoreSchema = z.strictObject({
  id: z.string(),
  entryId: z.string(),
  reviewerId: z.string(),
  /** The canonical unit of the entry, so a reviewer's own unit can be checked without the entry. */
  unit: z.string(),
  points: recordOf(z.number()),
  comment: z.string(),
  version: z.number().int().positive(),
  updatedAt: z.string(),
  /** Fingerprint of the entry as scored; a resubmitted, changed entry makes the score stale. */
  entryFingerprint: z.string(),
  stale: z.boolean(),
  staleReason: z.enum(['changed', 'withdrawn']).optional(),
});

/** An access token as the server issues it (server/auth.ts newToken): `pl_` and 43 base64url characters. */
const ISSUED_TOKEN = /^pl_[A-Za-z0-9_-]{43}$/;

/** What the answer kept for an Idempotency-Key says in place of a token, which is shown once and never kept. */
export const TOKEN_SHOWN_ONCE = 'Mã truy cập chỉ hiển thị một lần, khi tạo. Nếu chưa kịp ghi lại, hãy cấp lại mã cho tài khoản này.';

/** Records whose kept answer held a token, since this process started (a load that purged some rewrites its files). */
export const tokensPurged = { count: 0 };

/**
 * `value` with every issued token replaced by null (a copy; the value itself is not changed), and
 * `tokenNote` beside a replaced one, so a replay says why there is no token.
 */
export function withoutTokens(value: unknown): { value: unknown; found: boolean } {
  if (typeof value === 'string') return ISSUED_TOKEN.test(value) ? { value: null, found: true } : { value, found: false };
  if (Array.isArray(value)) {
    const items = value.map(withoutTokens);
    return items.some((i) => i.found) ? { value: items.map((i) => i.value), found: true } : { value, found: false };
  }
  if (value === null || typeof value !== 'object') return { value, found: false };
  let found = false;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = withoutTokens(item);
    found ||= cleaned.found;
    copy[key] = cleaned.value;
  }
  if (!found) return { value, found };
  return { value: { ...copy, tokenNote: TOKEN_SHOWN_ONCE }, found };
}

export const idempotencySchema = z.strictObject({
  accountId: z.string(),
  key: z.string(),
  fingerprint: z.string(),
  status: z.number().int(),
  // An answer kept before tokens were left out of it (or written by hand) loses them on load.
  body: z.unknown().transform((body) => {
    const cleaned = withoutTokens(body);
    if (cleaned.found) tokensPurged.count++;
    return cleaned.value;
  }),
  at: z.string(),
});

export const auditSchema = z.strictObject({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

/** A report the server refused (422): kept per unit, the latest only, for the secretariat's progress view. */
export const refusalSchema = z.strictObject({
  unit: z.string(),
  at: z.string(),
  by: z.string(),
  errors: z.number().int(),
  /** The first error's message, as the officer saw it. */
  reason: z.string(),
});

/** One round with everything sent and scored in it. */
const roundDataShape = {
  round: roundSchema,
  submissions: z.array(submissionSchema),
  scores: z.array(scoreSchema),
  extensions: recordOf(z.string()),
  refusals: z.array(refusalSchema),
};
export const archivedRoundSchema = z.strictObject(roundDataShape);

/**
 * Format 2: the active round's data at the top (what officers send to and reviewers score), the
 * other rounds kept whole in `rounds`, so every year stays readable on one server.
 */
export const dataSchema = z.strictObject({
  format: z.literal(2),
  ...roundDataShape,
  rounds: z.array(archivedRoundSchema),
  accounts: z.array(accountSchema),
  idempotency: z.array(idempotencySchema),
  audit: z.array(auditSchema),
});

/** A data file of an earlier format, brought to the current one on load (format 1: one round per folder). */
export function upgradeData(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.format === 1) return { ...raw, format: 2, refusals: [], rounds: [] };
  return raw;
}

export type Data = z.infer<typeof dataSchema>;
export type ArchivedRound = z.infer<typeof archivedRoundSchema>;
export type Refusal = z.infer<typeof refusalSchema>;
export type Account = z.infer<typeof accountSchema>;
export type Submission = z.infer<typeof submissionSchema>;
export type Score = z.infer<typeof scoreSchema>;
export type AuditRecord = z.infer<typeof auditSchema>;
export type IdempotencyRecord = z.infer<typeof idempotencySchema>;
