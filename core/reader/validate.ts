/**
 * Findings on a report's entries (DESIGN §5 issue codes). Works on entries read from a grid
 * (with their cells) and on entries sent as JSON to the server (cells then default to the
 * template's columns), so the add-in's courtesy check and the server's rule are the same code.
 */
import { fieldsNamed, matchField } from './fields';
import { overLimits } from '../limits';
import { messages } from '../messages';
import { columnLetter, columnNumber } from './layout';
import { splitDescription } from './sections';
import { DEFAULT_FIELDS, TEMPLATE_COLUMNS, type FieldDefinition } from './template';
import { compareKey, foldKey } from '../text';
import { matchUnit, type UnitName, type UnitNames } from './units';
import { SECTION_KEYS, type ColumnKey, type Entry, type Issue, type SectionKey } from '../types';

export interface ValidateOptions {
  fields?: ReadonlyArray<FieldDefinition>;
  /** The round's units: a unit written loosely gets unit-normalized with the round's name. */
  units?: UnitNames;
}

/** What validation needs of an entry; `cells`, `fieldWritten` and `preamble` are optional. */
export type CheckedEntry = Pick<Entry, 'row' | 'stt' | 'unit' | 'title' | 'field' | 'sections' | 'note'> &
  Partial<Pick<Entry, 'cells' | 'fieldWritten' | 'unitWritten' | 'description' | 'preamble' | 'authors' | 'phone' | 'category'>>;

/** The cell a finding about `key` points at: where the entry's value came from, else the template's column. */
export function cellOf(entry: CheckedEntry, key: ColumnKey | SectionKey): string {
  const own = entry.cells?.[key]?.[0];
  if (own) return own;
  const sectionKey = (SECTION_KEYS as readonly string[]).includes(key);
  const description = entry.cells?.description?.[0];
  if (sectionKey && description) return description;
  const index = TEMPLATE_COLUMNS.findIndex((c) => c.key === (sectionKey ? 'description' : key));
  return `${columnLetter(Math.max(index, 0))}${entry.row}`;
}

/** The column or part a finding is about, from its code (null: a finding about the whole report). */
export function issueKey(issue: Pick<Issue, 'code' | 'section'>): ColumnKey | SectionKey | null {
  switch (issue.code) {
    case 'missing-unit':
    case 'wrong-unit':
    case 'unit-normalized':
    case 'unit-from-title':
      return 'unit';
    case 'missing-title':
    case 'duplicate-title':
      return 'title';
    case 'missing-field':
    case 'unknown-field':
    case 'field-normalized':
    case 'several-fields':
      return 'field';
    case 'missing-section':
      return issue.section ?? 'description';
    case 'empty-description':
    case 'description-not-split':
      return 'description';
    case 'bad-stt':
      return 'stt';
    case 'no-diacritics':
      return issue.section ?? 'title';
    case 'bad-phone':
      return 'phone';
    case 'bad-category':
      return 'category';
    default:
      return null;
  }
}

/**
 * A finding made elsewhere (the server, which knows entries only by row) put on this sheet's own
 * cell for it: the entry at that row, the column its code is about; its own cell otherwise.
 */
export function placeIssue(issue: Issue, entries: ReadonlyArray<CheckedEntry>): Issue {
  const entry = issue.row === null ? undefined : entries.find((e) => e.row === issue.row);
  const key = issueKey(issue);
  return entry && key ? { ...issue, cell: cellOf(entry, key) } : issue;
}

/** A Vietnamese phone number: 10-digit mobile starting with 0, or a landline with its 02x area code. */
export function isValidPhone(written: string): boolean {
  const digits = written.replace(/[\s.\-()]/g, '').replace(/^\+?84/, '0');
  return /^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits);
}

export function categoryOf(written: string): 'tap-the' | 'ca-nhan' | null {
  const key = foldKey(written);
  if (key === 'tap the') return 'tap-the';
  if (key === 'ca nhan') return 'ca-nhan';
  return null;
}

function issue(code: Issue['code'], severity: Issue['severity'], entry: CheckedEntry, cell: string, message: string): Issue {
  return { code, severity, row: entry.row, cell, message };
}

/** Letters with a Vietnamese diacritic (and đ): text of several words with none of them was typed without. */
const VIETNAMESE_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const WORDS_FOR_NO_DIACRITICS = 4;

/** A title or part typed without diacritics: several words of Latin letters, not one of them marked. */
export function lacksDiacritics(text: string | null | undefined): boolean {
  if (!text || VIETNAMESE_MARKED.test(text)) return false;
  const words = text.split(/[^A-Za-z]+/).filter((w) => w.length > 0);
  return words.length >= WORDS_FOR_NO_DIACRITICS && !/[^\x00-\x7f]/.test(text.replace(/[•–—“”‘’…\s]/g, ''));
}

