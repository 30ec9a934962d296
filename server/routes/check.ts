/**
 * Checking a workbook without sending it, for officers whose Excel cannot run the add-in (the
 * browser page /nop-bao-cao.html): `POST /api/check` answers the `phuluc validate --json`
 * document, with the picture of the table; `POST /api/check/marked` answers the workbook itself
 * with its findings marked on the cells. Both read in the reader threads, with the upload's
 * limits, and store nothing.
 */
import { organiserWords } from '../../core/rounds/organiser';
import { Router, type Request, type Response } from 'express';
import { reportJson } from '../../core/reader/report';
import { readOptions, type Round } from '../../core/rounds/round';
import { wrongUnitIssues } from '../../core/reader/validate';
import { foldKey } from '../../core/text';
import { vietnameseDate } from '../../core/rounds/submission';
import { requireRole, unitParam } from '../auth';
import { ApiError, uploadedBytes, whileClientWaits, xlsxBody } from '../http';
import type { Store } from '../store';
import { LIMITS } from '../xlsx/zip-guard';
import type { WorkbookReaders } from '../xlsx/reader-pool';
import { canTouch } from './submissions';
import { accountUnitName, unitMatchName } from '../../core/rounds/units';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The unit the workbook is checked for: an officer's own; the admin's `?unit=`, when given. */
function unitOf(req: Request, round: Round): string | null {
  const asked = typeof req.query.unit === 'string' && req.query.unit !== '' ? unitParam(round, req.query.unit) : null;
  const account = req.account!;
  if (account.role !== 'officer') return asked;
  if (asked) canTouch(req, round, asked);
  return accountUnitName(round, account) ?? null;
}

/** "bao-cao-phuong-2-kiem-tra-20241005-1030.xlsx": whose report and when it was checked (Vietnam time), so two downloads never share a name. */
export function markedFileName(unit: string | null, at: Date): string {
  const slug = foldKey(unit ?? 'don-vi').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'don-vi';
  // vietnameseDate: "05/10/2024 10:30" in Vietnam's time.
  const [day, month, year, hour, minute] = vietnameseDate(at.toISOString()).split(/[/ :]/);
  return `bao-cao-${slug}-kiem-tra-${year}${month}${day}-${hour}${minute}.xlsx`;
}

export function checkRoutes(store: Store, readers: WorkbookReaders): Router {
  const router = Router();
  const body = [requireRole('officer', 'admin'), ...xlsxBody(LIMITS.fileBytes)];

  /** The report's findings as the upload route would judge them, with the picture of its table. */
  async function check(req: Request, res: Response) {
    const { round } = await store.read();
    const unit = unitOf(req, round);
    const result = await readers.checkWithPicture(unit ? `${unit}.xlsx` : 'bao-cao.xlsx', uploadedBytes(req), readOptions(round), whileClientWaits(res));
    // Who checked it, for the marked copy's properties: the account's name, else the secretariat's own ("Sở Nội vụ").
    const by = req.account!.name || organiserWords(round).secretariat;
    return { ...result, unit, by, issues: unit ? [...result.issues, ...wrongUnitIssues(result.entries, unitMatchName(round, unit))] : result.issues };
  }

  router.post('/', ...body, async (req, res) => {
    const result = await check(req, res);
    res.json({ files: [{ ...reportJson(result), picture: result.picture ?? null }] });
  });

  router.post('/marked', ...body, async (req, res) => {
    const result = await check(req, res);
    if (result.error || !result.sheet) throw new ApiError(422, result.error?.code ?? 'unreadable-file', result.error?.message ?? 'Không đọc được tệp.');
    const marked = await readers.mark('bao-cao.xlsx', uploadedBytes(req), result.sheet, result.issues, result.by, whileClientWaits(res));
    if (marked.error !== undefined) throw new ApiError(422, 'unreadable-file', marked.error);
    res.attachment(markedFileName(result.unit, new Date()));
    res.type(XLSX).send(Buffer.from(marked.bytes));
  });
  return router;
}
