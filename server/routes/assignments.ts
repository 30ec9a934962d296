/**
 * Which entries each reviewer scores, when the round assigns them (core/assignment): a reviewer
 * asks for their own list (the Chấm điểm tab builds its sheet from it); the admin sees every
 * reviewer's load and the entries short of the round's minimum.
 */
import { Router } from 'express';
import { assignEntries, type Assignment } from '../../core/assignment';
import { requireRole } from '../auth';
import { roundOf, type RoundData } from '../rounds';
import type { Data, Store } from '../store';
import { latestSubmissions } from './submissions';

/** The round's assignment over its latest reports and the live reviewers, or null when the round assigns none. */
export function roundAssignment(data: Readonly<Data>, round: RoundData): Assignment | null {
  if (!round.round.assignment) return null;
  const entries = latestSubmissions(round).flatMap((s) => s.entries.map((e) => ({ id: e.id, unit: s.unit, field: e.field })));
  const reviewers = data.accounts.filter((a) => a.role === 'reviewer' && !a.revokedAt).map((a) => ({ id: a.id, ...(a.unit ? { unit: a.unit } : {}) }));
  return assignEntries(round.round, entries, reviewers);
}

export function assignmentRoutes(store: Store): Router {
  const router = Router();
  router.get('/', requireRole('reviewer', 'admin'), async (req, res) => {
    const data = await store.read();
    const round = roundOf(data, req);
    const assignment = roundAssignment(data, round);
    const mode = round.round.assignment?.mode ?? null;
    const account = req.account!;
    if (!assignment) {
      res.json({ mode });
      return;
    }
    if (account.role === 'reviewer') {
      res.json({ mode, entries: assignment.byReviewer.get(account.id) ?? [] });
      return;
    }
    const names = new Map(data.accounts.map((a) => [a.id, a.name]));
    res.json({
      mode,
      reviewers: [...assignment.byReviewer].map(([id, entries]) => ({ id, name: names.get(id) ?? id, entries: entries.length })),
      short: assignment.short,
    });
  });
  return router;
}
