/**
 * Writing the summary sheets into the open workbook (the add-in's door to the consolidation),
 * placed by core's `sheetLayout` as the server's workbook is: title block, table, footer, signatures,
 * and a native chart beside the tables that have one (Worksheet.charts, ExcelApi 1.1).
 * Values go in blocks of rows whose payload stays under a byte budget (Excel on the web refuses a
 * sync over 5 MB), one sync per block: the number of syncs follows the bytes, never the rows.
 * Formatting follows, and the fills of flagged cells (one command each) are cut by the same
 * budget: a city's summary flags thousands of cells.
 */
import { chartPlacement, displayRows, MONEY_FORMAT, ruleColumn, sheetLayout, type SheetLayout, type SheetValue, type SummaryTable } from '../../core/consolidation/sheet-layout';
import { PAGE, type PrintPlan } from '../../core/consolidation/sheet-print';
import { columnLetter } from '../../core/reader/layout';
import { MAX_SYNC_BYTES } from './batches';
import { setValuesAsText, textRowBlocks } from './text-cells';
import { excelRun } from './run';

const FLAG_COLOUR = '#FFE0B2';
const HEADER_COLOUR = '#D9D9D9';
/**
 * What one flagged cell's fill adds to a request, estimated high: Office.js sends the object
 * paths of the cell, its format and its fill, and the property set, each with its ids.
 */
const FLAG_BYTES = 600;

/** What setting one row's height or one range's format property adds to a request, estimated high. */
const FORMAT_BYTES = 400;
const MM = 72 / 25.4;

/** The lines outside the table, merged over their span (Range.merge, ExcelApi 1.2), each styled, with the decree's short rule. */
function placeTexts(sheet: Excel.Worksheet, t: SummaryTable, at: SheetLayout): void {
  for (const x of at.texts) {
    const range = sheet.getRangeByIndexes(x.row, x.column, 1, x.span);
    if (x.span > 1) {
      range.merge(false);
      range.format.wrapText = true;
      range.format.horizontalAlignment = x.align === 'center' ? 'Center' : 'Left';
    } else range.format.wrapText = false;
    if (at.print) {
      range.format.font.name = at.print.font.name;
      range.format.font.size = at.print.font.size + (x.style === 'heading' ? 2 : 0);
    }
    if (x.style === 'bold' || x.style === 'heading') range.format.font.bold = true;
    if (x.style === 'italic') range.format.font.italic = true;
    if (x.rule === 'underline') range.format.font.underline = 'Single';
    if (x.rule === 'short') sheet.getRangeByIndexes(x.row + 1, ruleColumn(t.widths, x.column, x.span), 1, 1).format.borders.getItem('EdgeTop').style = 'Continuous';
  }
}

/**
 * A sheet the council signs, formatted cell by cell (as the server's workbook is): the plan's font,
 * a bold grey header, thin borders inside and out, each row at the plan's height. Returns the
 * bytes it queued.
 */
function formatSigned(sheet: Excel.Worksheet, t: SummaryTable, at: SheetLayout, plan: PrintPlan): number {
  const rows = displayRows(t).length + (t.footer ? 1 : 0) + 1;
  const table = sheet.getRangeByIndexes(at.header, 0, rows, t.headers.length);
  table.format.font.name = plan.font.name;
  table.format.font.size = plan.font.size;
  for (const side of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const) table.format.borders.getItem(side).style = 'Continuous';
  const header = sheet.getRangeByIndexes(at.header, 0, 1, t.headers.length);
  header.format.fill.color = HEADER_COLOUR;
  header.format.font.bold = true;
  header.format.horizontalAlignment = 'Center';
  if (at.footer !== null) sheet.getRangeByIndexes(at.footer, 0, 1, t.headers.length).format.font.bold = true;
  for (const [row, height] of plan.heights) sheet.getRangeByIndexes(row, 0, 1, 1).format.rowHeight = height;
  return plan.heights.size * FORMAT_BYTES;
}

export interface WriteProgress {
  rowsWritten: number;
  rowsTotal: number;
}

/** Excel cells take "" for empty, not null. */
const cellValues = (rows: SheetValue[][]) => rows.map((row) => row.map((v) => (v === null ? '' : v)));

/**
 * Replaces the summary sheets with fresh ones holding `tables`. Resolves with the number of
 * syncs it made; rethrows whatever Office.js throws.
 */
