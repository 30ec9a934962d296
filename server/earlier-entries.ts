/**
 * Earlier rounds' entries, which a round's summary compares its own with for likely duplicates
 * ("đã có ở năm 2024, Phường 13"). A kept round whose data is still only in its file is named to
 * the summary worker by that file, which the worker reads itself (store/kept-rounds.ts): the main
 * thread never reads an earlier year's text for a summary.
 */
import type { EarlierEntry } from '../core/consolidation/consolidate';
import type { Round } from '../core/rounds/round';
import { unitRenamedSince } from '../core/rounds/units';
import { latestSubmissions } from './latest-submissions';
import type { ArchivedRound } from './store/schema';

/** One earlier round's part of what a summary compares with: its entries, or the file they are in with the round's settings. */
export type EarlierPart = { entries: EarlierEntry[] } | { file: string; round: Round };

/** The entries of kept round `r`'s latest reports as round `of` compares with them. */
export function earlierEntriesOf(r: Pick<ArchivedRound, 'round' | 'submissions'>, of: Round): EarlierEntry[] {
  return latestSubmissions(r).flatMap((s) => {
    // A unit renamed or merged since is named as it was then and as it is now.
    const now = unitRenamedSince(r.round, of, s.unit);
    const unitNowName = now ? { unitNow: now } : {};
    return s.entries.map((e) => ({ id: `${r.round.id}/${e.id}`, unit: s.unit, title: e.title, sections: e.sections, year: r.round.year, ...unitNowName }));
  });
}

/** Whether two lists of parts are the same (the same entries, or the same file with the same settings). */
export function sameEarlierParts(a: ReadonlyArray<EarlierPart>, b: ReadonlyArray<EarlierPart>): boolean {
  const same = (x: EarlierEntry, y: EarlierEntry) => x.id === y.id && x.unit === y.unit && x.title === y.title && x.sections === y.sections && x.year === y.year && x.unitNow === y.unitNow;
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      if ('file' in x || 'file' in y) return 'file' in x && 'file' in y && x.file === y.file && x.round === y.round;
      return x.entries.length === y.entries.length && x.entries.every((e, k) => same(e, y.entries[k]!));
    })
  );
}
