/**
 * The summary workbook with ExcelJS: one sheet per table of core/consolidation/summary-sheets, each with its
 * title block above and, where a council signs, its signature block below (placed by
 * `sheetLayout`, as the add-in places them), the table an Excel table (sortable, filterable),
 * header frozen, flagged cells coloured with a note saying why, money with thousands separators,
 * a note on each technical column's header, printable landscape, one page wide, header repeated,
 * and a native bar chart beside the tables that have one (charts.ts).
 */
import type ExcelJS from 'exceljs';
import { Workbook } from './exceljs';
import type { Summary } from '../../core/consolidation/consolidate';
import type { Round } from '../../core/rounds/round';
import { summaryTables } from '../../core/consolidation/summary-sheets';
import { displayRows, MONEY_FORMAT, ruleColumn, sheetLayout, type PlacedText, type SheetLayout, type SheetValue, type SummaryTable } from '../../core/consolidation/sheet-layout';
import { PAGE, PRINT_FONT, type PrintPlan } from '../../core/consolidation/sheet-print';
import { chartEditor } from './charts';
import { addTableOfBody, combined, propertiesEditor, writeXlsx, type SheetBody, type SheetMaker } from './write-xlsx';
import { SUMMARY_MARK } from './summary-mark';
import type { Readable } from 'node:stream';

const FLAG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const INCH = 25.4;

/** Title and signature lines overflow into the empty cells beside them rather than wrap in a narrow column. */
const LINE: Partial<ExcelJS.Alignment> = { wrapText: false, vertical: 'middle' };

/** A placed line's font (sheet-print's size on a signed sheet, the workbook's own elsewhere). */
function fontOf(x: PlacedText, size: number | null): Partial<ExcelJS.Font> {
  const base = size === null ? {} : { name: PRINT_FONT, size };
  if (x.style === 'heading') return { ...base, bold: true, size: (size ?? 11) + 2 };
  return { ...base, bold: x.style === 'bold', italic: x.style === 'italic' };
}

/** The lines outside the table: merged over their span, with the decree's short rule under those that have one. */
function placeTexts(sheet: ExcelJS.Worksheet, t: SummaryTable, at: SheetLayout): void {
  const size = at.print?.font.size ?? null;
  for (const x of at.texts) {
    if (x.span > 1) sheet.mergeCells(x.row + 1, x.column + 1, x.row + 1, x.column + x.span);
    const cell = sheet.getCell(x.row + 1, x.column + 1);
    cell.value = x.text;
    cell.font = { ...fontOf(x, size), ...(x.rule === 'underline' ? { underline: true } : {}) };
    cell.alignment = x.span > 1 ? { wrapText: true, vertical: 'middle', horizontal: x.align } : LINE;
    if (x.rule === 'short') sheet.getCell(x.row + 2, ruleColumn(t.widths, x.column, x.span) + 1).border = { top: THIN };
  }
}

/**
 * A sheet the council signs, formatted cell by cell rather than by an Excel table style (which
 * LibreOffice and WPS do not draw): Times New Roman at the plan's size, a bold grey header with
 * borders, every cell bordered and wrapped, each row as tall as its text, the decree's margins,
 * the plan's scale and page breaks, the page number in the footer.
 */
function formatSigned(sheet: ExcelJS.Worksheet, t: SummaryTable, at: SheetLayout, plan: PrintPlan): void {
  formatSignedRows(sheet, t, at, plan, at.header + 1, at.header + 1);
  if (t.footer && at.footer !== null) formatSignedRows(sheet, t, at, plan, at.footer + 1, at.footer + 1);
  for (const [row, height] of plan.heights) sheet.getRow(row + 1).height = height;
  for (const row of plan.breaks) sheet.getRow(row).addPageBreak();
  const { margins } = PAGE;
  sheet.pageSetup.margins = { left: margins.left / INCH, right: margins.right / INCH, top: margins.top / INCH, bottom: margins.bottom / INCH, header: 0.3, footer: 0.3 };
  sheet.headerFooter.oddFooter = `&C&"${plan.font.name},Regular"&${plan.font.size}Trang &P/&N`;
}

/** Rows `from` to `to` (numbered from 1) of a signed sheet's table, formatted cell by cell (formatSigned). */
function formatSignedRows(sheet: ExcelJS.Worksheet, t: SummaryTable, at: SheetLayout, plan: PrintPlan, from: number, to: number): void {
  const font = { name: plan.font.name, size: plan.font.size };
  for (let r = from - 1; r < to; r++) {
    for (let c = 0; c < t.headers.length; c++) {
      const cell = sheet.getCell(r + 1, c + 1);
      const header = r === at.header;
      const figure = typeof cell.value === 'number';
      cell.font = { ...font, bold: header || (at.footer !== null && r === at.footer) };
      cell.border = BOX;
      cell.alignment = { wrapText: true, vertical: header ? 'middle' : 'top', horizontal: header ? 'center' : figure ? 'right' : 'left' };
      if (header) cell.fill = HEADER_FILL;
    }
  }
}

