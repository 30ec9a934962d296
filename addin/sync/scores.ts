/**
 * The reviewer's scores as the pane knows them: what the server confirmed (its list, updated by
 * every delivered send in the outbox), what waits in the outbox, and sending one.
 */
import type { ScoreValues } from '../../core/judging/score-sheet';
import { parseAnswer, scorePath, scoreSchema, type ServerScore } from './api';
import type { Outbox, OutboxItem } from './outbox';
import { z } from 'zod';

/** A score the server holds: every point given. */
export interface ConfirmedScore {
  points: Record<string, number>;
  comment: string;
  version: number;
  stale: boolean;
}

const scoreBody = z.object({ points: z.record(z.string(), z.number()), comment: z.string().optional() });
const entryIdOf = (item: OutboxItem) => decodeURIComponent(item.path.slice('/api/scores/'.length));

/** The server's scores, each replaced by a newer version delivered from this pane. */
export function confirmedScores(server: ReadonlyArray<ServerScore>, items: ReadonlyArray<OutboxItem>): Map<string, ConfirmedScore> {
  const confirmed = new Map<string, ConfirmedScore & { updatedAt: string }>(
    server.map((s) => [s.entryId, { points: s.points, comment: s.comment, version: s.version, stale: s.stale, updatedAt: s.updatedAt }]),
  );
  for (const item of items) {
    if (item.kind !== 'score' || item.state !== 'delivered') continue;
    const score = parseAnswer(z.object({ score: scoreSchema }), item.answer).score;
    const known = confirmed.get(score.entryId);
    // Only a newer version: at the same version the server's record is the later word (it marks a
    // score stale without a new version when the unit changes the entry), and re-scoring makes a newer one.
    if (!known || known.version < score.version) confirmed.set(score.entryId, { ...score, updatedAt: score.updatedAt });
  }
  return confirmed;
}

/** Scores waiting in the outbox, by entry. */
export function waitingScores(items: ReadonlyArray<OutboxItem>): Map<string, ScoreValues> {
  const waiting = new Map<string, ScoreValues>();
  for (const item of items) {
    if (item.kind !== 'score' || item.state !== 'pending') continue;
    const body = scoreBody.parse(item.body);
    waiting.set(entryIdOf(item), { points: body.points, comment: body.comment ?? '' });
  }
  return waiting;
}

/** Sends where the server says another device changed the score since (412), with both values. */
export function conflicts(items: ReadonlyArray<OutboxItem>): Array<{ item: OutboxItem; entryId: string; mine: ScoreValues; theirs: ConfirmedScore }> {
  return items
    .filter((i) => i.kind === 'score' && i.state === 'rejected' && i.error?.status === 412)
    .map((item) => {
      const body = scoreBody.parse(item.body);
      const current = parseAnswer(z.object({ current: scoreSchema }).loose(), item.error!.body).current;
      return {
        item,
        entryId: entryIdOf(item),
        mine: { points: body.points, comment: body.comment ?? '' },
        theirs: { points: current.points, comment: current.comment, version: current.version, stale: current.stale },
      };
    });
}

/** Queues a score with the version last seen (0: none), so a second device's edit is caught. */
export function sendScore(outbox: Outbox, entryId: string, title: string, values: ScoreValues, version: number): OutboxItem {
  return outbox.enqueue({ kind: 'score', label: `Điểm “${title}”`, path: scorePath(entryId), body: { points: values.points, comment: values.comment }, ifMatch: version });
}
