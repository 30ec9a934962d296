/**
 * The summary workbook with ExcelJS: one sheet per table of core/summary-sheets, each an Excel
 * table (sortable, filterable), header frozen, flagged cells coloured with a note saying why,
 * money with thousands separators, a note on each technical column's header, printable landscape
 * and one page wide.
 */
import ExcelJS from 'exceljs';
import type { Summary } from '../../core/consolidate';
import type { Round } from '../../core/round';
import { displayRows, MONEY_FORMAT, summaryTables } from '../../core/summary-sheets';

const FLAG_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE0B2' } };

/** How a summary workbook is marked (its document properties), so the reader knows it is not a report. */
export const SUMMARY_MARK = { creator: 'Phụ lục', titlePrefix: 'Tổng hợp: ' };

export async function summaryWorkbook(round: Round, summary: Summary): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = SUMMARY_MARK.creator;
  workbook.title = `${SUMMARY_MARK.titlePrefix}${round.name}`;
  for (const t of summaryTables(round, summary)) {
    const sheet = workbook.addWorksheet(t.sheet, {
      views: [{ state: 'frozen', ySplit: 1 }],
      // Excel's paper codes: 8 is A3, 9 is A4 (ExcelJS's PaperSize type lacks A3).
      pageSetup: { orientation: 'landscape', paperSize: (t.paper === 'A3' ? 8 : 9) as ExcelJS.PaperSize, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    });
    const rows = displayRows(t);
    sheet.addTable({
      name: t.table,
      ref: 'A1',
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
      sheet.getRow(r + 2).height = Math.min(409, 15 * lines);
    });
    for (const column of t.money ?? []) sheet.getColumn(column + 1).numFmt = MONEY_FORMAT;
    for (const { column, text } of t.notes ?? []) sheet.getCell(1, column + 1).note = text;
    for (const flag of t.flags) {
      const cell = sheet.getCell(flag.row + 2, flag.column + 1);
      cell.fill = FLAG_FILL;
      cell.note = flag.reason;
    }
    if (t.footer) {
      const footer = sheet.getRow(rows.length + 2);
      footer.values = t.footer;
      footer.font = { bold: true };
    }
  }
  // Fastest deflate: a summary is written often and read once; level 1 costs a little size, not legibility.
  return Buffer.from(await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } }));
}
