/**
 * Grid → report (DESIGN §4). Finds the Phụ lục on every sheet that holds one (layout.ts), then
 * reads one entry per row: blank and non-entry rows skipped (read-rows.ts), continuation rows
 * joined to the entry above, merged cells carried down, group rows giving their field, the
 * signature block ending the table; legacy text converted first, the unit taken from the title
 * block when no row names it. Every entry keeps the cells it came from.
 */
import { matchField } from './fields';
import { REPORT_LIMITS } from '../limits';
import { decodeLegacyGrid } from './legacy-encoding';
import { messages } from '../messages';
import { groupRow, isCaptionRow, isColumnNumberRow, isSignatureRow, isTotalsRow } from './read-rows';
import { emptySections, partColumnText, splitNfcDescription } from './sections';
import { classifyHeader, DEFAULT_FIELDS, type FieldDefinition } from './template';
import { columnLetter, findLayout, headerScore, isRepeatedHeader, rowKeys, type ReportLayout } from './layout';
import { cellText } from '../text';
import { SECTION_KEYS, type ColumnKey, type Entry, type EntryCells, type Grid, type Issue, type MergedArea, type NamedGrid, type SectionKey } from '../types';
import { matchUnit, unitInTitleBlock, type UnitNames } from './units';

export interface ReadOptions {
  fields?: ReadonlyArray<FieldDefinition>;
  /** The round's units: names written loosely (`P.1`, `UBND Phường 01`) are read as the round's. */
  units?: UnitNames;
  /** The round's year: a report whose title block names only another year is told (last year's file sent again). */
  year?: number;
}

export interface ReadReport {
  sheet: string;
  /** 1-based sheet row of the header, as Excel shows it. */
  headerRow: number;
  /** 1-based sheet row where entries start (below a second header row, when there is one). */
  firstDataRow: number;
  entries: Entry[];
  /** The text of the cells above the header (the unit's name, the report's title). */
  titleBlock: string[];
  /** What reading itself found: the unit taken from the title block, a legacy encoding converted. */
  findings: Issue[];
}

interface RowTexts {
  values: Partial<Record<ColumnKey, string>>;
  parts: Partial<Record<SectionKey, string>>;
  anyText: boolean;
}

function rowTexts(row: ReadonlyArray<unknown>, layout: ReportLayout): RowTexts {
  const values: Partial<Record<ColumnKey, string>> = {};
  for (const [key, col] of Object.entries(layout.columns) as Array<[ColumnKey, number]>) {
    if (layout.parts && key === 'description') continue;
    values[key] = cellText(row[col]).trim();
  }
  const parts: Partial<Record<SectionKey, string>> = {};
  for (const [key, col] of Object.entries(layout.parts ?? {}) as Array<[SectionKey, number]>) {
    parts[key] = cellText(row[col]).trim();
  }
  const anyText = row.some((v) => v !== '' && v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== ''));
  return { values, parts, anyText };
}

/** An entry being assembled from one row and any continuation rows below it. */
interface Draft {
  row: number;
  values: Partial<Record<ColumnKey, string>>;
  descriptions: string[];
  parts: Partial<Record<SectionKey, string[]>>;
  notes: string[];
  cells: EntryCells;
  /** The field given by the group row above, when the entry's own Lĩnh vực cell is empty. */
  groupField: string | null;
}

