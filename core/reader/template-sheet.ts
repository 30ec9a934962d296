/**
 * What the add-in's "Chèn mẫu" puts on a new sheet: the Phụ lục of DESIGN §2 as a grid (title
 * block with the unit's name, header, empty numbered rows with the four headings, signature), and
 * where things are. The add-in only writes it; the layout is decided here, once.
 */
import type { Round } from '../rounds/round';
import type { StoredEntry } from '../rounds/submission';
import { SECTIONS, TEMPLATE_COLUMNS } from './template';
import type { ColumnKey } from '../types';

export const TEMPLATE_SHEET = 'Phụ lục';
/** The hidden sheet holding the round's fields, the source of the Lĩnh vực dropdown. */
export const FIELD_LIST_SHEET = 'Danh mục lĩnh vực';
/** Header of the hidden column that keeps the server's entry ids with their rows. */
export const ENTRY_ID_HEADER = 'Mã mục (không sửa)';
/** Empty numbered rows the template starts with. */
export const TEMPLATE_BLANK_ROWS = 5;

/** The Mô tả cell of an empty row: the four headings, one per line. */
export const DESCRIPTION_SKELETON = SECTIONS.map((s) => `- ${s.label}:`).join('\n');

export interface TemplateSheet {
  sheet: string;
  /** Every row from A1, each as wide as the header (strings and numbers only). */
  grid: Array<Array<string | number>>;
  /** 0-based rows. */
  headerRow: number;
  firstDataRow: number;
  dataRows: number;
  columns: Array<{ key: ColumnKey; header: string }>;
  /** 0-based column of the hidden id column (after the last template column). */
  idColumn: number;
  /** Ranges to merge in the title block, A1 style. */
  merges: string[];
  fields: string[];
}

function letter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** An entry's Mô tả cell: each part under its heading, one per line. */
export function descriptionText(sections: StoredEntry['sections']): string {
  return SECTIONS.map((s) => `- ${s.label}: ${sections[s.key] ?? ''}`.trimEnd()).join('\n');
}

/** One entry's cells by column, as the template lays them out. */
function entryCells(entry: StoredEntry): Record<ColumnKey, string> {
  return {
    stt: entry.stt,
    unit: entry.unit,
    title: entry.title,
    field: entry.field,
    description: descriptionText(entry.sections),
    note: entry.note,
    authors: entry.authors ?? '',
    phone: entry.phone ?? '',
    category: entry.category ?? '',
  };
}

/**
 * The template for `unit`: empty numbered rows, or (`entries`) a version of the report filled in
 * with each entry's id in the hidden column, on a sheet named `sheet` (a copy of the server's
 * version beside the officer's own).
 */
export function templateSheet(
  round: Pick<Round, 'name' | 'year' | 'fields' | 'template'>,
  unit: string,
  options: { sheet?: string; entries?: ReadonlyArray<StoredEntry> } = {},
): TemplateSheet {
  const columns = TEMPLATE_COLUMNS.filter((c) => !c.optional || round.template[c.key as keyof Round['template']]).map(({ key, header }) => ({ key, header }));
  const width = columns.length + 1;
  const last = letter(width - 2);
  const split = Math.ceil((width - 1) / 2);
  const row = (cells: Record<number, string | number>) => Array.from({ length: width }, (_, c) => cells[c] ?? '');

  const titleRows = [
    row({ 0: unit.toLocaleUpperCase('vi'), [split]: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' }),
    row({ [split]: 'Độc lập - Tự do - Hạnh phúc' }),
    row({}),
    row({ 0: 'Phụ lục' }),
    row({ 0: `Báo cáo kết quả thực hiện mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year}` }),
    row({ 0: `(${round.name})` }),
    row({}),
  ];
  const headerRow = titleRows.length;
  const header = row(Object.fromEntries([...columns.map((c, i) => [i, c.header]), [width - 1, ENTRY_ID_HEADER]]));
  const description = columns.findIndex((c) => c.key === 'description');
  const unitColumn = columns.findIndex((c) => c.key === 'unit');
  const body = options.entries
    ? options.entries.map((entry) => {
        const cells = entryCells(entry);
        return row(Object.fromEntries([...columns.map((c, i) => [i, cells[c.key]]), [width - 1, entry.id]]));
      })
    : // The unit is already in each row: the officer's own, as the round names it.
      Array.from({ length: TEMPLATE_BLANK_ROWS }, (_, i) => row({ 0: i + 1, [unitColumn]: unit, [description]: DESCRIPTION_SKELETON }));
  const signature = row({ 1: 'Người lập biểu', [description]: 'THỦ TRƯỞNG ĐƠN VỊ' });

  return {
    sheet: options.sheet ?? TEMPLATE_SHEET,
    grid: [...titleRows, header, ...body, row({}), signature],
    headerRow,
    firstDataRow: headerRow + 1,
    dataRows: body.length,
    columns,
    idColumn: width - 1,
    merges: [`A1:${letter(split - 1)}1`, `${letter(split)}1:${last}1`, `${letter(split)}2:${last}2`, `A4:${last}4`, `A5:${last}5`, `A6:${last}6`],
    fields: round.fields.map((f) => f.name),
  };
}

/** The ids kept in the hidden id column, by 1-based sheet row; the grid starts at A1. */
export function entryIdsByRow(grid: ReadonlyArray<ReadonlyArray<unknown>>, headerRow: number): { column: number | null; ids: Map<number, string> } {
  const header = grid[headerRow - 1] ?? [];
  const column = header.findIndex((v) => typeof v === 'string' && v.trim() === ENTRY_ID_HEADER);
  const ids = new Map<number, string>();
  if (column < 0) return { column: null, ids };
  for (let r = headerRow; r < grid.length; r++) {
    const value = grid[r]?.[column];
    if (typeof value === 'string' && value.trim() !== '') ids.set(r + 1, value.trim());
  }
  return { column, ids };
}
