/** The shapes shared by the add-in, the server and the command line (DESIGN §5). */

/** A grid as Office.js `range.values` gives it: merged cells hold their value in the top-left cell only. */
export type CellValue = string | number | boolean | null | undefined;
export type Grid = CellValue[][];

/** A merged area of a sheet, as 0-based rows and columns of its grid (inclusive). */
export interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface NamedGrid {
  name: string;
  grid: Grid;
  /** The sheet's merged areas, when the reader of the workbook could tell them (ExcelJS; Office.js from ExcelApi 1.13). */
  merges?: MergedArea[];
  /** 1-based sheet row and column of grid[0][0] (a used range need not start at A1); default 1. */
  top?: number;
  left?: number;
  /** Grid rows the workbook hides (hidden by hand, or filtered out by an AutoFilter): withdrawn, never read as entries. */
  hiddenRows?: ReadonlyArray<number>;
}

export const SECTION_KEYS = ['thucTrang', 'noiDung', 'hieuQua', 'tinhMoi'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export type Sections = Record<SectionKey, string | null>;

export type ColumnKey = 'stt' | 'unit' | 'title' | 'field' | 'description' | 'note' | 'authors' | 'phone' | 'category';

/** Where an entry's values came from: A1 addresses, one or more per column (continuation rows add more). */
export type EntryCells = Partial<Record<ColumnKey | SectionKey, string[]>>;

export interface Entry {
  /** 1-based sheet row of the entry's first line, as Excel shows it. */
  row: number;
  stt: string;
  unit: string;
  title: string;
  /** The canonical field name when the officer's text matched one; otherwise the text as written. */
  field: string;
  sections: Sections;
  note: string;
  authors?: string;
  phone?: string;
  /** Hình thức as written (Tập thể / Cá nhân); only when the round's template has the column. */
  category?: string;
  /** The field as the officer wrote it, when it differs from `field`. */
  fieldWritten?: string;
  /** The unit as written, when it differs from `unit` (the round's name for it: `P.1` → `Phường 1`). */
  unitWritten?: string;
  /** The whole description as written (all rows, all part columns), so nothing typed is ever dropped. */
  description?: string;
  /** Text before the first part heading, when there is any. */
  preamble?: string;
  cells?: EntryCells;
}

export type Severity = 'error' | 'warning';

export type IssueCode =
  | 'unreadable-file'
  | 'header-not-found'
  | 'no-entries'
  | 'missing-unit'
  | 'missing-title'
  | 'missing-field'
  | 'unknown-field'
  | 'field-normalized'
  | 'several-fields'
  | 'other-year'
  | 'missing-section'
  | 'empty-description'
  /** The description has text but none of the four headings: one finding instead of four missing-section. */
  | 'description-not-split'
  | 'duplicate-title'
  | 'possible-duplicate'
  | 'bad-stt'
  | 'wrong-unit'
  | 'bad-phone'
  | 'bad-category'
  | 'sheet-truncated'
  /** A text over its limit (core/limits.ts), a report with too many entries or too much text. */
  | 'too-long'
  | 'too-many-entries'
  | 'report-too-large'
  /** On the reviewer's score sheet: a point that is not a number from 0 to the criterion's maximum. */
  | 'bad-score'
  /** On the reviewer's score sheet: the entry changed since it was scored (the unit sent a new version). */
  | 'stale-score'
  /** A unit written loosely (`P.1`, `UBND Phường 01`), read as the round's unit (with `canonical`). */
  | 'unit-normalized'
  /** No Đơn vị cell holds a unit: the entries are the unit the title block names (with `canonical`). */
  | 'unit-from-title'
  /** Text typed in TCVN3 or VNI, converted to Unicode. */
  | 'legacy-encoding'
  /** A title or part typed without Vietnamese diacritics. */
  | 'no-diacritics'
  /** Another sheet of the workbook holds a report that was not read with this one. */
  | 'sheet-not-read'
  /** One sheet held several Phụ lục one under another (each with its header and signature): all were read. */
  | 'several-tables'
  /** A numbered row under the last signature block, read as no entry. */
  | 'row-after-signature'
  /** Rows the workbook hides (hidden, or filtered out): read as no entry, named. */
  | 'hidden-rows'
  /** A cell of the round's settings sheet that cannot be saved as it is (marked for the clerk). */
  | 'bad-setting';

export interface Issue {
  code: IssueCode;
  severity: Severity;
  /** 1-based row as Excel shows it; null for a finding about the whole file. */
  row: number | null;
  /** A1 address of the cell to fix; null for a finding about the whole file. */
  cell: string | null;
  message: string;
  section?: SectionKey;
  /** unknown-field: up to three canonical fields the officer may have meant. */
  suggestions?: string[];
  /** field-normalized, unit-normalized, unit-from-title: the canonical text to write in the cell. */
  canonical?: string;
}

export interface FileError {
  /** not-a-report: a workbook Phụ lục wrote itself (a summary), left out of a consolidation. */
  code: 'unreadable-file' | 'header-not-found' | 'not-a-report';
  message: string;
}

/** One report as read from one workbook (the `files[]` element of `phuluc validate --json`). */
export interface ReportResult {
  file: string;
  sheet: string | null;
  error: FileError | null;
  entries: Entry[];
  issues: Issue[];
  /** Text above the header (the unit's name in the title block), for telling whose report it is. */
  titleBlock?: string[];
  /** 1-based sheet row of the table's header. */
  headerRow?: number;
}