function finish(draft: Draft, options: ReadOptions): Entry {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const v = draft.values;
  let sections = emptySections();
  let preamble = '';
  let description: string;
  if (Object.keys(draft.parts).length > 0) {
    for (const key of SECTION_KEYS) {
      const text = partColumnText(key, (draft.parts[key] ?? []).join('\n'));
      sections[key] = text || null;
    }
    description = SECTION_KEYS.map((k) => (draft.parts[k] ?? []).join('\n')).filter(Boolean).join('\n');
  } else {
    description = draft.descriptions.join('\n');
    const split = splitNfcDescription(description);
    sections = split.sections;
    preamble = split.preamble;
  }
  // An empty Lĩnh vực takes the group row's field (the round's name when the group names one of them).
  const written = (!v.field && draft.groupField) || (v.field ?? '');
  const match = matchField(written, fields);
  const field = match.kind === 'exact' || match.kind === 'normalized' ? match.name : written;
  const writtenUnit = v.unit ?? '';
  const unitMatch = options.units ? matchUnit(writtenUnit, options.units) : null;
  const unit = unitMatch?.kind === 'normalized' || unitMatch?.kind === 'exact' ? unitMatch.name : writtenUnit;
  const entry: Entry = {
    row: draft.row,
    stt: v.stt ?? '',
    unit,
    title: v.title ?? '',
    field,
    sections,
    note: draft.notes.join('\n'),
    description,
    cells: draft.cells,
  };
  if (field !== written) entry.fieldWritten = written;
  if (unit !== writtenUnit) entry.unitWritten = writtenUnit;
  if (preamble) entry.preamble = preamble;
  if (v.authors !== undefined) entry.authors = v.authors;
  if (v.phone !== undefined) entry.phone = v.phone;
  if (v.category !== undefined) entry.category = v.category;
  return entry;
}

function addCell(cells: EntryCells, key: ColumnKey | SectionKey, address: string): void {
  (cells[key] ??= []).push(address);
}

/** Columns whose value, merged down over several rows, belongs to every entry it spans. */
const CARRIED: ReadonlyArray<ColumnKey> = ['unit', 'title', 'field'];

/**
 * Values of merged areas spanning rows in the unit, title and field columns, by 0-based row:
 * the grid holds them in the top-left cell only, as Office.js does.
 */
function carriedDown(grid: Grid, layout: ReportLayout, merges: ReadonlyArray<MergedArea>) {
  const carried = new Map<number, Partial<Record<ColumnKey, { value: string; row: number; column: number }>>>();
  for (const key of CARRIED) {
    const column = layout.columns[key];
    if (column === undefined) continue;
    for (const m of merges) {
      if (m.left > column || m.right < column || m.bottom <= m.top) continue;
      const value = cellText(grid[m.top]?.[m.left]).trim();
      if (!value) continue;
      for (let r = m.top + 1; r <= m.bottom; r++) {
        const row = carried.get(r) ?? {};
        row[key] = { value, row: m.top, column: m.left };
        carried.set(r, row);
      }
    }
  }
  return carried;
}

/** What the tables read before this one used of the report's limits. */
export interface ReadBudget {
  entries: number;
  chars: number;
}

/** Where reading stopped because the report passed one of its limits (REPORT_LIMITS), and which. */
export interface ReadStop {
  /** 1-based sheet row not read any more. */
  row: number;
  kind: 'entries' | 'chars';
}

/** Where a grid sits on its sheet, and what of the sheet's report was read before it. */
export interface GridPlace {
  /** 1-based sheet row and column of grid[0][0]. */
  top?: number;
  left?: number;
  /** Merged areas, in the grid's own 0-based rows and columns. */
  merges?: ReadonlyArray<MergedArea>;
  /** What the tables read before this one used of the report's limits. */
  used?: ReadBudget;
  /** Grid rows the workbook hides. */
  hidden?: ReadonlySet<number>;
}

/**
 * Reads the entries of one grid whose layout is known. Reading stops at the report's limits (more
 * entries, or more characters, than a report may hold): what is past them is never needed to
 * refuse the report, and a workbook that repeats one long text in thousands of cells must not cost
 * more than the report it claims to be.
 */
