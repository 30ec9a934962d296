/**
 * Reports: an officer (or the admin) sends their unit's entries as JSON or as an .xlsx; the server
 * validates again with core/ (the add-in's check is a courtesy, this is the rule); each accepted
 * report is a new version, entry ids stay stable, and scores of changed entries become stale.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { matchUnit } from '../../core/reader/units';
import { organiserWords } from '../../core/rounds/organiser';
import { matchField } from '../../core/reader/fields';
import { REPORT_LIMITS } from '../../core/limits';
import { assignEntryIds, entryFingerprint, incomingEntry, submissionWindow, vietnameseDate, type IncomingEntry, type StoredEntry } from '../../core/rounds/submission';
import { toNfc } from '../../core/text';
import type { Issue } from '../../core/types';
import { hasErrors, validateReport, wrongUnitIssues } from '../../core/reader/validate';
import { requireRole, unitParam } from '../auth';
import { ApiError, durableWrite, ifMatchVersion, jsonBody, parse, sendJsonList, type WriteOutcome, uploadedBytes, whileClientWaits, xlsxBody } from '../http';
import { slicesOf } from '../json-pieces';
import type { Score, Store, StoreTx, Submission } from '../store';
import { LIMITS } from '../xlsx/zip-guard';
import type { WorkbookReaders } from '../xlsx/reader-pool';
import { askedRound, latestSubmission, reportsSeenBy, roundOf } from '../rounds';
import { readOptions, type Round } from '../../core/rounds/round';
import { accountUnit, unitMatchName, unitMatchNamesOf } from '../../core/rounds/units';

const text = (max: number) => z.string().max(max).transform(toNfc);
const { chars } = REPORT_LIMITS;
const part = text(chars.part).nullable();

// The same limits as the validator's (the pane shows them as findings before sending); here they
// guard the structure of what a client that skipped the pane sends.
export const entryBodySchema = z.strictObject({
  id: z.string().max(100).optional(),
  row: z.number().int().min(1).max(1_048_576),
  stt: text(chars.stt),
  unit: text(chars.unit),
  title: text(chars.title),
  field: text(chars.field),
  sections: z.strictObject({ thucTrang: part, noiDung: part, hieuQua: part, tinhMoi: part }),
  note: text(chars.note),
  authors: text(chars.authors).optional(),
  phone: text(chars.phone).optional(),
  category: text(chars.category).optional(),
});
const submissionBodySchema = z.strictObject({ entries: z.array(entryBodySchema).max(REPORT_LIMITS.entries) });

/** The canonical field for each entry whose field matched loosely. */
/** Fields and units as the round names them (`Cải cách TTHC`, `P.1` → the round's names). */
function withCanonicalNames(round: Round, entries: IncomingEntry[]): IncomingEntry[] {
  const units = unitMatchNamesOf(round.units);
  return entries.map((e) => {
    const field = matchField(e.field, round.fields);
    const unit = matchUnit(e.unit, units);
    return {
      ...e,
      ...(field.kind === 'normalized' || field.kind === 'exact' ? { field: field.name } : {}),
      ...(unit.kind === 'normalized' || unit.kind === 'exact' ? { unit: unit.name } : {}),
    };
  });
}

/** Refuses a report with errors (422); the refusal is kept for the secretariat's progress view first. */
async function refuse(store: Store, req: Request, unit: string, issues: Issue[], now: Date): Promise<never> {
  const errors = issues.filter((i) => i.severity === 'error');
  const refusal = { unit, at: now.toISOString(), by: req.account!.id, errors: errors.length, reason: errors[0]?.message ?? '' };
  // Only the unit's latest refusal is kept; a failed record never hides the refusal itself.
  await store
    .write((tx) => tx.putRefusal(tx.data.round.id, refusal))
    .catch(() => undefined);
  throw new ApiError(422, 'invalid-report', `Báo cáo còn ${errors.length} lỗi nên chưa được nhận. Sửa các lỗi trong danh sách rồi gửi lại.`, { issues });
}

