/**
 * The district server's API as the task pane calls it (DESIGN §5). Every answer is checked with
 * zod before use; every failure becomes an ApiFailure with a Vietnamese message the pane can show.
 */
import { z } from 'zod';

export interface Connection {
  serverUrl: string;
  token: string;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Why a request failed: `offline` (no answer at all) may be retried; anything else is the server's verdict. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number | 'offline',
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.status === 'offline' || this.status === 429 || (typeof this.status === 'number' && this.status >= 500);
  }
}

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }).loose() }).loose();

const STATUS_MESSAGES: Record<number, string> = {
  401: 'Mã truy cập không đúng hoặc đã bị thu hồi. Kiểm tra lại trong phần Cài đặt.',
  403: 'Tài khoản này không được làm việc này.',
  404: 'Máy chủ không có địa chỉ này. Kiểm tra địa chỉ máy chủ trong phần Cài đặt.',
  413: 'Dữ liệu gửi lên quá lớn.',
  429: 'Máy chủ đang bận hoặc đã tạm khóa vì nhập sai mã nhiều lần. Hãy thử lại sau ít phút.',
};

export interface RequestOptions {
  body?: unknown;
  /** A workbook's bytes, sent as .xlsx instead of a JSON body. */
  xlsx?: ArrayBuffer;
  idempotencyKey?: string;
  ifMatch?: number;
  fetch?: FetchLike;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One request; resolves with the 2xx response, rejects with ApiFailure (the server's message when it gave one). */
async function respond(connection: Connection, method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${connection.token}`, Accept: accept };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.xlsx !== undefined) headers['Content-Type'] = XLSX_TYPE;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  const doFetch = options.fetch ?? ((url, init) => fetch(url, init));
  let response: Response;
  try {
    response = await doFetch(new URL(path, connection.serverUrl).toString(), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : options.xlsx !== undefined ? { body: options.xlsx } : {}),
    });
  } catch {
    throw new ApiFailure('offline', 'offline', 'Không kết nối được với máy chủ. Kiểm tra mạng hoặc địa chỉ máy chủ.');
  }
  if (response.ok) return response;
  const body: unknown = await response.json().catch(() => null);
  const parsed = errorBodySchema.safeParse(body);
  const message = parsed.success ? parsed.data.error.message : (STATUS_MESSAGES[response.status] ?? `Máy chủ trả lời lỗi ${response.status}.`);
  throw new ApiFailure(response.status, parsed.success ? parsed.data.error.code : `http-${response.status}`, message, body);
}

/** One JSON request; resolves with the parsed body of a 2xx answer, rejects with ApiFailure. */
export async function apiRequest(connection: Connection, method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
  const response = await respond(connection, method, path, options, 'application/json');
  return response.json().catch(() => null);
}

/** A request whose 2xx answer is a file (a workbook); rejects with ApiFailure. */
export async function apiDownload(connection: Connection, method: string, path: string, options: RequestOptions = {}, accept = XLSX_TYPE): Promise<Blob> {
  return (await respond(connection, method, path, options, accept)).blob();
}

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Báo cáo kết quả or the annex of the award decision (admin), as a .docx. */
// The server names its documents (core/documents/documents.ts); the pane lists whichever it offers.
const documentsSchema = z.object({ documents: z.array(z.object({ id: z.string().regex(/^[a-z0-9-]{1,60}$/), title: z.string(), provisional: z.boolean(), fileName: z.string() })) });
export type RoundDocument = z.infer<typeof documentsSchema>['documents'][number];

/** The round's documents to sign, each with whether it is still TẠM TÍNH (GET /api/summary/documents). */
export async function fetchDocuments(connection: Connection, fetchImpl?: FetchLike): Promise<RoundDocument[]> {
  return parseAnswer(documentsSchema, await apiRequest(connection, 'GET', '/api/summary/documents', fetchImpl ? { fetch: fetchImpl } : {})).documents;
}

export function fetchDocument(connection: Connection, name: string, fetchImpl?: FetchLike): Promise<Blob> {
  return apiDownload(connection, 'GET', `/api/summary/documents/${encodeURIComponent(name)}`, fetchImpl ? { fetch: fetchImpl } : {}, DOCX_TYPE);
}

export const issueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    row: z.number().nullable(),
    cell: z.string().nullable(),
    message: z.string(),
  })
  .loose();

/** The round's units as the pane reads them (a sheet's unit names, the officer's own unit). */
const unitsSchema = z.array(z.object({ name: z.string(), id: z.string().optional(), aliases: z.array(z.string()).optional(), formedFrom: z.array(z.string()).optional() }).loose());
const unitsAnswerSchema = z.object({ version: z.string(), units: unitsSchema });

export const meSchema = z.object({
  /** The account's id (servers before it was sent leave it out). */
  id: z.string().optional(),
  role: z.enum(['admin', 'officer', 'reviewer']),
  unit: z.string().nullable(),
  /** The unit's stable id (a renamed or merged unit keeps its accounts); servers before it leave it out. */
  unitId: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  round: z
    .object({
      id: z.string(),
      name: z.string(),
      organiser: z.string().optional(),
      secretariat: z.string().optional(),
      year: z.number(),
      window: z.object({ opens: z.string(), closes: z.string(), extendedUntil: z.string().optional() }),
      fields: z.array(z.object({ name: z.string(), aliases: z.array(z.string()).optional() })),
      template: z.object({ authors: z.boolean(), phone: z.boolean(), category: z.boolean() }),
      /** Filled by fetchMe: /api/me sends only their version (`unitsVersion`), GET /api/round/units the list. */
      units: unitsSchema.optional(),
      unitsVersion: z.string().optional(),
      rubric: z
        .object({
          criteria: z.array(
            z.object({
              key: z.string(),
              label: z.string(),
              max: z.number(),
              weight: z.number(),
              bands: z.array(z.object({ min: z.number(), max: z.number(), label: z.string() })),
            }),
          ),
          scoringCloses: z.string().optional(),
        })
        .loose(),
      /** Chốt điểm: the round's scores are locked. */
      scoresLocked: z.object({ at: z.string() }).loose().nullable().optional(),
    })
    .loose(),
});
export type Me = z.infer<typeof meSchema>;

export const submissionAnswerSchema = z.object({
  version: z.number(),
  submittedAt: z.string(),
  entries: z.array(z.object({ id: z.string(), row: z.number() })),
  issues: z.array(issueSchema),
});
export type SubmissionAnswer = z.infer<typeof submissionAnswerSchema>;

/** An answer that does not have the expected shape is the server's fault, said plainly. */
export function parseAnswer<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiFailure(502, 'bad-answer', 'Máy chủ trả lời không đúng định dạng. Có thể địa chỉ máy chủ không phải máy chủ Phụ lục.');
  return parsed.data;
}

/**
 * Who the token belongs to and the round, with the round's units: those of `known` (what the pane
 * kept from last time) while their version is the server's, else fetched (a nation's are 200 KB,
 * which every account downloaded at every sign-in).
 */
export async function fetchMe(connection: Connection, fetchImpl?: FetchLike, known?: Me | null): Promise<Me> {
  const options = fetchImpl ? { fetch: fetchImpl } : {};
  const me = parseAnswer(meSchema, await apiRequest(connection, 'GET', '/api/me', options));
  const version = me.round.unitsVersion;
  // A server from before unitsVersion sends the units themselves.
  if (version === undefined || me.round.units) return me;
  if (known?.round.unitsVersion === version && known.round.units) return { ...me, round: { ...me.round, units: known.round.units } };
  const answer = parseAnswer(unitsAnswerSchema, await apiRequest(connection, 'GET', '/api/round/units', options));
  return { ...me, round: { ...me.round, units: answer.units, unitsVersion: answer.version } };
}

const sheetValue = z.union([z.string(), z.number(), z.null()]);
const signatureSchema = z.object({ roles: z.array(z.string()).max(5), hint: z.string(), name: z.string() });
const summaryTableSchema = z.object({
  sheet: z.string().min(1).max(31),
  table: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  headers: z.array(z.string()).min(1),
  rows: z.array(z.array(sheetValue)),
  widths: z.array(z.number()),
  flags: z.array(z.object({ row: z.number().int().min(0), column: z.number().int().min(0), reason: z.string().optional() })),
  footer: z.array(sheetValue).optional(),
  note: z.string().optional(),
  emptyText: z.string(),
  paper: z.enum(['A3', 'A4']).optional(),
  money: z.array(z.number().int().min(0)).optional(),
  notes: z.array(z.object({ column: z.number().int().min(0), text: z.string() })).optional(),
  title: z.array(z.string()).max(10),
  signatures: z.object({ date: z.string(), left: signatureSchema, right: signatureSchema }).optional(),
  letterhead: z.object({ left: z.tuple([z.string(), z.string()]), right: z.tuple([z.string(), z.string()]) }).optional(),
  chart: z.object({ title: z.string() }).optional(),
});

/** An entry whose reviewers disagree beyond the round's threshold. */
const divergentSchema = z.object({ id: z.string(), unit: z.string(), title: z.string(), spread: z.number(), reviewers: z.number() }).loose();

/** The pane's dashboard (core/consolidation/summary-sheets `dashboard`). */
const dashboardSchema = z.object({
  units: z.object({ reported: z.number(), total: z.number() }),
  entries: z.number(),
  scored: z.number(),
  fields: z.array(z.object({ name: z.string(), count: z.number() })),
  scores: z.array(z.object({ label: z.string(), count: z.number() })),
});

/** What the pane shows at once: the first part of the sheets. */
const overviewSchema = z.object({
  version: z.string(),
  part: z
    .object({
      provisional: z.boolean(),
      summary: z.object({ underScored: z.number(), divergent: z.array(divergentSchema).default([]) }).loose(),
      dashboard: dashboardSchema.optional(),
    })
    .loose(),
});
/** The second: every sheet with its first rows, and how many parts there are. */
const headsSchema = z.object({ tables: z.array(summaryTableSchema.extend({ rowCount: z.number().int().min(0).optional() })), parts: z.number().int().min(2) });
const laterPartSchema = z.object({ sheet: z.string(), from: z.number().int().min(0), rows: z.array(z.array(sheetValue)), flags: summaryTableSchema.shape.flags.default([]) });

export interface SummaryOverview {
  provisional: boolean;
  underScored: number;
  divergent: Array<z.infer<typeof divergentSchema>>;
  dashboard: z.infer<typeof dashboardSchema> | null;
}
export type SummaryTables = SummaryOverview & { tables: Array<z.infer<typeof summaryTableSchema>> };

/** How many times the pane begins again when the data changes while it fetches the parts (then it says so). */
const SUMMARY_ATTEMPTS = 3;

/**
 * The summary's sheets as the server lays them out (admin only), whether the judging is unfinished,
 * what to discuss, and the dashboard. Fetched in parts (a nation's sheets are 50 MB): the first is
 * what the pane shows at once (`onOverview`), the second every sheet with its first rows, the others
 * the rows that follow, of the same build; `onPart` follows them. Should the build be gone (the data
 * changed, twice, meanwhile), it begins again.
 */
export async function fetchSummaryTables(
  connection: Connection,
  fetchImpl?: FetchLike,
  onPart?: (done: number, total: number) => void,
  onOverview?: (overview: SummaryOverview) => void,
): Promise<SummaryTables> {
  const options = fetchImpl ? { fetch: fetchImpl } : {};
  for (let attempt = 1; ; attempt++) {
    const { version, part: first } = parseAnswer(overviewSchema, await apiRequest(connection, 'GET', '/api/summary/sheets', options));
    const overview: SummaryOverview = { provisional: first.provisional, underScored: first.summary.underScored, divergent: first.summary.divergent, dashboard: first.dashboard ?? null };
    onOverview?.(overview);
    const part = (n: number) => apiRequest(connection, 'GET', `/api/summary/sheets?part=${n}&version=${encodeURIComponent(version)}`, options);
    try {
      const heads = parseAnswer(headsSchema, await part(1));
      const tables = heads.tables.map(({ rowCount: _rowCount, ...table }) => table);
      onPart?.(2, heads.parts);
      for (let n = 2; n < heads.parts; n++) {
        const rows = parseAnswer(laterPartSchema, await part(n));
        const table = tables.find((t) => t.sheet === rows.sheet);
        if (!table || table.rows.length !== rows.from) throw new ApiFailure(502, 'bad-answer', 'Máy chủ gửi bảng tổng hợp không đúng thứ tự. Hãy lập lại bảng tổng hợp.');
        table.rows.push(...rows.rows);
        table.flags.push(...rows.flags);
        onPart?.(n + 1, heads.parts);
      }
      return { ...overview, tables };
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409 && attempt < SUMMARY_ATTEMPTS) continue;
      throw e;
    }
  }
}

const sections = z.object({ thucTrang: z.string().nullable(), noiDung: z.string().nullable(), hieuQua: z.string().nullable(), tinhMoi: z.string().nullable() });
const storedEntrySchema = z
  .object({ id: z.string(), row: z.number(), stt: z.string(), unit: z.string(), title: z.string(), field: z.string(), sections, note: z.string() })
  .loose();

const serverVersionSchema = z.object({
  unit: z.string(),
  version: z.number().int(),
  submittedAt: z.string(),
  sentBy: z.string().nullable().optional(),
  entries: z.array(storedEntrySchema),
});
export type ServerVersion = Omit<z.infer<typeof serverVersionSchema>, 'sentBy'> & { sentBy: string | null };

/** The newer version a 412 on a report carries (null when the answer has none). */
export function serverVersionOf(body: unknown): ServerVersion | null {
  const parsed = z.object({ current: serverVersionSchema }).safeParse(body);
  return parsed.success ? { ...parsed.data.current, sentBy: parsed.data.current.sentBy ?? null } : null;
}

/** Every unit's latest report (reviewers and the admin see all; an officer only their own). */
export async function fetchSubmissions(connection: Connection, fetchImpl?: FetchLike): Promise<Array<{ unit: string; version: number; submittedAt?: string; entries: Array<z.infer<typeof storedEntrySchema>> }>> {
  const body = await apiRequest(connection, 'GET', '/api/submissions', fetchImpl ? { fetch: fetchImpl } : {});
  return parseAnswer(z.object({ submissions: z.array(z.object({ unit: z.string(), version: z.number(), submittedAt: z.string().optional(), entries: z.array(storedEntrySchema) }).loose()) }).loose(), body).submissions;
}

export const scoreSchema = z
  .object({
    entryId: z.string(),
    points: z.record(z.string(), z.number()),
    comment: z.string(),
    version: z.number(),
    updatedAt: z.string(),
    stale: z.boolean(),
    staleReason: z.enum(['changed', 'withdrawn']).optional(),
  })
  .loose();
export type ServerScore = z.infer<typeof scoreSchema>;

/** The reviewer's own scores (the admin: everyone's). */
export async function fetchScores(connection: Connection, fetchImpl?: FetchLike): Promise<ServerScore[]> {
  const body = await apiRequest(connection, 'GET', '/api/scores', fetchImpl ? { fetch: fetchImpl } : {});
  return parseAnswer(z.object({ scores: z.array(scoreSchema) }).loose(), body).scores;
}

/**
 * The reviewer's assigned entries, with how many entries the round has (`of`; absent from a server
 * before the seventeenth session); null: the round assigns none, every entry outside their unit is theirs.
 */
export async function fetchMyAssignment(connection: Connection, fetchImpl?: FetchLike): Promise<{ mode: 'by-field' | 'even'; entries: string[]; of?: number } | null> {
  const body = await apiRequest(connection, 'GET', '/api/assignments', fetchImpl ? { fetch: fetchImpl } : {});
  const parsed = parseAnswer(z.object({ mode: z.enum(['by-field', 'even']).nullable(), entries: z.array(z.string()).optional(), of: z.number().int().nonnegative().optional() }).loose(), body);
  return parsed.mode && parsed.entries ? { mode: parsed.mode, entries: parsed.entries, ...(parsed.of === undefined ? {} : { of: parsed.of }) } : null;
}

export const scorePath = (entryId: string) => `/api/scores/${encodeURIComponent(entryId)}`;