export function readEntries(
  grid: Grid,
  layout: ReportLayout,
  options: ReadOptions = {},
  { top = 1, left = 1, merges = [], used = { entries: 0, chars: 0 }, hidden = new Set() }: GridPlace = {},
): { entries: Entry[]; stop: ReadStop | null; signedAt: number | null; hidden: number[] } {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const width = Math.max(0, ...Object.values(layout.columns), ...Object.values(layout.parts ?? {})) + 1;
  const letters = Array.from({ length: width }, (_, col) => columnLetter(col + left - 1));
  const address = (col: number, r: number) => `${letters[col] ?? columnLetter(col + left - 1)}${r + top}`;
  const carried = merges.length > 0 ? carriedDown(grid, layout, merges) : new Map();
  const tableRight = width - 1;
  const mergedAcross = (r: number) => (column: number) =>
    merges.some((m) => m.top <= r && m.bottom >= r && m.left <= column && m.right >= column && m.right - m.left >= Math.min(2, tableRight));
  const entries: Entry[] = [];
  let draft: Draft | null = null;
  /** The field of the group row above, if it named one. */
  let groupField: string | null = null;
  let chars = used.chars;
  let stop: ReadStop | null = null;
  /** The grid row where the signature block starts (another table may follow it). */
  let signedAt: number | null = null;
  /** Sheet rows with text the workbook hides (withdrawn entries): skipped, and said. */
  const skipped: number[] = [];

  for (let r = layout.dataStart; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const texts = rowTexts(row, layout);
    if (!texts.anyText) continue;
    if (hidden.has(r)) {
      skipped.push(r + top);
      continue;
    }
    if (isSignatureRow(row, texts.values)) {
      signedAt = r;
      break;
    }
    if (isRepeatedHeader(row, layout) || isColumnNumberRow(row) || isTotalsRow(texts.values) || isCaptionRow(texts.values, texts.parts)) continue;

    const { values, parts } = texts;
    for (const text of [...Object.values(values), ...Object.values(parts)]) chars += text?.length ?? 0;
    if (chars > REPORT_LIMITS.reportChars) {
      stop = { row: r + top, kind: 'chars' };
      break;
    }
    const description = values.description ?? '';
    const partText = SECTION_KEYS.some((k) => parts[k]);

    if (!description && !partText && !values.note) {
      const found = groupRow(row, layout.columns.stt, fields, mergedAcross(r));
      if (found) {
        if (draft) entries.push(finish(draft, options));
        draft = null;
        groupField = found.field;
        continue;
      }
    }

    const identifies = Boolean(values.stt || values.unit || values.title || values.field);

    // A template row left empty: a number (perhaps the unit, the bare headings) and nothing else.
    if (!values.title && !values.field && !values.note && !partText && !values.authors && !values.phone) {
      const split = splitNfcDescription(description);
      if (split.preamble === '' && SECTION_KEYS.every((k) => split.sections[k] === null)) continue;
    }

    if (!identifies && draft && (description || partText || values.note)) {
      // A continuation row: more description (or note) for the entry above.
      if (description) {
        draft.descriptions.push(description);
        addCell(draft.cells, 'description', address(layout.columns.description as number, r));
      }
      for (const key of SECTION_KEYS) {
        if (!parts[key]) continue;
        (draft.parts[key] ??= []).push(parts[key] as string);
        addCell(draft.cells, key, address(layout.parts?.[key] as number, r));
      }
      if (values.note) {
        draft.notes.push(values.note);
        addCell(draft.cells, 'note', address(layout.columns.note as number, r));
      }
      continue;
    }

    if (draft) entries.push(finish(draft, options));
    draft = null;
    if (used.entries + entries.length >= REPORT_LIMITS.entries) {
      stop = { row: r + top, kind: 'entries' };
      break;
    }
    const cells: EntryCells = {};
    for (const [key, col] of Object.entries(layout.columns) as Array<[ColumnKey, number]>) {
      if (layout.parts && key === 'description') continue;
      addCell(cells, key, address(col, r));
    }
    for (const [key, col] of Object.entries(layout.parts ?? {}) as Array<[SectionKey, number]>) addCell(cells, key, address(col, r));
    // A unit, title or field merged down over this row is this entry's too; its cell is the merged one.
    for (const [key, from] of Object.entries(carried.get(r) ?? {}) as Array<[ColumnKey, { value: string; row: number; column: number }]>) {
      if (values[key]) continue;
      values[key] = from.value;
      cells[key] = [address(from.column, from.row)];
    }
    draft = {
      row: r + top,
      values,
      descriptions: description ? [description] : [],
      parts: Object.fromEntries(SECTION_KEYS.filter((k) => parts[k]).map((k) => [k, [parts[k] as string]])),
      notes: values.note ? [values.note] : [],
      cells,
      groupField,
    };
  }
  if (draft) entries.push(finish(draft, options));
  used.entries += entries.length;
  used.chars = chars;
  return { entries, stop, signedAt, hidden: skipped };
}