const DIACRITICS_NAMES: Partial<Record<ColumnKey | SectionKey, string>> = {
  title: 'Tên mô hình',
  thucTrang: 'Phần Thực trạng',
  noiDung: 'Phần Nội dung',
  hieuQua: 'Phần Hiệu quả',
  tinhMoi: 'Phần Tính mới',
};

function diacriticsIssues(entry: CheckedEntry): Issue[] {
  const keys = (['title', ...SECTION_KEYS] as const).filter((k) => lacksDiacritics(k === 'title' ? entry.title : entry.sections[k]));
  return keys.map((key) => {
    const cell = cellOf(entry, key);
    return { ...issue('no-diacritics', 'warning', entry, cell, messages.noDiacritics(DIACRITICS_NAMES[key] as string, cell)), ...(key === 'title' ? {} : { section: key }) };
  });
}

function unitIssues(entry: CheckedEntry, units: UnitNames | undefined): Issue[] {
  const written = entry.unitWritten ?? entry.unit;
  if (!units || !written.trim()) return [];
  const match = matchUnit(written, units);
  if (match.kind !== 'normalized') return [];
  const cell = cellOf(entry, 'unit');
  return [{ ...issue('unit-normalized', 'warning', entry, cell, messages.unitNormalized(written, cell, match.name)), canonical: match.name }];
}

export function validateEntry(entry: CheckedEntry, fields: ReadonlyArray<FieldDefinition>, units?: UnitNames): Issue[] {
  const found: Issue[] = [...unitIssues(entry, units)];
  for (const key of ['unit', 'title'] as const) {
    if (!entry[key].trim()) {
      const cell = cellOf(entry, key);
      found.push(issue(key === 'unit' ? 'missing-unit' : 'missing-title', 'error', entry, cell, messages.missingValue(key, cell, entry.row)));
    }
  }

  const fieldCell = cellOf(entry, 'field');
  const written = entry.fieldWritten ?? entry.field;
  const match = matchField(written, fields);
  if (match.kind === 'empty') {
    found.push(issue('missing-field', 'error', entry, fieldCell, messages.missingValue('field', fieldCell, entry.row)));
  } else if (match.kind === 'unknown') {
    found.push({ ...issue('unknown-field', 'error', entry, fieldCell, messages.unknownField(written, fieldCell, match.suggestions)), suggestions: match.suggestions });
  } else if (match.kind === 'normalized') {
    found.push({ ...issue('field-normalized', 'warning', entry, fieldCell, messages.fieldNormalized(written, fieldCell, match.name)), canonical: match.name });
  }
  // Two fields in one cell: filed under one, and the officer is told which, never silently.
  const named = match.kind === 'empty' ? [] : fieldsNamed(written, fields);
  if (named.length > 1) {
    const filed = match.kind === 'exact' || match.kind === 'normalized' ? match.name : null;
    found.push({ ...issue('several-fields', filed ? 'warning' : 'error', entry, fieldCell, messages.severalFields(named, fieldCell, filed)), suggestions: named });
  }

  const missing = SECTION_KEYS.filter((k) => !entry.sections[k]?.trim());
  if (missing.length === SECTION_KEYS.length && !entry.preamble) {
    const cell = cellOf(entry, 'description');
    found.push(issue('empty-description', 'error', entry, cell, messages.emptyDescription(cell)));
  } else if (missing.length === SECTION_KEYS.length && !entry.cells?.thucTrang) {
    // Text with no heading at all: one finding that says how to split it, not four.
    const cell = cellOf(entry, 'description');
    found.push(issue('description-not-split', 'error', entry, cell, messages.descriptionNotSplit(cell)));
  } else {
    const bareHeadings = missing.length > 0 && entry.description ? splitDescription(entry.description).emptyHeadings : [];
    for (const section of missing) {
      const cell = cellOf(entry, section);
      // The heading is there with nothing after it, or the part has a column of its own that is empty.
      const headingOnly = bareHeadings.includes(section) || entry.cells?.[section] !== undefined;
      found.push({ ...issue('missing-section', 'error', entry, cell, messages.missingSection(section, cell, headingOnly)), section });
    }
  }

  found.push(...diacriticsIssues(entry));
  if (entry.phone?.trim() && !isValidPhone(entry.phone)) {
    const cell = cellOf(entry, 'phone');
    found.push(issue('bad-phone', 'warning', entry, cell, messages.badPhone(entry.phone, cell)));
  }
  if (entry.category?.trim() && !categoryOf(entry.category)) {
    const cell = cellOf(entry, 'category');
    found.push(issue('bad-category', 'warning', entry, cell, messages.badCategory(entry.category, cell)));
  }
  return found;
}

