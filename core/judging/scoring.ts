/** Rules for one reviewer's score of one entry (DESIGN §3). */
import { own } from '../records';
import type { Round } from '../rounds/round';
import { vietnameseDate } from '../rounds/submission';

export type Points = Record<string, number>;

/**
 * Problems with a score's points, in Vietnamese, or an empty list: every criterion of the round
 * is given once, as a number from 0 to its maximum; nothing else is given.
 */
export function checkPoints(round: Pick<Round, 'rubric'>, points: Points): string[] {
  const problems: string[] = [];
  for (const criterion of round.rubric.criteria) {
    const value = own(points, criterion.key);
    if (value === undefined) problems.push(`Thiếu điểm tiêu chí “${criterion.label}”.`);
    else if (!Number.isFinite(value) || value < 0 || value > criterion.max) {
      problems.push(`Điểm tiêu chí “${criterion.label}” phải từ 0 đến ${criterion.max}, không phải ${value}.`);
    }
  }
  const keys = new Set(round.rubric.criteria.map((c) => c.key));
  for (const key of Object.keys(points)) if (!keys.has(key)) problems.push(`Đợt chấm không có tiêu chí “${key}”.`);
  return problems;
}

/**
 * Why no score of the round can be given or changed now, in Vietnamese, or null: the scores are
 * locked (Chốt điểm), or the scoring deadline has passed.
 */
export function scoringClosedReason(
  round: { scoresLocked?: { at: string } | null | undefined; rubric: { scoringCloses?: string | undefined } },
  now: Date,
): { code: 'scores-locked' | 'scoring-closed'; message: string } | null {
  if (round.scoresLocked) {
    return { code: 'scores-locked', message: `Điểm của đợt này đã được chốt lúc ${vietnameseDate(round.scoresLocked.at)}; không sửa được nữa. Nếu cần sửa, hãy đề nghị thư ký hội đồng mở lại.` };
  }
  const closes = round.rubric.scoringCloses;
  if (closes && now.getTime() > Date.parse(closes)) {
    return { code: 'scoring-closed', message: `Đã hết hạn chấm điểm (${vietnameseDate(closes)}). Nếu cần sửa điểm, hãy liên hệ thư ký hội đồng.` };
  }
  return null;
}
