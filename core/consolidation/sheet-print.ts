/**
 * How a sheet the council signs prints (issue #29): on A4 landscape with the margins of Nghị định
 * 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), in Times New Roman at a size that stays
 * 10 pt or more once the page is scaled to the table's width, every row as tall as its wrapped
 * text, and page breaks placed here rather than left to the program: each page holds what fits,
 * and the signature never starts a page alone (the last rows go with it). Excel, LibreOffice and
 * WPS each fit pages their own way; a sheet that says its scale, heights and breaks prints the same
 * in all three. Pure arithmetic, shared by the server's writer and the add-in's.
 */

/** A4 landscape in points, less the decree's margins. */
export const PAGE = { width: 842, height: 595, margins: { top: 20, bottom: 20, left: 30, right: 15 } } as const;
const MM = 72 / 25.4;
const PRINTABLE = { width: PAGE.width - (PAGE.margins.left + PAGE.margins.right) * MM, height: PAGE.height - (PAGE.margins.top + PAGE.margins.bottom) * MM };
/** What our arithmetic may be off by (another program's column widths, a font's metrics): that much of the page is left free. */
const SAFETY = 0.9;
/** The smallest text the council reads, in points once scaled. */
export const SMALLEST_PRINTED = 10.5;
export const PRINT_FONT = 'Times New Roman';

/** A column `chars` wide (Excel's unit: digits of the workbook's default font, Calibri 11) in points: 7 px a digit and 5 px padding. */
export const columnPoints = (chars: number) => (chars * 7 + 5) * 0.75;

export interface PrintPlan {
  font: { name: string; size: number };
  /** Percent the page is printed at (10–100). */
  scale: number;
  /** Height of each row, in points, 0-based sheet rows; rows not listed keep their default. */
  heights: Map<number, number>;
  /** Sheet rows (0-based) that start a new page. */
  breaks: number[];
}

/** Lines a text takes in a column `chars` wide at `size` pt: a Vietnamese letter in Times New Roman averages about half its size, rounded up. */
export function linesOf(text: string, chars: number, size: number): number {
  if (text === '') return 1;
  const perLine = Math.max(1, Math.floor(columnPoints(chars) / (size * 0.52)));
  // Each line of the text wraps on its own, and a word that does not fit starts the next line.
  return text.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil((part.length * 1.12) / perLine)), 0);
}

export const rowHeight = (lines: number, size: number) => Math.min(409, Math.ceil(lines * size * 1.25 + 4));

export interface PrintInput {
  /** Column widths, in characters. */
  widths: number[];
  /** Every row of the sheet, 0-based: each cell's text and the width it wraps in (a merged cell's, its span's). */
  rows: Map<number, Array<{ text: string; chars: number }>>;
  /** The header row (printed at the top of every page). */
  header: number;
  /** The table's rows (the header's next row to this one's, exclusive), then the rows that must stay with its end (the note, the signature). */
  tableEnd: number;
  /** The last sheet row (the signature's name). */
  last: number;
  /** Rows kept with the signature: at least this many of the table's last rows move with it to a new page. */
  keepWithEnd?: number;
}

export function printPlan(input: PrintInput): PrintPlan {
  const total = input.widths.reduce((sum, w) => sum + columnPoints(w), 0);
  const scale = Math.max(10, Math.min(100, Math.floor((100 * SAFETY * PRINTABLE.width) / total)));
  // The font grows as the page shrinks, so that what prints is never under SMALLEST_PRINTED.
  const size = Math.max(12, Math.ceil((SMALLEST_PRINTED * 100) / scale));
  const heights = new Map<number, number>();
  for (let r = 0; r <= input.last; r++) {
    const lines = Math.max(1, ...(input.rows.get(r) ?? []).map((cell) => linesOf(cell.text, cell.chars, size)));
    heights.set(r, rowHeight(lines, size));
  }
  const height = (r: number) => heights.get(r) ?? rowHeight(1, size);
  const capacity = (SAFETY * PRINTABLE.height * 100) / scale;
  const breaks: number[] = [];
  let used = 0;
  for (let r = 0; r <= input.last; r++) {
    const h = height(r);
    if (used + h > capacity && r > input.header + 1) {
      breaks.push(r);
      used = height(input.header); // the header row repeats at the top of each page
    }
    used += h;
  }
  // The signature never alone: if the block under the table starts a page, its last rows go with it.
  const firstAfter = input.tableEnd;
  const lastBreak = breaks[breaks.length - 1];
  if (lastBreak !== undefined && lastBreak >= firstAfter) {
    const keep = Math.min(input.keepWithEnd ?? 2, firstAfter - (input.header + 1) - 1);
    breaks.pop();
    breaks.push(Math.max(input.header + 2, firstAfter - Math.max(1, keep)));
  }
  return { font: { name: PRINT_FONT, size }, scale, heights, breaks };
}