/** Findings across the entries of one report: numbering and titles written twice. */
function validateAcross(entries: ReadonlyArray<CheckedEntry>): Issue[] {
  const found: Issue[] = [];
  /** Each title's first rows, one per unit that wrote it. */
  const titlesSeen = new Map<string, Array<{ unit: string; row: number }>>();
  // Numbered within groups ("1.1", "1.2", "2.1" under group rows "1", "2"): a numbering of its own, not to renumber.
  const withinGroups = entries.length > 0 && entries.every((e) => /^\d+\.\d+\.?$/.test(e.stt.trim()));
  entries.forEach((entry, index) => {
    const expected = index + 1;
    const stt = entry.stt.trim();
    const sttCell = cellOf(entry, 'stt');
    if (!withinGroups) {
      if (!stt) found.push(issue('bad-stt', 'warning', entry, sttCell, messages.sttMissing(sttCell, expected)));
      else if (!/^\d+\.?$/.test(stt)) found.push(issue('bad-stt', 'warning', entry, sttCell, messages.sttNotNumber(stt, sttCell, expected)));
      else if (parseInt(stt, 10) !== expected) found.push(issue('bad-stt', 'warning', entry, sttCell, messages.sttOutOfOrder(stt, sttCell, expected)));
    }

    const key = compareKey(entry.title);
    if (!key) return;
    // Twice in one unit's list is an error; two units' tables on one sheet (a city's compilation) may share a name, which the duplicate search weighs.
    const unit = compareKey(entry.unit);
    const seen = titlesSeen.get(key) ?? titlesSeen.set(key, []).get(key)!;
    const first = seen.find((s) => s.unit === unit || s.unit === '' || unit === '');
    if (first) {
      const cell = cellOf(entry, 'title');
      found.push(issue('duplicate-title', 'error', entry, cell, messages.duplicateTitle(entry.title, cell, first.row)));
    } else seen.push({ unit, row: entry.row });
  });
  return found;
}

/** What a limit's finding calls the text it is about. */
const LIMIT_NAMES: Record<ColumnKey | SectionKey, string> = {
  stt: 'Số thứ tự',
  unit: 'Tên đơn vị',
  title: 'Tên mô hình',
  field: 'Lĩnh vực',
  description: 'Phần mô tả',
  note: 'Ghi chú',
  authors: 'Tên tác giả',
  phone: 'Số điện thoại',
  category: 'Hình thức',
  thucTrang: 'Phần Thực trạng',
  noiDung: 'Phần Nội dung',
  hieuQua: 'Phần Hiệu quả',
  tinhMoi: 'Phần Tính mới',
};

/** Errors for everything over the report's limits (REPORT_LIMITS). */
export function limitIssues(entries: ReadonlyArray<CheckedEntry>): Issue[] {
  return overLimits(entries).map((f): Issue => {
    if (f.entry && f.key) {
      const cell = cellOf(f.entry, f.key);
      return { code: 'too-long', severity: 'error', row: f.entry.row, cell, message: messages.tooLong(LIMIT_NAMES[f.key], cell, f.length, f.max) };
    }
    const message = f.kind === 'entries' ? messages.tooManyEntries(f.length, f.max) : messages.reportTooLarge(f.length, f.max);
    return { code: f.kind === 'entries' ? 'too-many-entries' : 'report-too-large', severity: 'error', row: null, cell: null, message };
  });
}

/**
 * All findings of a report, in sheet order. `headerRow` (1-based) places the no-entries finding.
 */
export function validateReport(entries: ReadonlyArray<CheckedEntry>, headerRow: number, options: ValidateOptions = {}): Issue[] {
  const fields = options.fields ?? DEFAULT_FIELDS;
  if (entries.length === 0) {
    return [{ code: 'no-entries', severity: 'error', row: headerRow + 1, cell: `A${headerRow + 1}`, message: messages.noEntries(headerRow) }];
  }
  const found = [...limitIssues(entries), ...entries.flatMap((e) => validateEntry(e, fields, options.units)), ...validateAcross(entries)];
  const order = (cell: string | null) => {
    const m = /^([A-Z]+)(\d+)$/.exec(cell ?? '');
    return m ? Number(m[2]) * 1000 + columnNumber(m[1] as string) : 0;
  };
  return found.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || order(a.cell) - order(b.cell));
}

export function hasErrors(issues: ReadonlyArray<Issue>): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Entries whose Đơn vị names another unit than the report's: an error (a report is one unit's). */
export function wrongUnitIssues(entries: ReadonlyArray<CheckedEntry>, unit: UnitName): Issue[] {
  const name = typeof unit === 'string' ? unit : unit.name;
  return entries
    .filter((e) => e.unit.trim() !== '' && matchUnit(e.unit, [unit]).kind === 'unknown')
    .map((e) => {
      const cell = cellOf(e, 'unit');
      return { code: 'wrong-unit', severity: 'error', row: e.row, cell, message: messages.wrongUnit(e.unit, cell, name) };
    });
}
