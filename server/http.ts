/**
 * HTTP plumbing shared by the routes: errors as `{ error: { code, message } }` in Vietnamese with
 * no stack trace, zod parsing of bodies and parameters, and durable, idempotent writes.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Store, StoreTx } from './store';
import { HistoryFileError, KeptRoundError, StoreReadError, StoreWriteError, withoutTokens } from './store';
import { ReadAbandonedError, ReadersBusyError } from './xlsx/reader-pool';
import { jsonShapeProblem } from './json-shape';
import { jsonListPieces } from './json-pieces';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Parses `value` with `schema`, or answers 400 with what is wrong, in Vietnamese. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` (${placeOf(first.path)})` : '';
  throw new ApiError(400, 'bad-request', `${what} không hợp lệ${where}: ${describeIssue(first)}.`);
}

/** Where in a request a problem is, as a clerk names it: "mô hình thứ 2, tên", "hạn chót". */
const PLACE_WORDS: Record<string, string> = {
  entries: 'mô hình thứ',
  title: 'tên',
  unit: 'đơn vị',
  field: 'lĩnh vực',
  sections: 'mô tả',
  note: 'ghi chú',
  name: 'tên',
  year: 'năm',
  window: 'thời gian nhận báo cáo',
  opens: 'ngày mở',
  closes: 'hạn chót',
  units: 'đơn vị thứ',
  fields: 'lĩnh vực thứ',
  rubric: 'cách chấm',
  criteria: 'tiêu chí thứ',
  bands: 'mức thứ',
  max: 'điểm tối đa',
  prizes: 'giải thứ',
  points: 'điểm',
};

function placeOf(path: ReadonlyArray<PropertyKey>): string {
  return `tại ${path.map((p) => (typeof p === 'number' ? String(p + 1) : (PLACE_WORDS[String(p)] ?? `“${String(p)}”`))).join(', ')}`.replace(/thứ, (\d+)/g, 'thứ $1');
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'dữ liệu sai';
  switch (issue.code) {
    case 'custom':
      return issue.message;
    case 'unrecognized_keys':
      return `có trường không được phép: ${issue.keys.join(', ')}`;
    case 'invalid_type':
      return `sai kiểu dữ liệu (cần ${issue.expected})`;
    case 'too_big':
      return `quá dài hoặc quá lớn (tối đa ${String(issue.maximum)})`;
    case 'too_small':
      return `quá ngắn hoặc quá nhỏ (tối thiểu ${String(issue.minimum)})`;
    default:
      return 'dữ liệu sai';
  }
}

/**
 * The `If-Match` version a client last saw (`3`, `"3"` or `W/"3"`), or undefined when absent.
 * An entity tag that names no version (an opaque tag from elsewhere) matches nothing: the caller
 * answers 412, as RFC 9110 §13.1.1 says for a tag that does not match the current one.
 */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * A JSON body: 415 for another content type, 413 beyond `limit`, 400 for a shape no request has
 * (nested too deep, too many items: refused before parsing, see json-shape.ts), and the raw bytes
 * kept for the idempotency fingerprint.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!req.is('application/json')) throw new ApiError(415, 'unsupported-media-type', 'Nội dung phải là JSON (Content-Type: application/json).');
      next();
    },
    express.json({
      limit,
      verify: (req, _res, buf) => {
        const problem = jsonShapeProblem(buf);
        if (problem) throw new ApiError(400, 'bad-json-shape', `Nội dung gửi lên không hợp lệ: ${problem}.`);
        (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  ];
}

const XLSX_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel.sheet.macroEnabled.12', 'application/octet-stream'];

/** An .xlsx body: the bytes of the workbook, up to the reader's file limit. */
export function xlsxBody(limit: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!req.is(XLSX_TYPES)) throw new ApiError(415, 'unsupported-media-type', 'Hãy gửi tệp .xlsx (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).');
      next();
    },
    express.raw({ type: XLSX_TYPES, limit }),
  ];
}

