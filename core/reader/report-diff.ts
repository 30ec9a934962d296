/**
 * Two versions of one unit's report side by side: the server's and the one in the officer's
 * sheet, entry by entry (matched by id, then by normalised title, as the server matches them),
 * with what differs in words. The pane shows it when a colleague sent a newer version.
 */
import type { IncomingEntry, StoredEntry } from '../rounds/submission';
import { SECTIONS } from './template';
import { compareKey } from '../text';

export type DiffState = 'same' | 'changed' | 'only-server' | 'only-mine';

export interface DiffRow {
  state: DiffState;
  server?: Pick<StoredEntry, 'title' | 'field'>;
  mine?: Pick<IncomingEntry, 'title' | 'field'>;
  /** What differs, as an officer names it (Tên, Lĩnh vực, Thực trạng, …, Ghi chú). */
  differs: string[];
}

type Comparable = Pick<StoredEntry, 'title' | 'field' | 'sections' | 'note'>;

function differences(a: Comparable, b: Comparable): string[] {
  const out: string[] = [];
  if (compareKey(a.title) !== compareKey(b.title)) out.push('Tên');
  if (compareKey(a.field) !== compareKey(b.field)) out.push('Lĩnh vực');
  for (const section of SECTIONS) if (compareKey(a.sections[section.key] ?? '') !== compareKey(b.sections[section.key] ?? '')) out.push(section.label);
  if (compareKey(a.note) !== compareKey(b.note)) out.push('Ghi chú');
  return out;
}

/** The server's entries in their order, each with its match in `mine`; then the entries only in `mine`. */
export function compareReports(server: ReadonlyArray<StoredEntry>, mine: ReadonlyArray<IncomingEntry>): DiffRow[] {
  const unmatched = new Set(mine.map((_, i) => i));
  const byId = new Map<string, number>();
  mine.forEach((e, i) => e.id && !byId.has(e.id) && byId.set(e.id, i));
  const take = (entry: StoredEntry): number | undefined => {
    const withId = byId.get(entry.id);
    if (withId !== undefined && unmatched.has(withId)) return withId;
    const key = compareKey(entry.title);
    for (const i of unmatched) if (compareKey((mine[i] as IncomingEntry).title) === key) return i;
    return undefined;
  };
  const rows: DiffRow[] = server.map((entry) => {
    const at = take(entry);
    if (at === undefined) return { state: 'only-server', server: entry, differs: [] };
    unmatched.delete(at);
    const other = mine[at] as IncomingEntry;
    const differs = differences(entry, other);
    return { state: differs.length > 0 ? 'changed' : 'same', server: entry, mine: other, differs };
  });
  for (const i of unmatched) rows.push({ state: 'only-mine', mine: mine[i] as IncomingEntry, differs: [] });
  return rows;
}

/** What sending `rows`' new side would change on the server, in an officer's words: counts first, then each change. */
export function changeLines(rows: ReadonlyArray<DiffRow>): { counts: string; changes: string[] } {
  const count = (state: DiffState) => rows.filter((r) => r.state === state).length;
  const parts = [
    [count('only-mine'), 'mô hình mới'],
    [count('changed'), 'mô hình sửa'],
    [count('only-server'), 'mô hình bỏ'],
    [count('same'), 'mô hình giữ nguyên'],
  ] as const;
  const counts = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(', ');
  const changes = rows.flatMap((r) =>
    r.state === 'only-mine'
      ? [`Thêm “${r.mine!.title}”`]
      : r.state === 'only-server'
        ? [`Bỏ “${r.server!.title}” (không còn trong bản mới)`]
        : r.state === 'changed'
          ? [`Sửa “${r.mine!.title}”: ${r.differs.join(', ')}`]
          : [],
  );
  return { counts: counts || 'không có mô hình nào', changes };
}
