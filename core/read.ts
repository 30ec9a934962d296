/**
 * Grid → report (DESIGN §4). Finds the Phụ lục on whichever sheet holds it by scoring candidate
 * header rows, then reads one entry per row: blank rows skipped, continuation rows joined to the
 * entry above, the signature block ending the table. Every entry keeps the cells it came from.
 */
import { matchField } from './fields';
import { emptySections, partColumnText, splitNfcDescription } from './sections';
import { classifyHeader, DEFAULT_FIELDS, type FieldDefinition } from './template';
import { cellText, foldKey } from './text';
import { SECTION_KEYS, type ColumnKey, type Entry, type EntryCells, type Grid, type NamedGrid, type SectionKey } from './types';

export interface ReadOptions {
  fields?: ReadonlyArray<FieldDefinition>;
}

/** Where the columns of the report are, as 0-based indexes into the grid's rows. */
export interface ReportLayout {
  headerRow: number;
  dataStart: number;
  columns: Partial<Record<ColumnKey, number>>;
  /** Part columns when the description is split under a merged Mô tả header. */
  parts: Partial<Record<SectionKey, number>> | null;
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
}

/** How many rows from the top of a sheet may hold the header (a title block is 6–10 rows). */
const HEADER_SEARCH_ROWS = 60;
const CORE_COLUMNS: ColumnKey[] = ['stt', 'unit', 'title', 'field', 'description'];

/** Folded openings of the signature block and contact lines under the table. */
const SIGNATURE = /^(nguoi lap|thu truong|kt chu tich|tm |chu tich|pho chu tich|nguoi lien he|noi nhan|xac nhan|ky ten|ky ghi ro|giam doc|truong phong)/;
const SIGNATURE_MAX_LENGTH = 160;
const DATE_LINE = /\bngay \d{1,2} thang \d{1,2} nam \d{4}\b/;

