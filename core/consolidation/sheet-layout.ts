/**
 * Where each part of a summary sheet goes, for both writers (ExcelJS on the server, Office.js in
 * the pane): the table's shape (SummaryTable), the lines outside it (the title block or Nghị định
 * 30's heading, the note, the signature), merged over their span, and for a signed sheet how it
 * prints (sheet-print.ts). summary-sheets.ts fills the tables.
 */
import { printPlan, type PrintPlan } from './sheet-print';

export type SheetValue = string | number | null;

export interface SummaryTable {
  /** Sheet name (≤ 31 characters, as Excel requires). */
  sheet: string;
  /** Excel table name (letters, digits, underscores). */
  table: string;
  headers: string[];
  rows: SheetValue[][];
  /** Column widths in characters, one per header. */
  widths: number[];
  /**
   * Cells to colour: [row index in `rows`, column index], with why (the cell's note in the
   * workbook). Without a reason the sheet's title and its column's note say why, as on Trùng lặp,
   * where every row is flagged: 55,714 notes alike at a nation's size were 46 MB of the workbook.
   */
  flags: Array<{ row: number; column: number; reason?: string }>;
  /** A last line under the table (a total). */
  footer?: SheetValue[];
  /** A sentence under the table, across its width (the TẠM TÍNH note). */
  note?: string;
  /** What the table's one line says when it has no rows (an Excel table needs a row). */
  emptyText: string;
  /** Paper to print on: the wide Tổng hợp sheet needs A3; the others fit A4. */
  paper?: 'A3' | 'A4';
  /** Columns holding money in đồng, shown with thousands separators (7.500.000 in a Vietnamese Excel). */
  money?: number[];
  /** What a technical column means, as a note on its header cell. */
  notes?: Array<{ column: number; text: string }>;
  /** Lines above the table: the organiser, what the sheet is (TẠM TÍNH while provisional), the round, the date made. */
  title: string[];
  /** Who signs under the table, left and right, under the date (the sheets a council signs). */
  signatures?: { date: string; left: Signature; right: Signature };
  /**
   * A sheet the council signs: Nghị định 30's heading above the title (the issuing body under its
   * superior on the left, the national title and motto on the right), printed on A4 landscape at
   * 10 pt or more with its formatting written out (sheet-print.ts).
   */
  letterhead?: { left: [string, string]; right: [string, string] };
  /** A bar chart of the table's rows: the first column as categories, the second as values (both writers draw it natively). */
  chart?: { title: string };
}

/** Where a table's chart goes and what it plots, in 0-based rows and columns; null when it has none or no rows. */
export function chartPlacement(t: SummaryTable): { categories: { row: number; column: number; rows: number }; values: { row: number; column: number; rows: number }; header: number; from: { row: number; column: number }; to: { row: number; column: number } } | null {
  if (!t.chart || t.rows.length === 0) return null;
  const { header, firstRow } = sheetLayout(t);
  const column = t.headers.length + 1; // right of the table, one column apart
  // Tall enough to read every category: about 1.5 rows a bar, at least 16 rows.
  const rows = Math.max(16, Math.ceil(t.rows.length * 1.5) + 4);
  return {
    categories: { row: firstRow, column: 0, rows: t.rows.length },
    values: { row: firstRow, column: 1, rows: t.rows.length },
    header,
    from: { row: header, column },
    to: { row: header + rows, column: column + 8 },
  };
}

export interface Signature {
  /** Bold lines: "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC". */
  roles: string[];
  /** An italic line under them, or "". */
  hint: string;
  /** The signer's name, under the space left to sign, or "". */
  name: string;
}

/** One line of text the writers place outside the table: `span` columns wide (merged when more than one). */
export interface PlacedText {
  row: number;
  column: number;
  span: number;
  text: string;
  style: 'bold' | 'italic' | 'plain' | 'heading';
  align: 'left' | 'center';
  /** A rule under it: the decree's short line under the issuing body (a third to a half of it), or the motto's underline (as long as the motto). */
  rule?: 'short' | 'underline';
}

/** Where each part of a summary sheet goes, in 0-based rows; both writers place by it. */
export interface SheetLayout {
  /** The header row (the title block above it, then one empty row). */
  header: number;
  /** The first row under the header. */
  firstRow: number;
  /** The footer's row, or null. */
  footer: number | null;
  /** The note's row (across the table's width), or null. */
  note: number | null;
  /** Every line outside the table: the letterhead, the title block, the note, the signature block. */
  texts: PlacedText[];
  /** How a signed sheet prints; null for a working sheet. */
  print: PrintPlan | null;
}

/** The columns of the letterhead's left part: the boundary between columns nearest two fifths of the table's width. */
function leftPart(widths: ReadonlyArray<number>): number {
  const total = widths.reduce((a, b) => a + b, 0);
  let best = 1;
  let sum = 0;
  for (let i = 1; i < widths.length; i++) {
    sum += widths[i - 1]!;
    const bestSum = widths.slice(0, best).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - total * 0.4) < Math.abs(bestSum - total * 0.4)) best = i;
  }
  return best;
}

