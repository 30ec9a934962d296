/**
 * Tiến độ at a city's size (168 units): the units filtered by state, found by a search that
 * ignores diacritics and case, and sorted; the counts of each state for the filter's labels. Pure,
 * so the pane and its tests agree on what "thiếu điểm" means.
 */
import { compareKey, foldKey } from '../text';

export type ProgressFilter = 'all' | 'not-sent' | 'refused' | 'sent' | 'short';
export type ProgressSort = 'name' | 'state' | 'date';

export interface UnitProgressRow {
  unit: string;
  state: 'not-sent' | 'sent' | 'refused';
  at?: string | undefined;
  shortOfScores?: number | undefined;
}

/** Whether `u` is in the filter: "short" is a unit that sent, with an entry short of scores. */
export function inFilter(u: UnitProgressRow, filter: ProgressFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'short') return u.state === 'sent' && (u.shortOfScores ?? 0) > 0;
  return u.state === filter;
}

const STATE_ORDER = { refused: 0, 'not-sent': 1, sent: 2 } as const;

/** Vietnamese order with numbers by value ("Phường 2" before "Phường 10"): one collator, not one per comparison. */
const VIETNAMESE = new Intl.Collator('vi', { numeric: true });

/**
 * The units shown: in the filter, matching the search (diacritics and case aside), in the order asked.
 * Each unit's name key is worked out once, not at every comparison (at a nation's 3,400 units a
 * page took 25–32 ms in `compareKey` and `localeCompare`).
 */
export function unitsShown<U extends UnitProgressRow>(units: ReadonlyArray<U>, filter: ProgressFilter, search: string, sort: ProgressSort): U[] {
  const wanted = foldKey(search);
  const shown = units.filter((u) => inFilter(u, filter) && (wanted === '' || foldKey(u.unit).includes(wanted))).map((u) => ({ u, key: compareKey(u.unit) }));
  type Keyed = (typeof shown)[number];
  const byName = (a: Keyed, b: Keyed) => VIETNAMESE.compare(a.key, b.key);
  shown.sort((a, b) => {
    if (sort === 'state') return STATE_ORDER[a.u.state] - STATE_ORDER[b.u.state] || byName(a, b);
    // Latest first; units that never sent last.
    if (sort === 'date') return (b.u.at ?? '').localeCompare(a.u.at ?? '') || byName(a, b);
    return byName(a, b);
  });
  return shown.map((x) => x.u);
}

/** How many units each filter holds, for its label. */
export function filterCounts(units: ReadonlyArray<UnitProgressRow>): Record<ProgressFilter, number> {
  const count = (f: ProgressFilter) => units.filter((u) => inFilter(u, f)).length;
  return { all: units.length, 'not-sent': count('not-sent'), refused: count('refused'), sent: count('sent'), short: count('short') };
}

export interface ProgressQuery {
  filter: ProgressFilter;
  search: string;
  sort: ProgressSort;
  /** 1-based. */
  page: number;
  size: number;
}

/**
 * One page of the units a query asks for, with the counts of every filter: what the pane shows at
 * a nation's size without being sent every unit (the server pages; the rule is this one).
 */
export function progressPage<U extends UnitProgressRow>(units: ReadonlyArray<U>, query: ProgressQuery): { rows: U[]; total: number; page: number; pages: number; counts: Record<ProgressFilter, number> } {
  const shown = unitsShown(units, query.filter, query.search, query.sort);
  const pages = Math.max(1, Math.ceil(shown.length / query.size));
  const page = Math.min(Math.max(1, query.page), pages);
  return { rows: shown.slice((page - 1) * query.size, page * query.size), total: shown.length, page, pages, counts: filterCounts(units) };
}