interface Accepted {
  /** The round's settings the report was checked against: the write refuses it if they changed since. */
  round: Round;
  unit: string;
  entries: IncomingEntry[];
  issues: Issue[];
  source: Submission['source'];
  file?: string;
}

/** Inside the write: the window, If-Match, ids, the new version, stale scores, the audit record. */
function applySubmission(tx: StoreTx, req: Request, accepted: Accepted, now: Date): WriteOutcome {
  const { data } = tx;
  const roundId = data.round.id;
  const account = req.account!;
  const { unit } = accepted;
  if (data.round !== accepted.round) throw roundChanged();
  canTouch(req, data.round, unit);
  if (account.role === 'officer') {
    const window = submissionWindow(data.round, data.extensions[unit], now);
    if (!window.open) {
      throw new ApiError(
        403,
        'round-closed',
        window.reason === 'not-yet'
          ? `Chưa đến thời gian nhận báo cáo: đợt báo cáo mở từ ${vietnameseDate(window.opens)} đến ${vietnameseDate(window.closes)}.`
          : `Đã hết hạn nhận báo cáo (từ ${vietnameseDate(window.opens)} đến ${vietnameseDate(window.closes)}). Liên hệ ${organiserWords(data.round).secretariat} nếu cần gia hạn.`,
      );
    }
  }
  const current = latestSubmission(data, unit);
  const expected = ifMatchVersion(req);
  if (expected !== undefined && expected !== (current?.version ?? 0)) {
    // With who sent it, by name: the officer decides between their version and this one.
    const sentBy = current ? (data.accounts.find((a) => a.id === current.by)?.name ?? null) : null;
    throw new ApiError(412, 'version-conflict', `Báo cáo của ${unit} đã có phiên bản mới hơn (phiên bản ${current?.version ?? 0}). Hãy xem lại trước khi gửi.`, {
      current: current ? { ...current, sentBy } : null,
    });
  }
  const entries: StoredEntry[] = assignEntryIds(current?.entries ?? [], accepted.entries, randomUUID);
  const submission: Submission = {
    unit,
    version: (current?.version ?? 0) + 1,
    submittedAt: now.toISOString(),
    by: account.id,
    source: accepted.source,
    ...(accepted.file ? { file: accepted.file } : {}),
    entries,
    issues: accepted.issues,
  };
  tx.addSubmission(roundId, submission);

  // A score stays, but is marked stale when the entry it scored changed or was withdrawn.
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const score of tx.scoresOfUnit(roundId, unit)) {
    const entry = byId.get(score.entryId);
    const { staleReason: _was, ...fresh } = score;
    const next: Score = !entry
      ? { ...score, stale: true, staleReason: 'withdrawn' }
      : entryFingerprint(entry) !== score.entryFingerprint
        ? { ...score, stale: true, staleReason: 'changed' }
        : { ...fresh, stale: false };
    if (next.stale !== score.stale || next.staleReason !== score.staleReason) tx.putScore(roundId, next);
  }
  tx.addAudit({
    at: now.toISOString(),
    actor: account.id,
    action: 'submit',
    target: unit,
    before: current ? { version: current.version, titles: current.entries.map((e) => e.title) } : null,
    after: { version: submission.version, source: submission.source, titles: entries.map((e) => e.title) },
  });
  return { status: 200, body: { version: submission.version, submittedAt: submission.submittedAt, entries: entries.map((e) => ({ id: e.id, row: e.row })), issues: accepted.issues } };
}

/** The round was switched or its settings changed between the check and the write. */
export function roundChanged(): ApiError {
  return new ApiError(409, 'round-changed', 'Cài đặt đợt báo cáo vừa được thư ký thay đổi trong lúc gửi. Hãy tải lại rồi gửi lại.');
}

