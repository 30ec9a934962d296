/** The consolidation of every latest report and every score, as JSON and as the summary workbook (admin), built off the request path. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Logger } from 'pino';
import { earlierEntriesOf, type EarlierPart } from '../earlier-entries';
import { requireRole } from '../auth';
import { ApiError, parse } from '../http';
import { allRounds, askedRound, latestSubmissions, roundOf, type RoundData } from '../rounds';
import { keptFileOf, KeptRoundError, StoreReadError, type Data, type Store } from '../store';
import type { Summaries, SummaryInput } from '../summary-pool';
import type { SummaryBytes } from '../summary-bytes';
import type { SummaryKind } from '../summary-worker';
import { DOCUMENT_TITLES, DOCUMENTS, documentFileName, type DocumentName } from '../../core/documents/documents';

const gunzipAsync = promisify(gunzip);

/**
 * Every earlier round on the server (an earlier year), for the duplicate search: a kept round still
 * only in its file by that file, one PostgreSQL does not hold by its table (the worker reads both).
 */
function earlierParts(store: Store, data: Readonly<Data>, of: RoundData): EarlierPart[] {
  return allRounds(data)
    .filter((r) => r.round.id !== of.round.id && r.round.year < of.round.year)
    .map((r) => {
      const kept = keptFileOf(r);
      if (kept) return { file: kept.path, round: r.round };
      const table = store.unheldReportsAt(r.round.id);
      return table ? { ...table, round: r.round, version: store.ownContentVersion(r.round.id) } : { entries: earlierEntriesOf(r, of.round) };
    });
}

/** What consolidating one round (the active one by default) takes: its latest reports, its scores, earlier years' entries (`earlier`). */
function summaryInput(data: Readonly<Data>, of: RoundData, earlier: EarlierPart[]): SummaryInput {
  const reports = latestSubmissions(of).map((s) => ({ unit: s.unit, source: `phiên bản ${s.version}`, submittedAt: s.submittedAt, entries: s.entries, issues: s.issues }));
  const reviewers = data.accounts.filter((a) => a.role === 'reviewer').map((a) => ({ id: a.id, name: a.name }));
  return { round: of.round, reports, scores: of.scores, earlier, refusals: of.refusals, reviewers };
}

const sheetsQuery = z.object({
  part: z.coerce.number().int().min(0).max(100_000).default(0),
  version: z.string().max(200).optional(),
  round: z.string().optional(),
});

function notBuilt(error: unknown): never {
  // An earlier year's damaged file, or a database the worker could not read it from: said as such (server/http.ts).
  if (error instanceof KeptRoundError || error instanceof StoreReadError) throw error;
  throw new ApiError(503, 'summary-failed', 'Chưa lập được bảng tổng hợp (máy chủ đang quá tải hoặc dữ liệu quá lớn). Hãy thử lại sau ít phút.');
}

