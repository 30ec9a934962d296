/** Rules for one reviewer's score of one entry (DESIGN §3). */
import { compareKey } from './text';
import type { Round } from './round';

export type Points = Record<string, number>;

/**
 * Problems with a score's points, in Vietnamese, or an empty list: every criterion of the round
 * is given once, as a number from 0 to its maximum; nothing else is given.
 */
export function checkPoints(round: Pick<Round, 'rubric'>, points: Points): string[] {
  const problems: string[] = [];
  for (const criterion of round.rubric.criteria) {
    const value = points[criterion.key];
    if (value === undefined) problems.push(`Thiếu điểm tiêu chí “${criterion.label}”.`);
    else if (!Number.isFinite(value) || value < 0 || value > criterion.max) {
      problems.push(`Điểm tiêu chí “${criterion.label}” phải từ 0 đến ${criterion.max}, không phải ${value}.`);
    }
  }
  const keys = new Set(round.rubric.criteria.map((c) => c.key));
  for (const key of Object.keys(points)) if (!keys.has(key)) problems.push(`Đợt chấm không có tiêu chí “${key}”.`);
  return problems;
}

/** A reviewer never scores an entry of their own unit. */
export function isOwnUnit(reviewerUnit: string | undefined, entryUnit: string): boolean {
  return reviewerUnit !== undefined && reviewerUnit !== '' && compareKey(reviewerUnit) === compareKey(entryUnit);
}
