/** The consolidation of every latest report and every score, as JSON and as the summary workbook (admin). */
import { Router } from 'express';
import { consolidate, type Summary } from '../../core/consolidate';
import { summaryTables } from '../../core/summary-sheets';
import { requireRole } from '../auth';
import type { Store } from '../store';
import { summaryWorkbook } from '../xlsx/summary';
import { latestSubmissions } from './submissions';

export function currentSummary(store: Store): Summary {
  const { round, scores } = store.data;
  const reports = latestSubmissions(store.data).map((s) => ({ unit: s.unit, source: `phiên bản ${s.version}`, submittedAt: s.submittedAt, entries: s.entries }));
  return consolidate(round, reports, scores);
}

export function summaryRoutes(store: Store): Router {
  const router = Router();
  // The tables too, so the add-in writes the same sheets as the .xlsx without knowing the round's details.
  router.get('/summary', requireRole('admin'), (_req, res) => {
    const summary = currentSummary(store);
    res.json({ summary, tables: summaryTables(store.data.round, summary) });
  });
  router.get('/summary.xlsx', requireRole('admin'), async (_req, res) => {
    const bytes = await summaryWorkbook(store.data.round, currentSummary(store));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`tong-hop-${store.data.round.id}.xlsx`)
      .send(bytes);
  });
  return router;
}
