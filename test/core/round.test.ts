/** The demo round is written out in full so the command line needs no zod: the schema must accept it exactly as it is. */
import { scoringDeadlineText, vietnameseDate } from '../../core/rounds/submission';
import { demoRound } from '../../core/rounds/round';
import { nextRound } from '../../core/rounds/round-edit';
import { roundSchema } from '../../core/rounds/round-schema';

test('the demo round is a valid round with every default already in place', () => {
  const round = demoRound(new Date('2026-11-21T10:00:00Z'));
  expect(roundSchema.parse(round)).toEqual(round);
  // 00:00 and 23:59 in Vietnam's time (UTC+7), so the pane says "Hạn nộp 20/01/2027 23:59".
  expect(round.window).toEqual({ opens: '2026-11-13T17:00:00.000Z', closes: '2027-01-20T16:59:00.000Z' });
  expect(vietnameseDate(round.window.closes)).toBe('20/01/2027 23:59');
  // Late evening in Vietnam is already the next day there.
  expect(demoRound(new Date('2026-11-21T18:00:00Z')).window.opens).toBe('2026-11-14T17:00:00.000Z');
  expect(round.units).toHaveLength(18);
});

test('the reviewers’ deadline is said in Vietnam time, with the days left, passed, or not set', () => {
  const now = new Date('2024-09-25T03:00:00Z');
  expect(scoringDeadlineText({ scoringCloses: '2024-09-30T16:59:00Z' }, now)).toBe('Hạn chấm 30/09/2024 23:59 (còn 5 ngày).');
  expect(scoringDeadlineText({ scoringCloses: '2024-09-20T16:59:00Z' }, now)).toBe('Đã hết hạn chấm (20/09/2024 23:59).');
  expect(scoringDeadlineText({}, now, 'Phòng Nội vụ')).toBe('Phòng Nội vụ chưa đặt hạn chấm.');
  expect(scoringDeadlineText({}, now)).toBe('Sở Nội vụ chưa đặt hạn chấm.'); // a round that names no organiser speaks as a city
  // The schema takes it, as an ISO time with its offset.
  const round = demoRound(now);
  expect(roundSchema.parse({ ...round, rubric: { ...round.rubric, scoringCloses: '2024-09-30T23:59:00+07:00' } }).rubric.scoringCloses).toBe('2024-09-30T23:59:00+07:00');
});

test('next year’s round keeps the days and the time of day of this one’s window, under a new id', () => {
  const round = demoRound(new Date('2024-08-20T03:00:00Z'));
  const next = nextRound({ ...round, rubric: { ...round.rubric, scoringCloses: '2024-11-30T16:59:00.000Z' } }, 'Đợt 2025', 2025);
  expect(next.id).toBe('quan-3-2025');
  expect([vietnameseDate(next.window.opens), vietnameseDate(next.window.closes)]).toEqual([
    vietnameseDate(round.window.opens).replace('2024', '2025'),
    vietnameseDate(round.window.closes).replace('2024', '2025'),
  ]);
  expect(vietnameseDate(next.window.closes).endsWith('23:59')).toBe(true);
  expect(next.rubric.scoringCloses).toBeUndefined();
  expect(roundSchema.parse(next)).toEqual(next);
});
