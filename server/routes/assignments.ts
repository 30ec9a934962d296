/**
 * Which entries each reviewer scores, when the round assigns them (core/judging/assignment): a reviewer
 * asks for their own list (the Chấm điểm tab builds its sheet from it); the admin sees every
 * reviewer's load and the entries short of the round's minimum.
 */
import { Router } from 'express';
import { requireRole } from '../auth';
import { askedRound, roundAssignment, roundOf } from '../rounds';
import type { Store } from '../store';

export function assignmentRoutes(store: Store): Router {
  const router = Router();
  router.get('/', requireRole('reviewer', 'admin'), async (req, res) => {
    const data = await store.read(askedRound(req));
    const round = roundOf(data, req);
    const assignment = roundAssignment(data, round);
    const mode = round.round.assignment?.mode ?? null;
    const account = req.account!;
    if (!assignment) {
      res.json({ mode });
      return;
    }
    if (account.role === 'reviewer') {
      // `of`: how many entries the round has (the assignment gave each of them out), which the pane says beside the reviewer's own: its list of reports holds only theirs.
      res.json({ mode, entries: assignment.byReviewer.get(account.id) ?? [], of: assignment.byEntry.size });
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