/** Column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The 1-based column number of column letters: A → 1, AA → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function rowKeys(row: ReadonlyArray<unknown> | undefined): Array<ColumnKey | SectionKey | null> {
  return (row ?? []).map((v) => (typeof v === 'string' ? classifyHeader(v) : null));
}

function headerScore(keys: Array<ColumnKey | SectionKey | null>): number {
  const present = new Set(keys);
  const parts = SECTION_KEYS.filter((k) => present.has(k)).length;
  const core = CORE_COLUMNS.filter((k) => present.has(k) || (k === 'description' && parts >= 2)).length;
  if (core < 3 || !(present.has('title') || present.has('description') || parts >= 2)) return 0;
  return core + (present.has('note') ? 0.5 : 0);
}

/** The layout of the best header row of a grid, or null when it has none. */
export function findLayout(grid: Grid): ReportLayout | null {
  let best: { row: number; score: number } | null = null;
  const limit = Math.min(grid.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const score = headerScore(rowKeys(grid[r]));
    if (score > 0 && (!best || score > best.score)) best = { row: r, score };
  }
  if (!best) return null;

  const columns: Partial<Record<ColumnKey, number>> = {};
  const parts: Partial<Record<SectionKey, number>> = {};
  const assign = (keys: Array<ColumnKey | SectionKey | null>) =>
    keys.forEach((key, col) => {
      if (!key) return;
      if ((SECTION_KEYS as readonly string[]).includes(key)) {
        parts[key as SectionKey] ??= col;
      } else {
        columns[key as ColumnKey] ??= col;
      }
    });
  assign(rowKeys(grid[best.row]));

  // A second header row naming the parts under a merged "Mô tả" header.
  const below = rowKeys(grid[best.row + 1]);
  const partsBelow = below.filter((k) => k && (SECTION_KEYS as readonly string[]).includes(k)).length;
  const twoRowHeader = partsBelow >= 2;
  if (twoRowHeader) assign(below);

  const hasParts = Object.keys(parts).length >= 2;
  return {
    headerRow: best.row,
    dataStart: best.row + (twoRowHeader ? 2 : 1),
    columns,
    parts: hasParts ? parts : null,
  };
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

function isSignatureRow(row: ReadonlyArray<unknown>, texts: RowTexts): boolean {
  if (texts.values.field || /^\d+$/.test(texts.values.stt ?? '')) return false;
  return row.some((v) => {
    if (typeof v !== 'string' || v.length > SIGNATURE_MAX_LENGTH) return false;
    const key = foldKey(v);
    return key !== '' && (SIGNATURE.test(key) || DATE_LINE.test(key));
  });
}

/** The header again (a pasted second page): looked for only where the STT cell (or, without one, the title cell) holds text. */
function isRepeatedHeader(row: ReadonlyArray<unknown>, layout: ReportLayout): boolean {
  const key = layout.columns.stt !== undefined ? 'stt' : 'title';
  const col = layout.columns[key];
  const value = col === undefined ? undefined : row[col];
  if (typeof value !== 'string' || value.length > 120 || classifyHeader(value) !== key) return false;
  return headerScore(rowKeys(row)) > 0;
}

/** An entry being assembled from one row and any continuation rows below it. */
interface Draft {
  row: number;
  values: Partial<Record<ColumnKey, string>>;
  descriptions: string[];
  parts: Partial<Record<SectionKey, string[]>>;
  notes: string[];
  cells: EntryCells;
}

function finish(draft: Draft, fields: ReadonlyArray<FieldDefinition>): Entry {
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
  const written = v.field ?? '';
  const match = matchField(written, fields);
  const field = match.kind === 'exact' || match.kind === 'normalized' ? match.name : written;
  const entry: Entry = {
    row: draft.row,
    stt: v.stt ?? '',
    unit: v.unit ?? '',
    title: v.title ?? '',
    field,
    sections,
    note: draft.notes.join('\n'),
    description,
    cells: draft.cells,
  };
  if (field !== written) entry.fieldWritten = written;
  if (preamble) entry.preamble = preamble;
  if (v.authors !== undefined) entry.authors = v.authors;
  if (v.phone !== undefined) entry.phone = v.phone;
  if (v.category !== undefined) entry.category = v.category;
  return entry;
}

function addCell(cells: EntryCells, key: ColumnKey | SectionKey, address: string): void {
  (cells[key] ??= []).push(address);
}

/** Reads the entries of one grid whose layout is known. `top`/`left`: 1-based position of grid[0][0]. */
export function readEntries(grid: Grid, layout: ReportLayout, options: ReadOptions = {}, top = 1, left = 1): Entry[] {
  const fields = options.fields ?? DEFAULT_FIELDS;
  const width = Math.max(0, ...Object.values(layout.columns), ...Object.values(layout.parts ?? {})) + 1;
  const letters = Array.from({ length: width }, (_, col) => columnLetter(col + left - 1));
  const address = (col: number, r: number) => `${letters[col]}${r + top}`;
  const entries: Entry[] = [];
  let draft: Draft | null = null;

  for (let r = layout.dataStart; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const texts = rowTexts(row, layout);
    if (!texts.anyText) continue;
    if (isSignatureRow(row, texts)) break;
    if (isRepeatedHeader(row, layout)) continue;

    const { values, parts } = texts;
    const identifies = Boolean(values.stt || values.unit || values.title || values.field);
    const description = values.description ?? '';
    const partText = SECTION_KEYS.some((k) => parts[k]);

    // The template's empty row: a number and the four bare headings, nothing else.
    if (!values.unit && !values.title && !values.field && !values.note && !partText && !values.authors && !values.phone) {
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


    if (draft) entries.push(finish(draft, fields));
    const cells: EntryCells = {};
    for (const [key, col] of Object.entries(layout.columns) as Array<[ColumnKey, number]>) {
      if (layout.parts && key === 'description') continue;
      addCell(cells, key, address(col, r));
    }
    for (const [key, col] of Object.entries(layout.parts ?? {}) as Array<[SectionKey, number]>) addCell(cells, key, address(col, r));
    draft = {
      row: r + top,
      values,
      descriptions: description ? [description] : [],
      parts: Object.fromEntries(SECTION_KEYS.filter((k) => parts[k]).map((k) => [k, [parts[k] as string]])),
      notes: values.note ? [values.note] : [],
      cells,
    };
  }
  if (draft) entries.push(finish(draft, fields));
  return entries;
}

/** Finds the report on whichever sheet holds it (the best-scoring header) and reads it. */
export function readReport(sheets: ReadonlyArray<NamedGrid>, options: ReadOptions = {}): ReadReport | null {
  let best: { sheet: NamedGrid; layout: ReportLayout; score: number } | null = null;
  for (const sheet of sheets) {
    const layout = findLayout(sheet.grid);
    if (!layout) continue;
    const score = headerScore(rowKeys(sheet.grid[layout.headerRow]));
    if (!best || score > best.score) best = { sheet, layout, score };
  }
  if (!best) return null;
  const top = best.sheet.top ?? 1;
  const left = best.sheet.left ?? 1;
  const titleBlock = best.sheet.grid
    .slice(0, best.layout.headerRow)
    .flatMap((row) => (row ?? []).map((v) => cellText(v).trim()))
    .filter((text) => text !== '');
  return {
    sheet: best.sheet.name,
    titleBlock,
    headerRow: best.layout.headerRow + top,
    firstDataRow: best.layout.dataStart + top,
    entries: readEntries(best.sheet.grid, best.layout, options, top, left),
  };
}
