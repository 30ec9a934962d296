/** The consolidation of every latest report and every score, as JSON and as the summary workbook (admin). */
import { Router } from 'express';
import { consolidate, type Summary } from '../../core/consolidate';
import { summaryTables } from '../../core/summary-sheets';
import { requireRole } from '../auth';
import type { Data, Store } from '../store';
import { summaryWorkbook } from '../xlsx/summary';
import { latestSubmissions } from './submissions';

export function currentSummary(data: Readonly<Data>): Summary {
  const { round, scores } = data;
  const reports = latestSubmissions(data).map((s) => ({ unit: s.unit, source: `phiên bản ${s.version}`, submittedAt: s.submittedAt, entries: s.entries }));
  return consolidate(round, reports, scores);
}

export function summaryRoutes(store: Store): Router {
  const router = Router();
  // The tables too, so the add-in writes the same sheets as the .xlsx without knowing the round's details.
  router.get('/summary', requireRole('admin'), async (_req, res) => {
    const data = await store.read();
    const summary = currentSummary(data);
    res.json({ summary, tables: summaryTables(data.round, summary) });
  });
  router.get('/summary.xlsx', requireRole('admin'), async (_req, res) => {
    const data = await store.read();
    const round = data.round;
    const bytes = await summaryWorkbook(round, currentSummary(data));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`tong-hop-${round.id}.xlsx`)
      .send(bytes);
  });
  return router;
}
