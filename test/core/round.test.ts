/** The demo round is written out in full so the command line needs no zod: the schema must accept it exactly as it is. */
import { vietnameseDate } from '../../core/submission';
import { demoRound } from '../../core/round';
import { roundSchema } from '../../core/round-schema';

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