/** One report sheet as found: its grid (legacy text converted) and layout. */
interface FoundSheet {
  sheet: NamedGrid;
  grid: Grid;
  layout: ReportLayout;
  score: number;
  legacy: ReturnType<typeof decodeLegacyGrid>['legacy'];
}

function findSheet(sheet: NamedGrid): FoundSheet | null {
  const { grid, legacy } = decodeLegacyGrid(sheet.grid, (text) => classifyHeader(text) !== null);
  const layout = findLayout(grid);
  if (!layout) return null;
  return { sheet, grid, layout, score: headerScore(rowKeys(grid[layout.headerRow])), legacy };
}

/** The first table's layout, even when a later table's header scores better (old headings above, new ones below). */
function firstLayout(grid: Grid, best: ReportLayout): ReportLayout {
  let layout = best;
  for (let earlier = findLayout(grid.slice(0, layout.headerRow)); earlier; earlier = findLayout(grid.slice(0, earlier.headerRow))) layout = earlier;
  return layout;
}

/** The text of a table's title block: the cells of `rows`. */
const titleTexts = (rows: Grid) => rows.flatMap((row) => (row ?? []).map((v) => cellText(v).trim())).filter((text) => text !== '');

/** Hidden rows from `offset` on, as that part of the grid sees them. */
const hiddenFrom = (rows: ReadonlyArray<number>, offset: number) => new Set(rows.filter((r) => r >= offset).map((r) => r - offset));

/** Merged areas of the rows from `offset` on, as that part of the grid sees them. */
const mergesFrom = (merges: ReadonlyArray<MergedArea>, offset: number) =>
  offset === 0 ? merges : merges.filter((m) => m.top >= offset).map((m) => ({ ...m, top: m.top - offset, bottom: m.bottom - offset }));

/**
 * A numbered row with a title under the last signature block: an entry someone put below the
 * signature, or the start of a table whose header could not be found. Never read as an entry;
 * never dropped without a word.
 */
function rowAfterSignature(grid: Grid, layout: ReportLayout, from: number): number | null {
  for (let r = from; r < grid.length; r++) {
    const texts = rowTexts(grid[r] ?? [], layout);
    if (/^\d+\.?$/.test(texts.values.stt ?? '') && (texts.values.title ?? '').length >= 10) return r;
  }
  return null;
}

/**
 * One sheet's report. A sheet may hold several Phụ lục one under another (an office pasting its
 * sub-units' whole reports: title block, header, entries, signature, then the next): after each
 * signature block the next header is looked for, and each table is read with its own columns and
 * its own title block (whose unit its entries take when they name none).
 */