/** The workbook bytes of a request that went through xlsxBody. */
export function uploadedBytes(req: Request): Buffer {
  const bytes = req.body as unknown;
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new ApiError(400, 'bad-request', 'Tệp gửi lên rỗng.');
  return bytes;
}

export interface WriteOutcome {
  status: number;
  body: unknown;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function requestFingerprint(req: Request, raw: Buffer | undefined): string {
  return createHash('sha256')
    .update(`${req.method} ${req.baseUrl}${req.path}\n`)
    .update(raw ?? Buffer.alloc(0))
    .digest('hex');
}

/**
 * Runs a change and answers once it is on disk. With an `Idempotency-Key`, a retry with the same
 * key and body gets the first answer and writes nothing; the same key with another body is 409.
 * The key is kept with the change in the same write, for good (clients may be offline for days).
 * A replay is answered only once the first request's write is on disk; if that write failed, the
 * key went with it and the retry is applied afresh.
 */
export async function durableWrite(req: Request, res: Response, store: Store, change: (tx: StoreTx) => WriteOutcome): Promise<void> {
  const key = req.get('idempotency-key');
  const accountId = req.account?.id ?? '';
  let fingerprint = '';
  if (key !== undefined) {
    if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError(400, 'bad-request', 'Idempotency-Key phải gồm 8–200 ký tự chữ, số, dấu chấm, gạch.');
    fingerprint = requestFingerprint(req, (req as Request & { rawBody?: Buffer }).rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined));
    // Committed state only: a first request still being written is found inside the change below,
    // and its replay is then answered with it, once it is on disk.
    const earlier = await store.idempotency(accountId, key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new ApiError(409, 'idempotency-conflict', 'Mã Idempotency-Key này đã dùng cho một yêu cầu khác. Hãy dùng mã mới cho mỗi lần gửi.');
      }
      res.status(earlier.status).set('Idempotent-Replay', 'true').json(earlier.body);
      return;
    }
  }
  const outcome = await store.write((tx) => {
    // Checked again inside the change: a concurrent request with the same key may have got here first.
    const earlier = key === undefined ? undefined : tx.idempotency(accountId, key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) throw new ApiError(409, 'idempotency-conflict', 'Mã Idempotency-Key này đã dùng cho một yêu cầu khác.');
      return { status: earlier.status, body: earlier.body, replay: true };
    }
    const changed = change(tx);
    // The answer as of this change: its body may hold live store objects that a later change in
    // the same commit mutates (a second edit of the same score) before the answer is sent.
    const result = { status: changed.status, body: JSON.parse(JSON.stringify(changed.body)) as unknown };
    if (key !== undefined && result.status < 300) {
      // A token in the answer (a new account's) is shown once and never kept: a replay says so instead.
      tx.addIdempotency({ accountId, key, fingerprint, status: result.status, body: withoutTokens(result.body).value, at: new Date().toISOString() });
    }
    return { ...result, replay: false };
  });
  if (outcome.replay) res.set('Idempotent-Replay', 'true');
  res.status(outcome.status).json(outcome.body);
}

/**
 * Answers `{"<name>":[…]}` from `slices`, streamed (json-pieces.ts), gzipped for a client that
 * takes it (every browser, so the pane): zlib works in libuv's threads, not on the event loop, and a
 * nation's 24.4 MB of reports, which every reviewer's pane asks for, crosses as 8.2 MB. The first slice is read before anything is
 * sent, so a store that cannot be read still gets its 503; one that fails later cuts the
 * connection, so the download fails rather than ends short. A client that leaves stops the reading.
 */
