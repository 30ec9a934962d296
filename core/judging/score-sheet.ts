/**
 * The reviewer's score sheet ("Phiếu chấm", DESIGN §3): which entries a reviewer scores, the
 * sheet's columns, its rows (keeping what was typed when it is rebuilt), and reading the points
 * back with the problems of each cell. The add-in only writes and reads the grid.
 */
import { columnLetter } from '../reader/layout';
import type { Criterion } from '../rounds/round';
import { own } from '../records';
import type { Points } from './scoring';
import { isOwnUnit, type UnitHolder, type UnitRef } from '../rounds/units';
import type { StoredEntry } from '../rounds/submission';
import { SECTION_LABELS } from '../reader/template';
import { SECTION_KEYS, type Grid } from '../types';

export const SCORE_SHEET = 'Phiếu chấm';
export const SCORE_ID_HEADER = 'Mã mục (không sửa)';

/** An entry of a unit's latest report, as the reviewer receives it. */
export type ScoredEntry = StoredEntry & { unit: string };

/** What the server (or the sheet) holds for one entry: points per criterion (null: not given), a comment. */
export interface ScoreValues {
  points: Record<string, number | null>;
  comment: string;
}

export interface ScoreSheetLayout {
  headers: string[];
  /** 0-based columns. */
  criteria: Array<{ key: string; column: number; max: number }>;
  total: number;
  comment: number;
  id: number;
}

const FIXED = ['STT', 'Đơn vị', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực', ...SECTION_KEYS.map((k) => SECTION_LABELS[k])];

export function scoreSheetLayout(criteria: ReadonlyArray<Criterion>): ScoreSheetLayout {
  const first = FIXED.length;
  return {
    headers: [...FIXED, ...criteria.map((c) => `${c.label} (tối đa ${c.max})`), 'Tổng', 'Nhận xét', SCORE_ID_HEADER],
    criteria: criteria.map((c, i) => ({ key: c.key, column: first + i, max: c.max })),
    total: first + criteria.length,
    comment: first + criteria.length + 1,
    id: first + criteria.length + 2,
  };
}

/** The entries a reviewer scores, and those left out because they are the reviewer's own unit's (by id: renamed or merged too). */
export function entriesToScore(round: { units: ReadonlyArray<UnitRef> }, entries: ReadonlyArray<ScoredEntry>, reviewer: UnitHolder): { scored: ScoredEntry[]; ownUnit: ScoredEntry[] } {
  const scored: ScoredEntry[] = [];
  const ownUnit: ScoredEntry[] = [];
  for (const entry of entries) (isOwnUnit(round, reviewer, entry.unit) ? ownUnit : scored).push(entry);
  return { scored, ownUnit };
}

/**
 * The sheet's rows, one per entry: what the sheet already holds for the entry wins over the
 * server's score (it may not be sent yet), so rebuilding never loses a typed point.
 */
export function scoreSheetRows(
  layout: ScoreSheetLayout,
  entries: ReadonlyArray<ScoredEntry>,
  typed: ReadonlyMap<string, ScoreValues>,
  server: ReadonlyMap<string, ScoreValues>,
): Array<Array<string | number>> {
  return entries.map((entry, i) => {
    // i numbers an entry without STT
    const kept = typed.get(entry.id);
    const saved = server.get(entry.id);
    const row: Array<string | number> = new Array(layout.headers.length).fill('');
    row[0] = entry.stt || String(i + 1);
    row[1] = entry.unit;
    row[2] = entry.title;
    row[3] = entry.field;
    SECTION_KEYS.forEach((key, k) => (row[4 + k] = entry.sections[key] ?? ''));
    for (const c of layout.criteria) row[c.column] = own(kept?.points, c.key) ?? own(saved?.points, c.key) ?? '';
    row[layout.total] = ''; // the add-in writes totalFormula here
    row[layout.comment] = (kept?.comment || saved?.comment) ?? '';
    row[layout.id] = entry.id;
    return row;
  });
}

/**
 * Each column's number format: text ("@") for every column an officer's or reviewer's words go in
 * (an STT of "=HYPERLINK(…)" or "1.1" stays that text), General for the points and the Tổng
 * formula, so a typed point is a number.
 */
export function scoreSheetFormats(layout: ScoreSheetLayout): string[] {
  const numeric = new Set([...layout.criteria.map((c) => c.column), layout.total]);
  return layout.headers.map((_, column) => (numeric.has(column) ? 'General' : '@'));
}

/** Tổng: the sum once any point is typed, empty before. */
export function totalFormula(layout: ScoreSheetLayout, row: number): string {
  const first = columnLetter(layout.criteria[0]!.column);
  const last = columnLetter(layout.criteria[layout.criteria.length - 1]!.column);
  return `=IF(COUNT(${first}${row}:${last}${row})=0,"",SUM(${first}${row}:${last}${row}))`;
}

export interface ScoreSheetRow extends ScoreValues {
  entryId: string;
  /** The entry as the sheet shows it (so the rubric card works from the sheet alone, offline). */
  entry: ScoredEntry;
  /** 1-based sheet row. */
  row: number;
  /** Cells whose value is not a number from 0 to the criterion's maximum, with why. */
  problems: Array<{ cell: string; message: string }>;
  /** Every criterion has a valid point: the score can be sent. */
  complete: boolean;
}

/** The sheet's rows read back (grid from A1, header on row 1), by the hidden id column. */
export function readScoreSheet(layout: ScoreSheetLayout, grid: Grid, criteria: ReadonlyArray<Criterion>): ScoreSheetRow[] {
  const header = grid[0] ?? [];
  const idColumn = header.findIndex((v) => v === SCORE_ID_HEADER);
  if (idColumn < 0) return [];
  const rows: ScoreSheetRow[] = [];
  for (let r = 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    const entryId = String(cells[idColumn] ?? '').trim();
    if (!entryId) continue;
    const points: Record<string, number | null> = {};
    const problems: ScoreSheetRow['problems'] = [];
    for (const c of layout.criteria) {
      const criterion = criteria.find((x) => x.key === c.key)!;
      const cell = `${columnLetter(c.column)}${r + 1}`;
      const raw = cells[c.column];
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim().replace(',', '.')) : null;
      if (value === null) points[c.key] = null;
      else if (!Number.isFinite(value) || value < 0 || value > c.max) {
        points[c.key] = null;
        problems.push({ cell, message: `Ô ${cell}: điểm “${criterion.label}” phải là số từ 0 đến ${c.max}, không phải “${String(raw)}”.` });
      } else points[c.key] = value;
    }
    const complete = problems.length === 0 && layout.criteria.every((c) => points[c.key] !== null);
    const text = (c: number) => String(cells[c] ?? '');
    const entry: ScoredEntry = {
      id: entryId,
      row: r + 1,
      stt: text(0),
      unit: text(1),
      title: text(2),
      field: text(3),
      sections: Object.fromEntries(SECTION_KEYS.map((k, i) => [k, text(4 + i) || null])) as ScoredEntry['sections'],
      note: '',
    };
    rows.push({ entryId, entry, row: r + 1, points, comment: text(layout.comment).trim(), problems, complete });
  }
  return rows;
}