export async function writeSummarySheets(tables: ReadonlyArray<SummaryTable>, onProgress?: (p: WriteProgress) => void, maxBytes = MAX_SYNC_BYTES): Promise<number> {
  return excelRun(async (context) => {
    let syncs = 0;
    const sync = async () => {
      await context.sync();
      syncs++;
    };
    const sheets = context.workbook.worksheets;
    // Refresh means rebuild: the old summary sheets go, with whatever was typed in them.
    const old = tables.map((t) => sheets.getItemOrNullObject(t.sheet));
    await sync();
    old.forEach((sheet) => {
      if (!sheet.isNullObject) sheet.delete();
    });

    const rowsTotal = tables.reduce((n, t) => n + displayRows(t).length, 0);
    let rowsWritten = 0;
    const created = tables.map((t) => sheets.add(t.sheet));
    for (const [i, t] of tables.entries()) {
      const sheet = created[i] as Excel.Worksheet;
      const at = sheetLayout(t);
      setValuesAsText(sheet.getRangeByIndexes(at.header, 0, 1, t.headers.length), [t.headers]);
      let next = at.firstRow;
      for (const block of textRowBlocks(displayRows(t), maxBytes)) {
        // Officers' text ("- Người dân…", "+30%…") must never become a formula in the admin's workbook.
        setValuesAsText(sheet.getRangeByIndexes(next, 0, block.length, t.headers.length), cellValues(block));
        next += block.length;
        await sync();
        rowsWritten += block.length;
        onProgress?.({ rowsWritten, rowsTotal });
      }
      if (t.footer && at.footer !== null) setValuesAsText(sheet.getRangeByIndexes(at.footer, 0, 1, t.footer.length), cellValues([t.footer]));
      for (const x of at.texts) setValuesAsText(sheet.getRangeByIndexes(x.row, x.column, 1, 1), [[x.text]]);
    }

    let queued = 0;
    for (const [i, t] of tables.entries()) {
      const sheet = created[i] as Excel.Worksheet;
      const at = sheetLayout(t);
      const last = displayRows(t).length;
      const table = sheet.tables.add(sheet.getRangeByIndexes(at.header, 0, last + 1, t.headers.length), true);
      table.name = t.table;
      sheet.freezePanes.freezeRows(at.header + 1);
      t.widths.forEach((width, c) => {
        sheet.getRangeByIndexes(0, c, 1, 1).format.columnWidth = width * 7; // points, about 7 per character
        const column = sheet.getRangeByIndexes(at.header, c, last + 1, 1);
        column.format.wrapText = true;
        column.format.verticalAlignment = 'Top';
      });
      if (!at.print) sheet.getRangeByIndexes(at.header, 0, last + 1, t.headers.length).format.autofitRows(); // rows as tall as their wrapped text
      placeTexts(sheet, t, at);
      if (at.print) queued += formatSigned(sheet, t, at, at.print);
      // Money with thousands separators; what each technical column means, where notes exist (ExcelApi 1.18).
      for (const column of t.money ?? []) {
        const count = last + (t.footer ? 1 : 0);
        sheet.getRangeByIndexes(at.firstRow, column, count, 1).numberFormat = Array.from({ length: count }, () => [MONEY_FORMAT]);
      }
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.18')) for (const { column, text } of t.notes ?? []) sheet.notes.add(`${columnLetter(column)}${at.header + 1}`, text);
      for (const flag of t.flags) {
        sheet.getCell(at.firstRow + flag.row, flag.column).format.fill.color = FLAG_COLOUR;
        queued += FLAG_BYTES;
        if (queued >= maxBytes) {
          await sync();
          queued = 0;
        }
      }
      // A native bar chart beside the table, where it has one: the same place and data as the server's (charts.ts).
      const place = chartPlacement(t);
      if (place && t.chart) {
        const chart = sheet.charts.add('BarClustered', sheet.getRangeByIndexes(place.header, 0, place.values.rows + 1, 2), 'Columns');
        chart.title.text = t.chart.title;
        chart.legend.visible = false;
        chart.dataLabels.showValue = true;
        chart.setPosition(`${columnLetter(place.from.column)}${place.from.row + 1}`, `${columnLetter(place.to.column)}${place.to.row + 1}`);
      }
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.9')) {
        sheet.pageLayout.orientation = Excel.PageOrientation.landscape;
        sheet.pageLayout.setPrintTitleRows(`$${at.header + 1}:$${at.header + 1}`); // the header on every printed page
        if (at.print) {
          // The plan's page: the decree's margins, its scale, its page breaks, the page number in the footer.
          const layout = sheet.pageLayout;
          layout.paperSize = 'A4';
          layout.leftMargin = PAGE.margins.left * MM;
          layout.rightMargin = PAGE.margins.right * MM;
          layout.topMargin = PAGE.margins.top * MM;
          layout.bottomMargin = PAGE.margins.bottom * MM;
          layout.zoom = { scale: at.print.scale };
          layout.headersFooters.defaultForAllPages.centerFooter = `&"${at.print.font.name},Regular"&${at.print.font.size}Trang &P/&N`;
          for (const row of at.print.breaks) sheet.horizontalPageBreaks.add(`A${row + 1}`);
        }
      }
      if (queued >= maxBytes) {
        await sync();
        queued = 0;
      }
    }
    created[0]?.activate();
    await sync();
    return syncs;
  });
}