/**
 * The table's rows, made a slice at a time as they are written (write-xlsx's SheetBody): their
 * values, a working sheet's row heights, a signed sheet's formatting, the flagged cells' fill and note.
 */
function tableBody(sheet: ExcelJS.Worksheet, t: SummaryTable, at: SheetLayout, rows: SheetValue[][]): SheetBody {
  const first = at.firstRow + 1; // ExcelJS counts rows from 1
  const flags = [...t.flags].sort((a, b) => a.row - b.row);
  let nextFlag = 0;
  return {
    first,
    last: first + rows.length - 1,
    fill(from, to) {
      for (let n = from; n <= to; n++) {
        const values = rows[n - first]!;
        const row = sheet.getRow(n);
        // As ExcelJS's addTable writes a row (lib/doc/table.js `store`): each value into its cell, in order.
        values.forEach((value, c) => {
          row.getCell(c + 1).value = value;
        });
        // Row heights from the longest wrapped cell: not every spreadsheet program re-fits them on opening.
        if (!at.print) row.height = Math.min(409, 15 * Math.max(1, ...values.map((value, c) => (typeof value === 'string' ? Math.ceil((value.length * 1.1) / (t.widths[c] ?? 10)) : 1))));
      }
      if (at.print) formatSignedRows(sheet, t, at, at.print, from, to);
      // The slices come in order: the flags of rows before this one were placed with theirs.
      for (; nextFlag < flags.length && flags[nextFlag]!.row + first <= to; nextFlag++) {
        const flag = flags[nextFlag]!;
        const cell = sheet.getCell(first + flag.row, flag.column + 1);
        cell.fill = FLAG_FILL;
        if (flag.reason) cell.note = flag.reason;
      }
    },
  };
}

/** The summary workbook's bytes, streamed as its parts are written, each sheet made only when its turn comes (write-xlsx.ts). */
export function summaryWorkbook(round: Round, summary: Summary, made: Date = new Date()): Readable {
  const workbook = new Workbook();
  workbook.creator = SUMMARY_MARK.creator;
  workbook.lastModifiedBy = SUMMARY_MARK.creator;
  workbook.title = `${SUMMARY_MARK.titlePrefix}${round.name}`;
  const tables = summaryTables(round, summary, made);
  const sheets = tables.map((t): SheetMaker => (scratch) => {
    const at = sheetLayout(t);
    const header = at.header + 1; // ExcelJS counts rows from 1
    const plan = at.print;
    const sheet = scratch.addWorksheet(t.sheet, {
      views: [{ state: 'frozen', ySplit: header }],
      // Excel's paper codes: 8 is A3, 9 is A4 (ExcelJS's PaperSize type lacks A3). A signed sheet prints at its plan's scale;
      // a working sheet at its own size, page after page (fitting 25 columns on one page printed them at 4.5 pt).
      pageSetup: plan
        ? { orientation: 'landscape', paperSize: 9 as ExcelJS.PaperSize, fitToPage: false, scale: plan.scale, printTitlesRow: `${header}:${header}` }
        : { orientation: 'landscape', paperSize: (t.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize, fitToPage: false, printTitlesRow: `${header}:${header}` },
    });
    const rows = displayRows(t);
    addTableOfBody(sheet, {
      name: t.table,
      ref: `A${header}`,
      headerRow: true,
      style: { theme: plan ? undefined : 'TableStyleMedium2', showRowStripes: !plan },
      columns: t.headers.map((name) => ({ name, filterButton: true })),
      rows,
    });
    t.widths.forEach((width, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = width;
      column.alignment = { wrapText: true, vertical: 'top' };
    });
    for (const column of t.money ?? []) sheet.getColumn(column + 1).numFmt = MONEY_FORMAT;
    for (const { column, text } of t.notes ?? []) sheet.getCell(header, column + 1).note = text;
    if (t.footer && at.footer !== null) {
      const footer = sheet.getRow(at.footer + 1);
      footer.values = t.footer;
      footer.font = { bold: true };
    }
    if (plan) formatSigned(sheet, t, at, plan);
    placeTexts(sheet, t, at);
    return tableBody(sheet, t, at, rows);
  });
  return writeXlsx(workbook, combined(chartEditor(tables), propertiesEditor(SUMMARY_MARK.creator)), made, sheets);
}