/** The points of a complete row, as the server takes them. */
export function completePoints(values: ScoreValues): Points | null {
  const points: Points = {};
  for (const [key, value] of Object.entries(values.points)) {
    if (value === null) return null;
    points[key] = value;
  }
  return points;
}

/** Whether two scores say the same. */
export function sameScore(a: ScoreValues | undefined, b: ScoreValues | undefined): boolean {
  if (!a || !b) return a === b;
  const keys = new Set([...Object.keys(a.points), ...Object.keys(b.points)]);
  return a.comment === b.comment && [...keys].every((k) => (own(a.points, k) ?? null) === (own(b.points, k) ?? null));
}

/** "27–30: Hoàn toàn mới …": the band a value falls in, if any. */
export function bandOf(criterion: Pick<Criterion, 'bands'>, value: number | null): Criterion['bands'][number] | undefined {
  if (value === null) return undefined;
  return criterion.bands.find((b) => value >= b.min && value <= b.max);
}

/**
 * The rows to send: complete, saying something else than both what the server last confirmed
 * and what is already waiting in the outbox, and not held back (a conflict the reviewer has not
 * settled is never resent on its own).
 */
export function scoresToSend(
  rows: ReadonlyArray<ScoreSheetRow>,
  confirmed: ReadonlyMap<string, ScoreValues>,
  waiting: ReadonlyMap<string, ScoreValues>,
  heldBack: ReadonlySet<string> = new Set(),
): ScoreSheetRow[] {
  return rows.filter((r) => r.complete && !heldBack.has(r.entryId) && !sameScore(r, confirmed.get(r.entryId)) && !sameScore(r, waiting.get(r.entryId)));
}

/** What changed in the entries to score since the sheet was last built: for the reviewer's notice. */
export interface ScoreSheetChanges {
  /** Entries that were on the sheet and are no longer in any unit's report (withdrawn by their unit). */
  withdrawn: Array<Pick<ScoredEntry, 'title' | 'unit'>>;
  added: number;
  /** Entries the reviewer scored that their unit changed since: to score again. */
  changed: number;
}

export function scoreSheetChanges(before: ReadonlyArray<Pick<ScoredEntry, 'id' | 'title' | 'unit'>>, after: ReadonlyArray<Pick<ScoredEntry, 'id'>>, staleIds: ReadonlySet<string>): ScoreSheetChanges {
  const now = new Set(after.map((e) => e.id));
  const was = new Set(before.map((e) => e.id));
  return {
    withdrawn: before.filter((e) => !now.has(e.id)).map(({ title, unit }) => ({ title, unit })),
    added: after.filter((e) => !was.has(e.id)).length,
    changed: after.filter((e) => was.has(e.id) && staleIds.has(e.id)).length,
  };
}