export async function sendJsonList<T>(req: Request, res: Response, name: string, slices: AsyncIterable<ReadonlyArray<T>>): Promise<void> {
  const iterator = slices[Symbol.asyncIterator]();
  const first = await iterator.next();
  let failed: { error: unknown } | null = null;
  async function* all(): AsyncGenerator<ReadonlyArray<T>> {
    try {
      for (let next = first; !next.done; next = await iterator.next()) yield next.value;
    } catch (error) {
      failed = { error };
      throw error;
    } finally {
      await iterator.return?.();
    }
  }
  res.type('application/json').vary('Accept-Encoding');
  const pieces = Readable.from(jsonListPieces(name, all()));
  if (req.acceptsEncodings('gzip')) {
    res.set('Content-Encoding', 'gzip');
    await pipeline(pieces, createGzip({ level: 1 }), res).catch(() => res.destroy());
  } else await pipeline(pieces, res).catch(() => res.destroy());
  // The store failed midway (not a client that left): the error handler logs it, the connection already cut.
  if (failed) throw (failed as { error: unknown }).error;
}

export function errorHandler(logger: Logger) {
  // Express recognises an error handler by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      // Part of the answer has gone (a list streamed when the store failed): no status can be said now, so
      // the connection is cut, the download failing rather than ending short, and the fault logged.
      logger.error({ err: (error as Error)?.message, path: req.path }, 'answer cut off');
      res.destroy();
      return;
    }
    if (error instanceof ApiError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message }, ...error.extra });
      return;
    }
    const status = (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large' || status === 413) {
      res.status(413).json({ error: { code: 'too-large', message: 'Dữ liệu gửi lên quá lớn.' } });
      return;
    }
    if (type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'bad-json', message: 'Nội dung gửi lên không phải JSON hợp lệ.' } });
      return;
    }
    if (status === 415 || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json({ error: { code: 'unsupported-media-type', message: 'Bảng mã hoặc cách nén của nội dung gửi lên không được hỗ trợ; hãy gửi JSON bằng UTF-8.' } });
      return;
    }
    if (status === 400) {
      res.status(400).json({ error: { code: 'bad-request', message: 'Yêu cầu không hợp lệ.' } });
      return;
    }
    if (error instanceof ReadAbandonedError) {
      res.destroy(); // the client left before its file was read: no one to answer
      return;
    }
    if (error instanceof ReadersBusyError) {
      res.status(503).set('Retry-After', '20').json({ error: { code: 'busy', message: 'Máy chủ đang đọc nhiều tệp cùng lúc nên chưa đọc được tệp này. Báo cáo chưa được nhận; hãy gửi lại sau ít phút.' } });
      return;
    }
    if (error instanceof StoreWriteError) {
      logger.error({ err: error.message }, 'store write failed');
      res.status(503).json({ error: { code: 'store-unavailable', message: 'Máy chủ tạm thời không ghi được dữ liệu; thay đổi chưa được lưu. Hãy thử gửi lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống.' } });
      return;
    }
    if (error instanceof StoreReadError) {
      logger.error({ err: error.message }, 'store read failed');
      res.status(503).set('Retry-After', '30').json({ error: { code: 'store-unavailable', message: 'Máy chủ tạm thời không đọc được dữ liệu (mất kết nối tới cơ sở dữ liệu). Hãy thử lại sau ít phút; nếu vẫn lỗi, báo quản trị hệ thống.' } });
      return;
    }
    if (error instanceof HistoryFileError) {
      logger.error({ err: error.message }, 'history file unreadable');
      res.status(500).json({ error: { code: 'history-unreadable', message: error.message } });
      return;
    }
    if (error instanceof KeptRoundError) {
      logger.error({ err: error.message }, 'kept round unreadable');
      res.status(500).json({ error: { code: 'kept-round-unreadable', message: 'Không đọc được dữ liệu của đợt báo cáo cũ này trên máy chủ (tệp dữ liệu của đợt bị thiếu hoặc bị hỏng). Hãy báo quản trị hệ thống khôi phục tệp từ bản sao lưu.' } });
      return;
    }
    logger.error({ err: (error as Error)?.message, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'Máy chủ gặp lỗi không mong đợi. Thay đổi chưa được lưu; hãy thử lại sau.' } });
  };
}

/** Aborted when the request's client leaves before its answer is sent (a long upload's reader stops or leaves the queue). */
export function whileClientWaits(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
