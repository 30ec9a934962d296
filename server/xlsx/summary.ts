/**
 * The summary workbook with ExcelJS: one sheet per table of core/summary-sheets, each with its
 * title block above and, where a council signs, its signature block below (placed by
 * `sheetLayout`, as the add-in places them), the table an Excel table (sortable, filterable),
 * header frozen, flagged cells coloured with a note saying why, money with thousands separators,
 * a note on each technical column's header, printable landscape, one page wide, header repeated,
 * and a native bar chart beside the tables that have one (charts.ts).
 */
import type ExcelJS from 'exceljs';
import { Workbook } from './exceljs';
import type { Summary } from '../../core/consolidate';
import type { Round } from '../../core/round';
import { displayRows, MONEY_FORMAT, sheetLayout, summaryTables } from '../../core/summary-sheets';
import { chartEditor } from './charts';
import { writeXlsx } from './write-xlsx';
import { SUMMARY_MARK } from './summary-mark';
import type { Readable } from 'node:stream';

const FLAG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };


/** Title and signature lines overflow into the empty cells beside them rather than wrap in a narrow column. */
const LINE: Partial<ExcelJS.Alignment> = { wrapText: false, vertical: 'middle' };

/** The summary workbook's bytes, streamed as its parts are written (write-xlsx.ts). */
export function summaryWorkbook(round: Round, summary: Summary, made: Date = new Date()): Readable {
  const workbook = new Workbook();
  workbook.creator = SUMMARY_MARK.creator;
  workbook.title = `${SUMMARY_MARK.titlePrefix}${round.name}`;
  const tables = summaryTables(round, summary, made);
  for (const t of tables) {
    const at = sheetLayout(t);
    const header = at.header + 1; // ExcelJS counts rows from 1
    const sheet = workbook.addWorksheet(t.sheet, {
      views: [{ state: 'frozen', ySplit: header }],
      // Excel's paper codes: 8 is A3, 9 is A4 (ExcelJS's PaperSize type lacks A3).
      pageSetup: { orientation: 'landscape', paperSize: (t.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${header}:${header}` },
    });
    const rows = displayRows(t);
    sheet.addTable({
      name: t.table,
      ref: `A${header}`,
      headerRow: true,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: t.headers.map((name) => ({ name, filterButton: true })),
      rows,
    });
    t.widths.forEach((width, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = width;
      column.alignment = { wrapText: true, vertical: 'top' };
    });
    // Row heights from the longest wrapped cell: not every spreadsheet program re-fits them on opening.
    rows.forEach((row, r) => {
      const lines = Math.max(1, ...row.map((value, c) => (typeof value === 'string' ? Math.ceil((value.length * 1.1) / (t.widths[c] ?? 10)) : 1)));
      sheet.getRow(at.firstRow + r + 1).height = Math.min(409, 15 * lines);
    });
    for (const column of t.money ?? []) sheet.getColumn(column + 1).numFmt = MONEY_FORMAT;
    for (const { column, text } of t.notes ?? []) sheet.getCell(header, column + 1).note = text;
    for (const flag of t.flags) {
      const cell = sheet.getCell(at.firstRow + flag.row + 1, flag.column + 1);
      cell.fill = FLAG_FILL;
      cell.note = flag.reason;
    }
    if (t.footer && at.footer !== null) {
      const footer = sheet.getRow(at.footer + 1);
      footer.values = t.footer;
      footer.font = { bold: true };
    }
    t.title.forEach((line, i) => {
      const cell = sheet.getCell(i + 1, 1);
      cell.value = line;
      cell.alignment = LINE;
      // The organiser and the sheet's heading stand out, as on a printed administrative document.
      cell.font = i === 1 ? { bold: true, size: 14 } : i === 0 ? { bold: true } : { italic: i === t.title.length - 1 };
    });
    for (const { row, column, text, style } of at.signatureCells) {
      const cell = sheet.getCell(row + 1, column + 1);
      cell.value = text;
      cell.alignment = LINE;
      cell.font = style === 'bold' ? { bold: true } : { italic: true };
    }
  }
  return writeXlsx(workbook, chartEditor(tables), made);
}
