/**
 * "Chèn mẫu": writes core's template sheet into the open workbook. Two syncs whatever the size:
 * one to see what exists, one that writes everything.
 */
import { FIELD_LIST_SHEET, type TemplateSheet } from '../../core/reader/template-sheet';
import { columnLetter } from '../../core/reader/layout';
import { setValuesAsText } from './text-cells';
import { excelRun } from './run';

/** Column widths in points-ish characters (Excel's columnWidth is in points). */
const WIDTHS: Record<string, number> = { stt: 35, unit: 110, title: 170, field: 150, description: 380, note: 90, authors: 120, phone: 90, category: 80 };
const HEADER_FILL = '#DDEBF7';
/** Rows below the template that keep the Lĩnh vực dropdown, so rows the officer adds have it too. */
const DROPDOWN_ROWS = 500;

export type InsertResult = { inserted: true; sheet: string } | { inserted: false; reason: 'exists'; sheet: string };

export async function insertTemplate(layout: TemplateSheet): Promise<InsertResult> {
  return excelRun(async (context) => {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(layout.sheet);
    const list = sheets.getItemOrNullObject(FIELD_LIST_SHEET);
    await context.sync();
    if (!existing.isNullObject) return { inserted: false, reason: 'exists', sheet: layout.sheet };

    // The field list lives on a hidden sheet: an inline list over 255 characters breaks Excel.
    const listSheet = list.isNullObject ? sheets.add(FIELD_LIST_SHEET) : list;
    listSheet.getRange('A:A').clear();
    setValuesAsText(listSheet.getRangeByIndexes(0, 0, layout.fields.length, 1), layout.fields.map((f) => [f]));
    listSheet.visibility = Excel.SheetVisibility.veryHidden;

    const sheet = sheets.add(layout.sheet);
    const width = layout.grid[0]?.length ?? 1;
    // The rows officers type into are text too, so "- Thực trạng: …" typed later stays text; STT stays General.
    const stt = layout.columns.findIndex((c) => c.key === 'stt');
    sheet.getRangeByIndexes(layout.firstDataRow, 0, DROPDOWN_ROWS, width).numberFormat = Array.from({ length: DROPDOWN_ROWS }, () =>
      Array.from({ length: width }, (_, c) => (c === stt ? 'General' : '@')),
    );
    // The "- Thực trạng:" skeleton starts with "-": written as text, never parsed as a formula.
    setValuesAsText(sheet.getRangeByIndexes(0, 0, layout.grid.length, width), layout.grid);
    for (const address of layout.merges) sheet.getRange(address).merge(false);

    const title = sheet.getRangeByIndexes(0, 0, layout.headerRow, width);
    title.format.font.bold = true;
    title.format.horizontalAlignment = 'Center';
    const header = sheet.getRangeByIndexes(layout.headerRow, 0, 1, width);
    header.format.font.bold = true;
    header.format.fill.color = HEADER_FILL;
    header.format.wrapText = true;
    header.format.verticalAlignment = 'Center';
    header.format.horizontalAlignment = 'Center';

    layout.columns.forEach((column, index) => {
      sheet.getRangeByIndexes(0, index, 1, 1).format.columnWidth = WIDTHS[column.key] ?? 100;
    });
    const body = sheet.getRangeByIndexes(layout.firstDataRow, 0, DROPDOWN_ROWS, width);
    body.format.wrapText = true;
    body.format.verticalAlignment = 'Top';
    // Wrapped text shows whole only in rows as tall as it: Excel does not grow rows written by an add-in.
    sheet.getRangeByIndexes(0, 0, layout.grid.length, width).format.autofitRows();

    const field = layout.columns.findIndex((c) => c.key === 'field');
    const dropdown = sheet.getRangeByIndexes(layout.firstDataRow, field, DROPDOWN_ROWS, 1);
    dropdown.dataValidation.rule = { list: { inCellDropDown: true, source: `='${FIELD_LIST_SHEET}'!$A$1:$A$${layout.fields.length}` } };
    dropdown.dataValidation.errorAlert = {
      showAlert: true,
      style: Excel.DataValidationAlertStyle.warning,
      title: 'Lĩnh vực',
      message: 'Lĩnh vực này không có trong danh sách của đợt báo cáo. Hãy chọn một lĩnh vực trong danh sách.',
    };

    sheet.getRangeByIndexes(0, layout.idColumn, 1, 1).columnHidden = true;
    sheet.freezePanes.freezeRows(layout.headerRow + 1);
    // Print settings are ExcelApi 1.9; the manifest asks for 1.8, so older hosts print with their defaults.
    if (Office.context.requirements.isSetSupported('ExcelApi', '1.9')) {
      sheet.pageLayout.orientation = Excel.PageOrientation.landscape;
      sheet.pageLayout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
      sheet.pageLayout.setPrintTitleRows(`$${layout.headerRow + 1}:$${layout.headerRow + 1}`);
    }
    sheet.activate();
    const titleColumn = layout.columns.findIndex((c) => c.key === 'title');
    sheet.getRange(`${columnLetter(titleColumn)}${layout.firstDataRow + 1}`).select();
    await context.sync();
    return { inserted: true, sheet: layout.sheet };
  });
}