export function sheetLayout(t: SummaryTable): SheetLayout {
  const width = t.headers.length;
  const texts: PlacedText[] = [];
  let top = 0;
  if (t.letterhead) {
    const left = leftPart(t.widths);
    const [superior, issuer] = t.letterhead.left;
    const [nation, motto] = t.letterhead.right;
    texts.push(
      { row: 0, column: 0, span: left, text: superior, style: 'plain', align: 'center' },
      { row: 1, column: 0, span: left, text: issuer, style: 'bold', align: 'center', rule: 'short' },
      { row: 0, column: left, span: width - left, text: nation, style: 'bold', align: 'center' },
      { row: 1, column: left, span: width - left, text: motto, style: 'bold', align: 'center', rule: 'underline' },
    );
    top = 3;
    t.title.forEach((line, i) => texts.push({ row: top + i, column: 0, span: width, text: line, style: i === 0 ? 'heading' : i === t.title.length - 1 ? 'italic' : 'bold', align: 'center' }));
  } else {
    // The organiser and the sheet's heading stand out, as on a printed administrative document.
    t.title.forEach((line, i) => texts.push({ row: i, column: 0, span: 1, text: line, style: i === 1 ? 'heading' : i === 0 ? 'bold' : i === t.title.length - 1 ? 'italic' : 'plain', align: 'left' }));
  }
  const header = top + t.title.length + 1;
  const firstRow = header + 1;
  const after = firstRow + displayRows(t).length;
  const footer = t.footer ? after : null;
  const note = t.note !== undefined ? after + (t.footer ? 1 : 0) : null;
  if (note !== null) texts.push({ row: note, column: 0, span: width, text: t.note!, style: 'bold', align: 'left' });
  const tableEnd = after + (t.footer ? 1 : 0) + (note !== null ? 1 : 0);
  let last = tableEnd - 1;
  if (t.signatures) {
    const at = tableEnd + 1;
    const { date, left, right } = t.signatures;
    const rightColumn = t.letterhead ? leftPart(t.widths) : Math.max(2, width - 3);
    const rightSpan = t.letterhead ? width - rightColumn : 1;
    const leftSpan = t.letterhead ? rightColumn : 1;
    const block = (s: Signature, column: number, span: number, from: number) => {
      s.roles.forEach((role, i) => texts.push({ row: from + i, column, span, text: role, style: 'bold', align: t.letterhead ? 'center' : 'left' }));
      if (s.hint) texts.push({ row: from + s.roles.length, column, span, text: s.hint, style: 'italic', align: t.letterhead ? 'center' : 'left' });
      // Four empty lines to sign in, then the name.
      if (s.name) texts.push({ row: from + s.roles.length + (s.hint ? 1 : 0) + 4, column, span, text: s.name, style: 'bold', align: t.letterhead ? 'center' : 'left' });
    };
    texts.push({ row: at, column: rightColumn, span: rightSpan, text: date, style: 'italic', align: t.letterhead ? 'center' : 'left' });
    block(left, t.letterhead ? 0 : 1, leftSpan, at + 1);
    block(right, rightColumn, rightSpan, at + 1);
    last = Math.max(...texts.map((x) => x.row));
  }
  let print: PrintPlan | null = null;
  if (t.letterhead) {
    const rows = new Map<number, Array<{ text: string; chars: number }>>();
    const add = (row: number, column: number, span: number, text: string) => rows.set(row, [...(rows.get(row) ?? []), { text, chars: t.widths.slice(column, column + span).reduce((a, b) => a + b, 0) }]);
    const cells = (row: number, values: ReadonlyArray<SheetValue | string>) => values.forEach((v, c) => add(row, c, 1, printedText(v)));
    cells(header, t.headers);
    displayRows(t).forEach((row, i) => cells(firstRow + i, row));
    if (t.footer && footer !== null) cells(footer, t.footer);
    for (const x of texts) add(x.row, x.column, x.span, x.text);
    print = printPlan({ widths: t.widths, rows, header, tableEnd, last });
  }
  return { header, firstRow, footer, note, texts, print };
}

/** The column under the middle of a span: its top edge is the short rule. */
export function ruleColumn(widths: ReadonlyArray<number>, from: number, span: number): number {
  const total = widths.slice(from, from + span).reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let c = from; c < from + span; c++) {
    sum += widths[c] ?? 0;
    if (sum >= total / 2) return c;
  }
  return from;
}

/** A value as printed: money with its dots, a score with its comma (as a Vietnamese Excel shows them). */
function printedText(value: SheetValue): string {
  if (value === null) return '';
  return typeof value === 'number' ? value.toLocaleString('vi-VN') : value;
}

/** The number format of money columns: thousands grouped by the reader's own separator (7.500.000 in Vietnam). */
export const MONEY_FORMAT = '#,##0';

/** The rows a writer puts under the header: the table's, or the one line saying it is empty. */
export function displayRows(t: SummaryTable): SheetValue[][] {
  return t.rows.length > 0 ? t.rows : [[t.emptyText, ...t.headers.slice(1).map(() => null)]];
}
