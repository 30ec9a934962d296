/** The demo round is written out in full so the command line needs no zod: the schema must accept it exactly as it is. */
import { demoRound } from '../../core/round';
import { roundSchema } from '../../core/round-schema';

test('the demo round is a valid round with every default already in place', () => {
  const round = demoRound(new Date('2026-11-21T10:00:00Z'));
  expect(roundSchema.parse(round)).toEqual(round);
  expect(round.window).toEqual({ opens: '2026-11-14T00:00:00.000Z', closes: '2027-01-20T00:00:00.000Z' });
  expect(round.units).toHaveLength(18);
});
