/**
 * Scores: one record per (entry, reviewer). Points are checked against the rubric, a reviewer
 * never scores their own unit's entry, none is given after the scoring deadline or once the scores
 * are locked (Chốt điểm), and If-Match guards against a second device's edit.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { checkPoints, scoringClosedReason } from '../../core/judging/scoring';
import { isOwnUnit } from '../../core/rounds/units';
import { entryFingerprint } from '../../core/rounds/submission';
import { recordOf } from '../../core/record-schema';
import { toNfc } from '../../core/text';
import { roundOf } from '../rounds';
import { requireRole } from '../auth';
import { ApiError, durableWrite, ifMatchVersion, jsonBody, parse, sendJsonList } from '../http';
import type { Score, Store } from '../store';

const scoreBodySchema = z.strictObject({
  points: recordOf(z.number(), { maxKeyLength: 40 }).refine((p) => Object.keys(p).length <= 50, 'quá nhiều tiêu chí'),
  comment: z.string().max(5_000).transform(toNfc).optional(),
});

/** The entry with this id in the latest report of any unit, with that report's unit. */
export function scoreRoutes(store: Store, now: () => Date): Router {
  const router = Router();
  router.put('/:entryId', requireRole('reviewer'), ...jsonBody('64kb'), async (req, res) => {
    const account = req.account!;
    const entryId = String(req.params.entryId);
    if (entryId.length > 100) throw new ApiError(400, 'bad-request', 'Mã mô hình không hợp lệ.');
    const body = parse(scoreBodySchema, req.body, 'Phiếu chấm');
    // Every rule is checked inside the write, on the state it commits to: a lock, a resubmission
    // or a round switch that lands first is seen here, never a state read before it.
    await durableWrite(req, res, store, (tx) => {
      const data = tx.data;
      const roundId = data.round.id;
      const found = tx.entry(roundId, entryId);
      if (!found) throw new ApiError(404, 'no-entry', 'Không có mô hình này trong các báo cáo hiện hành (có thể đơn vị đã rút hoặc gửi lại báo cáo).');
      if (isOwnUnit(data.round, account, found.unit)) {
        throw new ApiError(403, 'own-unit', `Thành viên hội đồng không chấm mô hình của đơn vị mình (${found.unit}).`);
      }
      const closed = scoringClosedReason(data.round, now());
      if (closed) throw new ApiError(closed.code === 'scores-locked' ? 423 : 403, closed.code, closed.message);
      const problems = checkPoints(data.round, body.points);
      if (problems.length > 0) throw new ApiError(422, 'invalid-points', problems.join(' '), { problems });
      const existing = tx.score(roundId, entryId, account.id);
      const expected = ifMatchVersion(req);
      if (expected !== undefined && expected !== (existing?.version ?? 0)) {
        throw new ApiError(412, 'version-conflict', 'Điểm của mô hình này đã được sửa ở nơi khác sau lần anh/chị xem. Hãy chọn giữ điểm nào.', { current: existing ?? null });
      }
      const at = now().toISOString();
      const score: Score = {
        id: existing?.id ?? randomUUID(),
        entryId,
        reviewerId: account.id,
        unit: found.unit,
        points: body.points,
        comment: body.comment ?? '',
        version: (existing?.version ?? 0) + 1,
        updatedAt: at,
        entryFingerprint: entryFingerprint(found.entry),
        stale: false,
      };
      tx.putScore(roundId, score);
      tx.addAudit({
        at,
        actor: account.id,
        action: 'score',
        target: entryId,
        before: existing ? { version: score.version - 1 } : null,
        after: { version: score.version, points: score.points, comment: score.comment },
      });
      return { status: 200, body: { score } };
    });
  });

  /** The secretariat's: every score of the round; a reviewer's: their own. Streamed a slice at a time (a nation's round holds 306,000). */
  router.get('/', requireRole('reviewer', 'admin'), async (req, res) => {
    const account = req.account!;
    const { round } = roundOf(await store.read(), req);
    await sendJsonList(req, res, 'scores', store.scores(round.id, account.role === 'admin' ? undefined : account.id));
  });

  return router;
}
