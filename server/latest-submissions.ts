/** A round's latest report of each unit (a report sent again is a new version beside the old). */
import type { Data, Submission } from './store/schema';

/** A unit's latest report version in a round. */
export function latestSubmission(data: Pick<Data, 'submissions'>, unit: string): Submission | undefined {
  let latest: Submission | undefined;
  for (const s of data.submissions) if (s.unit === unit && (!latest || s.version > latest.version)) latest = s;
  return latest;
}

/** The latest version of each unit's report, in the round's unit order; one pass over the versions. */
export function latestSubmissions(data: Pick<Data, 'round' | 'submissions'>): Submission[] {
  const latest = new Map<string, Submission>();
  for (const s of data.submissions) {
    const seen = latest.get(s.unit);
    if (!seen || s.version > seen.version) latest.set(s.unit, s);
  }
  return data.round.units.map((u) => latest.get(u.name)).filter((s): s is Submission => s !== undefined);
}
