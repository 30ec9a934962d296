/**
 * The rounds on this server (admin): list, add a new one (a round document, e.g. last year's
 * settings copied), change a round's settings in ways that keep its data meaningful, and choose
 * the active round. Earlier rounds and their data are always kept.
 */
import { Router } from 'express';
import { roundChangeProblems } from '../../core/rounds/round-edit';
import { roundSchema } from '../../core/rounds/round-schema';
import { requireRole } from '../auth';
import { ApiError, durableWrite, jsonBody, parse } from '../http';
import { allRounds, roundUsage } from '../rounds';
import { roundCounts, type Store } from '../store';

export function roundsRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/', async (_req, res) => {
    const data = await store.readWithScores(); // the active round's count of scores
    res.json({
      rounds: allRounds(data).map((r) => ({
        id: r.round.id,
        name: r.round.name,
        year: r.round.year,
        active: r.round.id === data.round.id,
        units: r.round.units.length,
        ...roundCounts(r),
        round: r.round,
      })),
    });
  });

  router.post('/', ...jsonBody('1mb'), async (req, res) => {
    const round = parse(roundSchema, req.body, 'Đợt báo cáo');
    await durableWrite(req, res, store, (tx) => {
      if (allRounds(tx.data).some((r) => r.round.id === round.id)) throw new ApiError(409, 'round-exists', `Đã có đợt báo cáo mã “${round.id}”. Hãy đặt mã khác cho đợt mới.`);
      tx.putRound(round);
      tx.addAudit({ at: now().toISOString(), actor: req.account!.id, action: 'round-create', target: round.id, before: null, after: { name: round.name, year: round.year } });
      return { status: 201, body: { round } };
    });
  });

  router.put('/:id', ...jsonBody('1mb'), async (req, res) => {
    const round = parse(roundSchema, req.body, 'Cài đặt đợt báo cáo');
    await store.readWithScores(String(req.params.id)); // what the round's data already uses (its scores' units and points) decides which changes are allowed
    await durableWrite(req, res, store, (tx) => {
      const target = allRounds(tx.data).find((r) => r.round.id === String(req.params.id));
      if (!target) throw new ApiError(404, 'unknown-round', `Không có đợt báo cáo “${String(req.params.id)}” trên máy chủ.`);
      if (round.id !== target.round.id) throw new ApiError(422, 'round-change-refused', 'Không đổi được mã của một đợt báo cáo đã có.');
      const problems = roundChangeProblems(target.round, round, roundUsage(tx.data, target));
      if (problems.length > 0) throw new ApiError(422, 'round-change-refused', `Chưa lưu được cài đặt: ${problems.join(' ')}`, { problems });
      const before = target.round;
      tx.putRound(round);
      tx.addAudit({ at: now().toISOString(), actor: req.account!.id, action: 'round-update', target: round.id, before: { name: before.name, window: before.window, scoringCloses: before.rubric.scoringCloses ?? null }, after: { name: round.name, window: round.window, scoringCloses: round.rubric.scoringCloses ?? null } });
      return { status: 200, body: { round } };
    });
  });

  router.post('/:id/activate', async (req, res) => {
    await store.read(String(req.params.id)); // its data becomes the active round's
    await durableWrite(req, res, store, (tx) => {
      const before = tx.data.round.id;
      const id = String(req.params.id);
      if (!allRounds(tx.data).some((r) => r.round.id === id)) throw new ApiError(404, 'unknown-round', `Không có đợt báo cáo “${id}” trên máy chủ.`);
      tx.activateRound(id);
      tx.addAudit({ at: now().toISOString(), actor: req.account!.id, action: 'round-activate', target: id, before, after: id });
      return { status: 200, body: { active: id } };
    });
  });
  /** Chốt điểm: the round's scores locked (or unlocked again), said in the audit log. */
  const lockScores = (locked: boolean) =>
    router.post(`/:id/${locked ? 'lock' : 'unlock'}-scores`, async (req, res) => {
      await store.readWithScores(String(req.params.id)); // the audit record says how many scores were locked
      await durableWrite(req, res, store, (tx) => {
        const target = allRounds(tx.data).find((r) => r.round.id === String(req.params.id));
        if (!target) throw new ApiError(404, 'unknown-round', `Không có đợt báo cáo “${String(req.params.id)}” trên máy chủ.`);
        const at = now().toISOString();
        const round = { ...target.round };
        if (locked) round.scoresLocked = { at, by: req.account!.id };
        else delete round.scoresLocked;
        tx.putRound(round);
        tx.addAudit({ at, actor: req.account!.id, action: locked ? 'scores-lock' : 'scores-unlock', target: round.id, before: null, after: { scores: roundCounts(target).scores } });
        return { status: 200, body: { round } };
      });
    });
  lockScores(true);
  lockScores(false);
  return router;
}
