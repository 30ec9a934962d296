/**
 * Writing the summary sheets into the open workbook (the add-in's door to the consolidation),
 * placed by core's `sheetLayout` as the server's workbook is: title block, table, footer, signatures,
 * and a native chart beside the tables that have one (Worksheet.charts, ExcelApi 1.1).
 * Values go in blocks of rows whose payload stays under a byte budget (Excel on the web refuses a
 * sync over 5 MB), one sync per block: the number of syncs follows the bytes, never the rows.
 * Formatting follows, and the fills of flagged cells (one command each) are cut by the same
 * budget: a city's summary flags thousands of cells.
 */
import { chartPlacement, displayRows, MONEY_FORMAT, sheetLayout, type SheetValue, type SummaryTable } from '../../core/summary-sheets';
import { columnLetter } from '../../core/layout';
import { MAX_SYNC_BYTES } from './batches';
import { setValuesAsText, textRowBlocks } from './text-cells';
import { excelRun } from './run';

const FLAG_COLOUR = '#FFE0B2';
/**
 * What one flagged cell's fill adds to a request, estimated high: Office.js sends the object
 * paths of the cell, its format and its fill, and the property set, each with its ids.
 */
const FLAG_BYTES = 600;

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
      t.title.forEach((line, r) => setValuesAsText(sheet.getRangeByIndexes(r, 0, 1, 1), [[line]]));
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
      for (const cell of at.signatureCells) setValuesAsText(sheet.getRangeByIndexes(cell.row, cell.column, 1, 1), [[cell.text]]);
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
      sheet.getRangeByIndexes(at.header, 0, last + 1, t.headers.length).format.autofitRows(); // rows as tall as their wrapped text
      // The organiser and the sheet's heading stand out; the signature block's roles too.
      sheet.getRangeByIndexes(0, 0, 2, 1).format.font.bold = true;
      for (const cell of at.signatureCells) sheet.getRangeByIndexes(cell.row, cell.column, 1, 1).format.font[cell.style === 'bold' ? 'bold' : 'italic'] = true;
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
        sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
        sheet.pageLayout.setPrintTitleRows(`$${at.header + 1}:$${at.header + 1}`); // the header on every printed page
      }
    }
    created[0]?.activate();
    await sync();
    return syncs;
  });
}