function readSheet(found: FoundSheet, options: ReadOptions): ReadReport {
  const { sheet, grid } = found;
  const top = sheet.top ?? 1;
  const left = sheet.left ?? 1;
  const entries: Entry[] = [];
  const findings: Issue[] = [];
  const used: ReadBudget = { entries: 0, chars: 0 };
  let titleBlock: string[] = [];
  let offset = 0;
  let layout = firstLayout(grid, found.layout);
  const first = layout;
  let tables = 0;
  let stop: ReadStop | null = null;
  const hidden: number[] = [];
  for (;;) {
    const part = offset === 0 ? grid : grid.slice(offset);
    tables++;
    const table = readEntries(part, layout, options, { top: top + offset, left, merges: mergesFrom(sheet.merges ?? [], offset), used, hidden: hiddenFrom(sheet.hiddenRows ?? [], offset) });
    hidden.push(...table.hidden);
    const ownTitle = titleTexts(part.slice(0, layout.headerRow));
    if (tables === 1) titleBlock = ownTitle;
    // No unit in any Đơn vị cell of this table: its title block says whose it is.
    const titleUnit = table.entries.length > 0 && table.entries.every((e) => !e.unit) ? unitInTitleBlock(ownTitle, options.units) : null;
    if (titleUnit) {
      for (const entry of table.entries) entry.unit = titleUnit;
      const first = table.entries[0] as Entry;
      findings.push({ code: 'unit-from-title', severity: 'warning', row: first.row, cell: first.cells?.unit?.[0] ?? null, message: messages.unitFromTitle(titleUnit), canonical: titleUnit });
    }
    entries.push(...table.entries);
    stop = table.stop;
    if (stop || table.signedAt === null) break;
    const after = offset + table.signedAt + 1;
    const below = grid.slice(after);
    const best = findLayout(below);
    const next = best && firstLayout(below, best);
    if (!next) {
      const stray = rowAfterSignature(grid, layout, after);
      if (stray !== null) findings.push({ code: 'row-after-signature', severity: 'warning', row: stray + top, cell: null, message: messages.rowsAfterSignature(stray + top) });
      break;
    }
    offset = after;
    layout = next;
  }
  if (hidden.length > 0) findings.push({ code: 'hidden-rows', severity: 'warning', row: hidden[0]!, cell: null, message: messages.hiddenRows(sheet.name, hidden) });
  if (tables > 1) findings.push({ code: 'several-tables', severity: 'warning', row: null, cell: null, message: messages.tablesOnSheet(sheet.name, tables) });
  if (stop) {
    const [code, message] =
      stop.kind === 'entries'
        ? (['too-many-entries', messages.readStoppedEntries(REPORT_LIMITS.entries, stop.row)] as const)
        : (['report-too-large', messages.readStoppedChars(REPORT_LIMITS.reportChars, stop.row)] as const);
    findings.push({ code, severity: 'error', row: stop.row, cell: null, message });
  }
  if (found.legacy) {
    const { encoding, row, column } = found.legacy;
    const cell = `${columnLetter(column + left - 1)}${row + top}`;
    findings.push({ code: 'legacy-encoding', severity: 'warning', row: row + top, cell, message: messages.legacyEncoding(encoding, sheet.name) });
  }
  return { sheet: sheet.name, titleBlock, headerRow: first.headerRow + top, firstDataRow: first.dataStart + top, entries, findings };
}

/** Every report sheet with the score of its header, in sheet order (see readReports). */
function readScored(sheets: ReadonlyArray<NamedGrid>, options: ReadOptions): Array<{ report: ReadReport; score: number }> {
  const found = sheets.map(findSheet).filter((f): f is FoundSheet => f !== null);
  const read = found.map((f) => ({ report: readSheet(f, options), score: f.score }));
  const withEntries = read.filter((r) => r.report.entries.length > 0);
  if (withEntries.length > 0) return withEntries;
  const best = read.reduce<(typeof read)[number] | null>((a, b) => (!a || b.score > a.score ? b : a), null);
  return best ? [best] : [];
}

/**
 * Every report sheet of a workbook, in sheet order: each sheet whose header is found and that
 * holds entries (an office compiling its schools sends one sheet each); when none holds any,
 * the sheet with the best header, so that its report says it has no entries.
 */
export function readReports(sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}): ReadReport[] {
  return readScored(sheets, options).map((r) => r.report);
}

/** The one report of a workbook: the best header among its report sheets. */
export function readReport(sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}): ReadReport | null {
  return readScored(sheets, options).reduce<{ report: ReadReport; score: number } | null>((a, b) => (!a || b.score > a.score ? b : a), null)?.report ?? null;
}
