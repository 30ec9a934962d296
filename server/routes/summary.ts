/** The consolidation of every latest report and every score, as JSON and as the summary workbook (admin). */
import { Router } from 'express';
import { consolidate, type EarlierEntry, type Summary } from '../../core/consolidate';
import { summaryTables } from '../../core/summary-sheets';
import { requireRole } from '../auth';
import { allRounds, roundOf, type RoundData } from '../rounds';
import type { Data, Store } from '../store';
import { summaryWorkbook } from '../xlsx/summary';
import { latestSubmissions } from './submissions';

/** The entries of every earlier round on the server (an earlier year), for the duplicate search. */
function earlierEntries(data: Readonly<Data>, of: RoundData): EarlierEntry[] {
  return allRounds(data)
    .filter((r) => r.round.id !== of.round.id && r.round.year < of.round.year)
    .flatMap((r) => latestSubmissions(r).flatMap((s) => s.entries.map((e) => ({ id: `${r.round.id}/${e.id}`, unit: s.unit, title: e.title, sections: e.sections, year: r.round.year }))));
}

/** The consolidation of one round (the active one by default), with earlier years' entries compared. */
export function currentSummary(data: Readonly<Data>, of: RoundData = data): Summary {
  const reports = latestSubmissions(of).map((s) => ({ unit: s.unit, source: `phiên bản ${s.version}`, submittedAt: s.submittedAt, entries: s.entries }));
  return consolidate(of.round, reports, of.scores, earlierEntries(data, of));
}

export function summaryRoutes(store: Store): Router {
  const router = Router();
  // The tables too, so the add-in writes the same sheets as the .xlsx without knowing the round's details.
  router.get('/summary', requireRole('admin'), async (req, res) => {
    const data = await store.read();
    const of = roundOf(data, req);
    const summary = currentSummary(data, of);
    res.json({ provisional: summary.provisional, summary, tables: summaryTables(of.round, summary) });
  });
  router.get('/summary.xlsx', requireRole('admin'), async (req, res) => {
    const data = await store.read();
    const of = roundOf(data, req);
    const round = of.round;
    const bytes = await summaryWorkbook(round, currentSummary(data, of));
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment(`tong-hop-${round.id}.xlsx`)
      .send(bytes);
  });
  return router;
}