export function summaryRoutes(store: Store, summaries: Summaries, logger: Logger): Router {
  const router = Router();
  /**
   * The earlier years' entries last gathered, with what they were gathered from (the round's year
   * and units, each other round's own content version): neither a score nor this year's reports
   * change them, and gathering a nation's 20,400 held the main thread 50 ms for each summary.
   */
  let earlierKept: { units: unknown; key: string; entries: EarlierPart[] } | null = null;
  const earlierKey = (data: Readonly<Data>, of: RoundData) =>
    // Not this round's own version: it moves with every score. And where each is: one let go since, or read since, is named otherwise.
    [of.round.id, of.round.year, ...allRounds(data).filter((r) => r.round.id !== of.round.id).map((r) => `${store.ownContentVersion(r.round.id)}:${keptFileOf(r)?.path ?? ''}:${store.unheldReportsAt(r.round.id) ? 'table' : ''}`)].join('|');
  function earlierOf(data: Readonly<Data>, of: RoundData): EarlierPart[] {
    const key = earlierKey(data, of);
    // A round's new settings come as a new record: its units are a new list.
    if (earlierKept?.units !== of.round.units || earlierKept.key !== key) earlierKept = { units: of.round.units, key, entries: earlierParts(store, data, of) };
    return earlierKept.entries;
  }
  /** What consolidating the round a request asks for takes (read before the summary is asked for: nothing changes between the two). */
  async function inputOf(req: Request): Promise<{ of: RoundData; input: () => SummaryInput }> {
    const data = await store.readWithScores(askedRound(req));
    const of = roundOf(data, req);
    const earlier = earlierOf(data, of);
    return { of, input: () => summaryInput(data, of, earlier) };
  }
  /** The summary of the round asked for, built in the worker once per version of its content; `whole` waits for all of it. */
  async function built(req: Request, kind: SummaryKind) {
    const { of, input } = await inputOf(req);
    const bytes = summaries.get(kind, store.contentVersion(of.round.id), input);
    await bytes.started().catch(notBuilt);
    return { round: of.round, bytes };
  }
  async function whole(req: Request, kind: SummaryKind) {
    const { round, bytes } = await built(req, kind);
    return {
      round,
      bytes: await bytes.whole().catch(notBuilt),
    };
  }
  /**
   * Streamed, as the worker writes it: the first parts are sent while it still writes the rest.
   * Should the build fail once bytes have gone, the connection is cut, so the download fails rather than ends short.
   */
  async function stream(res: Response, bytes: SummaryBytes): Promise<void> {
    await pipeline(Readable.from(bytes.read()), res).catch(async (error: unknown) => {
      res.destroy();
      // A client that went away is no fault here; a build that failed midway is.
      if (!(await bytes.over())) logger.error({ err: (error as Error).message }, 'summary cut off');
    });
  }
  /** Everything, for the command line and integrations: a nation's is 100 MB, written and sent in pieces. */
  router.get('/summary', requireRole('admin'), async (req, res) => {
    const { bytes } = await built(req, 'json');
    res.type('application/json');
    await stream(res, bytes);
  });
  /**
   * What the pane's Tổng hợp writes into the workbook, in parts: the first (`{version, part}`) has
   * the dashboard and what to settle; `?part=N&version=…` gives the others of that same build (part
   * 1: every sheet with its first rows, and how many parts; then the rows that follow).
   */
  router.get('/summary/sheets', requireRole('admin'), async (req, res) => {
    const query = parse(sheetsQuery, req.query, 'Yêu cầu');
    let bytes: SummaryBytes | undefined;
    let version: string;
    if (query.part === 0) {
      const { of, input } = await inputOf(req);
      version = store.contentVersion(of.round.id);
      bytes = summaries.get('sheets', version, input);
    } else {
      version = query.version ?? '';
      bytes = summaries.kept('sheets', version);
      if (!bytes) throw new ApiError(409, 'summary-changed', 'Dữ liệu vừa thay đổi trong lúc tải bảng tổng hợp. Hãy lập lại bảng tổng hợp.');
    }
    const part = await bytes.part(query.part).catch(notBuilt);
    if (!part) throw new ApiError(404, 'not-found', 'Bảng tổng hợp không có phần này.');
    res.type('application/json');
    if (query.part === 0) return void res.send(Buffer.concat([Buffer.from(`{"version":${JSON.stringify(version)},"part":`), part, Buffer.from('}')]));
    // The other parts come gzipped from the worker: as they are to a client that takes gzip (every browser), unzipped for one that does not.
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip')) res.set('Content-Encoding', 'gzip').send(part);
    else res.send(await gunzipAsync(part));
  });
  router.get('/summary.xlsx', requireRole('admin'), async (req, res) => {
    const { round, bytes } = await built(req, 'xlsx');
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`tong-hop-${round.id}.xlsx`);
    await stream(res, bytes);
  });
  /**
   * The round's documents to sign, with whether each is still TẠM TÍNH (an entry short of the
   * round's minimum of scores, as the consolidation counts them: scores not made stale).
   */
  router.get('/summary/documents', requireRole('admin'), async (req, res) => {
    const of = roundOf(await store.readWithScores(askedRound(req)), req);
    const scored = new Map<string, number>();
    for (const s of of.scores) if (!s.stale) scored.set(s.entryId, (scored.get(s.entryId) ?? 0) + 1);
    const entries = latestSubmissions(of).flatMap((s) => s.entries);
    const provisional = entries.length === 0 || entries.some((e) => (scored.get(e.id) ?? 0) < of.round.rubric.minReviewers);
    res.json({ documents: (Object.keys(DOCUMENTS) as DocumentName[]).map((id) => ({ id, title: DOCUMENT_TITLES[id], provisional, fileName: documentFileName(id, of.round) })) });
  });
  /** Báo cáo kết quả and the annex of the award decision, as .docx (core/documents/award-documents.ts). */
  router.get('/summary/documents/:name', requireRole('admin'), async (req, res) => {
    const name = String(req.params.name);
    // Own keys only: `name in` would take "constructor" for a document.
    if (!Object.hasOwn(DOCUMENTS, name)) throw new ApiError(404, 'not-found', `Không có văn bản này. Có: ${Object.keys(DOCUMENTS).join(', ')}.`);
    const { round, bytes } = await whole(req, name as DocumentName);
    res
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .attachment(documentFileName(name as DocumentName, round))
      .send(bytes);
  });
  return router;
}
