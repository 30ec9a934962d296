/**
 * The browser page's calls (/nop-bao-cao.html): check a workbook, fetch its marked copy, and send
 * it through the upload route. Answers are checked with zod like every other answer.
 */
import { z } from 'zod';
import { apiDownload, apiRequest, issueSchema, parseAnswer, submissionAnswerSchema, type Connection, type FetchLike, type SubmissionAnswer } from './api';

export type CheckedIssue = z.infer<typeof issueSchema>;

const pictureSchema = z.object({
  sheet: z.string(),
  top: z.number().int(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  cut: z.boolean(),
});
export type Picture = z.infer<typeof pictureSchema>;

const checkedFileSchema = z
  .object({
    sheet: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    entries: z.array(z.object({ row: z.number(), stt: z.string(), title: z.string() }).loose()),
    issues: z.array(issueSchema),
    picture: pictureSchema.nullable(),
  })
  .loose();
export type CheckedFile = z.infer<typeof checkedFileSchema>;

const unitQuery = (unit: string | null) => (unit ? `?unit=${encodeURIComponent(unit)}` : '');

/** The workbook checked as the upload route would judge it for `unit` (an officer's own when null). */
export async function checkWorkbook(connection: Connection, bytes: ArrayBuffer, unit: string | null, fetchImpl?: FetchLike): Promise<CheckedFile> {
  const body = await apiRequest(connection, 'POST', `/api/check${unitQuery(unit)}`, { xlsx: bytes, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  const { files } = parseAnswer(z.object({ files: z.array(checkedFileSchema).min(1) }), body);
  return files[0] as CheckedFile;
}

/** The workbook back with its findings filled and noted on the cells. */
export function markedWorkbook(connection: Connection, bytes: ArrayBuffer, unit: string | null, fetchImpl?: FetchLike): Promise<Blob> {
  return apiDownload(connection, 'POST', `/api/check/marked${unitQuery(unit)}`, { xlsx: bytes, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

/**
 * Sends the workbook as `unit`'s report. `idempotencyKey` is made once per chosen file, so a
 * double click or a retry after a dropped answer sends it once.
 */
export async function sendWorkbook(connection: Connection, unit: string, bytes: ArrayBuffer, idempotencyKey: string, fetchImpl?: FetchLike): Promise<SubmissionAnswer> {
  const path = `/api/submissions/${encodeURIComponent(unit)}/xlsx`;
  const body = await apiRequest(connection, 'POST', path, { xlsx: bytes, idempotencyKey, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  return parseAnswer(submissionAnswerSchema, body);
}