/** An officer touches only their own unit (by id: the name it goes by in `round`, renamed or merged since the account was made). */
export function canTouch(req: Request, round: Round, unit: string): void {
  const account = req.account!;
  if (account.role !== 'officer') return;
  const own = accountUnit(round, account);
  // A unit the round no longer lists (dropped, not merged into another): only a new code helps.
  if (!own) throw new ApiError(403, 'other-unit', `Đơn vị của tài khoản này (${account.unit ?? 'không rõ'}) không có trong đợt báo cáo “${round.name}”. Hãy liên hệ ${organiserWords(round).secretariat} để được cấp mã của đơn vị đúng.`);
  if (own.name !== unit) throw new ApiError(403, 'other-unit', `Tài khoản của ${own.name} không được xem hay gửi báo cáo của ${unit}. Nếu anh/chị gửi cho ${unit}: đăng nhập bằng mã của ${unit}.`);
}


/** Reports sent a slice at a time (GET /api/submissions): at most a few megabytes of JSON between two turns of the event loop. */
const REPORTS_A_SLICE = 50;

export function submissionRoutes(store: Store, now: () => Date, readers: WorkbookReaders): Router {
  const router = Router();
  router.put('/:unit', requireRole('officer', 'admin'), ...jsonBody('10mb'), async (req, res) => {
    const { round } = await store.read();
    const unit = unitParam(round, String(req.params.unit));
    canTouch(req, round, unit);
    const body = parse(submissionBodySchema, req.body, 'Báo cáo');
    const entries = withCanonicalNames(round, body.entries);
    const issues = [...validateReport(body.entries, 0, readOptions(round)), ...wrongUnitIssues(body.entries, unitMatchName(round, unit))];
    if (hasErrors(issues)) await refuse(store, req, unit, issues, now());
    await durableWrite(req, res, store, (tx) => applySubmission(tx, req, { round, unit, entries, issues, source: 'json' }, now()));
  });

  router.post('/:unit/xlsx', requireRole('officer', 'admin'), ...xlsxBody(LIMITS.fileBytes), async (req, res) => {
    const { round } = await store.read();
    const unit = unitParam(round, String(req.params.unit));
    canTouch(req, round, unit);
    const bytes = uploadedBytes(req);
    // Read in a worker with bounded memory and time: a hostile workbook never stalls the others.
    const result = await readers.check(`${unit}.xlsx`, bytes, readOptions(round), whileClientWaits(res));
    if (result.error) throw new ApiError(422, result.error.code, result.error.message);
    const issues = [...result.issues, ...wrongUnitIssues(result.entries, unitMatchName(round, unit))];
    if (hasErrors(issues)) await refuse(store, req, unit, issues, now());
    await store.withUpload(bytes, (file) =>
      durableWrite(req, res, store, (tx) => applySubmission(tx, req, { round, unit, entries: result.entries.map((e) => incomingEntry(e)), issues, source: 'xlsx', file }, now())),
    );
  });

  router.get('/', requireRole('admin', 'reviewer', 'officer'), async (req, res) => {
    const data = await store.read(askedRound(req));
    // Streamed a few reports at a time: a nation's 3,400 (24 MB) as one string held every request 0.2–0.3 s, and every reviewer's pane asks for them.
    await sendJsonList(req, res, 'submissions', slicesOf(reportsSeenBy(data, roundOf(data, req), req.account!), REPORTS_A_SLICE));
  });

  router.get('/:unit', requireRole('admin', 'reviewer', 'officer'), async (req, res) => {
    const data = roundOf(await store.read(askedRound(req)), req);
    const unit = unitParam(data.round, String(req.params.unit));
    canTouch(req, data.round, unit);
    const latest = latestSubmission(data, unit);
    if (!latest) throw new ApiError(404, 'no-report', `${unit} chưa gửi báo cáo.`);
    res.json(latest);
  });

  return router;
}
