/**
 * Earlier rounds' entries, which a round's summary compares its own with for likely duplicates
 * ("đã có ở năm 2024, Phường 13"). A kept round whose data is still only in its file, or in its
 * PostgreSQL table, is named to the summary worker by where it is, and the worker reads it itself
 * (store/kept-rounds.ts, store/postgres/kept-in-tables.ts): the main thread never reads an earlier
 * year's text for a summary, and never holds it (at a nation's size two years' text held on both
 * threads was 90 MB of the server's peak).
 */
import type { EarlierEntry } from '../core/consolidation/consolidate';
import type { Round } from '../core/rounds/round';
import { unitRenamedSince } from '../core/rounds/units';
import { latestSubmissions } from './latest-submissions';
import type { UnheldReports } from './store/contract';
import type { ArchivedRound } from './store/schema';

/**
 * One earlier round's part of what a summary compares with: its entries, or where they are with the
 * round's settings: a file, or a table (`version`: the round's own content version there, which
 * moves when its reports change).
 */
export type EarlierPart = { entries: EarlierEntry[] } | { file: string; round: Round } | (UnheldReports & { round: Round; version: string });

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
      if ('database' in x || 'database' in y) return 'database' in x && 'database' in y && x.database === y.database && x.roundId === y.roundId && x.version === y.version && x.round === y.round;
      return x.entries.length === y.entries.length && x.entries.every((e, k) => same(e, y.entries[k]!));
    })
  );
}
