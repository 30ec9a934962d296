/**
 * The reviewer's "Phiếu chấm" sheet in the open workbook: built (or rebuilt, keeping what was
 * typed) from core/judging/score-sheet's rows, read back, one row written when the rubric card saves, and
 * the user's own edits watched. A fixed number of syncs whatever the number of entries: building
 * takes four (is there a sheet, its size and first rows, what it holds, write), reading three
 * (rows in blocks of about 3 MB, so more for a city's round), saving a row one.
 */
import type { Criterion } from '../../core/rounds/round';
import { readScoreSheet, SCORE_SHEET, scoreSheetFormats, totalFormula, type ScoreSheetLayout, type ScoreSheetRow, type ScoreValues } from '../../core/judging/score-sheet';
import { columnLetter } from '../../core/reader/layout';
import type { Grid } from '../../core/types';
import { rowBlocks } from './batches';
import { loadRows, rowsPerSync } from './read-rows';
import { setValuesAsText } from './text-cells';
import { excelRun } from './run';

const HEADER_FILL = '#DDEBF7';
/** Rows read first to tell how big a row is. */
const SAMPLE_ROWS = 20;
const WIDTHS = { text: 40, long: 70, point: 14, comment: 40 };

/** The rows the sheet holds now (empty when there is no score sheet). */
async function currentRows(context: Excel.RequestContext, layout: ScoreSheetLayout, criteria: ReadonlyArray<Criterion>): Promise<ScoreSheetRow[] | null> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(SCORE_SHEET);
  await context.sync();
  if (sheet.isNullObject) return null;
  // By bytes, not the whole used range at once: a city's round holds megabytes of descriptions.
  const used = sheet.getUsedRangeOrNullObject(true).load('rowIndex,rowCount');
  const sample = sheet.getRangeByIndexes(0, 0, SAMPLE_ROWS, layout.headers.length).load('values');
  await context.sync();
  if (used.isNullObject) return [];
  const rows = used.rowIndex + used.rowCount;
  const grid = await loadRows(context, sheet, rows, layout.headers.length, rowsPerSync(sample.values as Grid, layout.headers.length));
  return readScoreSheet(layout, grid, criteria);
}

/**
 * (Re)builds the score sheet with `rows` (from scoreSheetRows, which already merged what the sheet
 * held). Resolves with the number of rows written.
 */
export async function buildScoreSheet(layout: ScoreSheetLayout, criteria: ReadonlyArray<Criterion>, rowsFor: (typed: Map<string, ScoreValues>) => Array<Array<string | number>>): Promise<number> {
  return excelRun(async (context) => {
    const existing = await currentRows(context, layout, criteria);
    const typed = new Map((existing ?? []).map((r) => [r.entryId, { points: r.points, comment: r.comment }]));
    const rows = rowsFor(typed);

    const sheets = context.workbook.worksheets;
    const sheet = existing === null ? sheets.add(SCORE_SHEET) : sheets.getItem(SCORE_SHEET);
    if (existing !== null) {
      const all = sheet.getRange();
      all.dataValidation.clear();
      all.clear();
    }
    const width = layout.headers.length;
    const header = sheet.getRangeByIndexes(0, 0, 1, width);
    setValuesAsText(header, [layout.headers]);
    header.format.font.bold = true;
    header.format.fill.color = HEADER_FILL;
    header.format.wrapText = true;
    header.format.verticalAlignment = 'Center';

    const count = Math.max(rows.length, 1);
    // Text stays text (an STT of "=HYPERLINK(…)", "-" or "1.1", a title like "3/2"); points are numbers.
    const formats = scoreSheetFormats(layout);
    sheet.getRangeByIndexes(1, 0, count, width).numberFormat = Array.from({ length: count }, () => formats);
    // Values in blocks under Excel on the web's payload limit; the Tổng column is a formula.
    let next = 1;
    const blocks = rowBlocks(rows);
    for (const [i, block] of blocks.entries()) {
      sheet.getRangeByIndexes(next, 0, block.length, width).values = block;
      next += block.length;
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~4 MB of rows, not per row
      if (i < blocks.length - 1) await context.sync();
    }
    if (rows.length > 0) sheet.getRangeByIndexes(1, layout.total, rows.length, 1).formulas = rows.map((_, i) => [totalFormula(layout, i + 2)]);

    for (const c of layout.criteria) {
      const criterion = criteria.find((x) => x.key === c.key)!;
      const cells = sheet.getRangeByIndexes(1, c.column, count, 1);
      cells.dataValidation.rule = { decimal: { formula1: 0, formula2: c.max, operator: Excel.DataValidationOperator.between } };
      cells.dataValidation.errorAlert = {
        showAlert: true,
        style: Excel.DataValidationAlertStyle.stop,
        title: 'Điểm không hợp lệ',
        message: `Điểm “${criterion.label}” phải là số từ 0 đến ${c.max}.`,
      };
      sheet.getRangeByIndexes(0, c.column, 1, 1).format.columnWidth = WIDTHS.point * 6;
    }
    [WIDTHS.text / 4, WIDTHS.text / 2, WIDTHS.text, WIDTHS.text / 2, WIDTHS.long, WIDTHS.long, WIDTHS.long, WIDTHS.long].forEach((w, column) => {
      sheet.getRangeByIndexes(0, column, 1, 1).format.columnWidth = w * 6;
    });
    sheet.getRangeByIndexes(0, layout.comment, 1, 1).format.columnWidth = WIDTHS.comment * 6;
    const body = sheet.getRangeByIndexes(1, 0, count, width);
    body.format.wrapText = true;
    body.format.verticalAlignment = 'Top';
    body.format.autofitRows(); // rows as tall as their wrapped text
    sheet.getRangeByIndexes(0, layout.id, 1, 1).columnHidden = true;
    // The header and the columns saying which entry it is stay in view.
    sheet.freezePanes.freezeAt(sheet.getRange('A1:C1'));
    sheet.activate();
    await context.sync();
    return rows.length;
  });
}

/** The score sheet's rows as typed (null: the workbook has no score sheet). */
export async function readScoreSheetRows(layout: ScoreSheetLayout, criteria: ReadonlyArray<Criterion>): Promise<ScoreSheetRow[] | null> {
  return excelRun((context) => currentRows(context, layout, criteria));
}

/** Writes one entry's points and comment into its row (the rubric card's Lưu): one sync. */
export async function writeScoreRow(layout: ScoreSheetLayout, row: number, values: ScoreValues): Promise<void> {
  await excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItem(SCORE_SHEET);
    const first = layout.criteria[0]!.column;
    sheet.getRangeByIndexes(row - 1, first, 1, layout.criteria.length).values = [layout.criteria.map((c) => values.points[c.key] ?? '')];
    setValuesAsText(sheet.getRange(`${columnLetter(layout.comment)}${row}`), [[values.comment]]);
    await context.sync();
  });
}

/**
 * Calls `onEdit` with the address of each edit made on the score sheet, the add-in's own aside
 * where the host tells them apart (older hosts call it for those too: the pane collects one at a
 * time, so that costs a re-read, never two at once). Excel fires onChanged for typing; pastes and
 * multi-cell edits come as one range, and a dropdown pick on the
 * web fires nothing, which is why the pane also re-reads the whole sheet before every sync).
 * Resolves with a function that stops watching; null when there is no score sheet.
 */
export async function watchScoreSheet(onEdit: (address: string) => void): Promise<(() => Promise<void>) | null> {
  return excelRun(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(SCORE_SHEET);
    await context.sync();
    if (sheet.isNullObject) return null;
    // onChanged fires for the add-in's own writes too; from ExcelApi 1.14 the event says so.
    const knowsSource = Office.context.requirements.isSetSupported('ExcelApi', '1.14');
    const handler = sheet.onChanged.add(async (event) => {
      if (knowsSource && event.triggerSource === 'ThisLocalAddin') return;
      onEdit(event.address);
    });
    await context.sync();
    return async () => {
      await Excel.run(handler.context, async (ctx) => {
        handler.remove();
        await ctx.sync();
      });
    };
  });
}

/**
 * Whose score sheet this is: the account that built it, kept in the workbook's own settings
 * (Office.context.document.settings, saved with the file). On a shared PC another reviewer's pane
 * must not send the points someone else typed in it as their own.
 */
const OWNER_KEY = 'phuluc.scoreSheetOwner';

/** The account id that built the workbook's score sheet, or null (none recorded). */
export function readScoreSheetOwner(): string | null {
  const value: unknown = Office.context.document.settings.get(OWNER_KEY);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Records `owner` as the score sheet's; a host that cannot save the settings keeps it for this session. */
export async function saveScoreSheetOwner(owner: string): Promise<void> {
  Office.context.document.settings.set(OWNER_KEY, owner);
  await new Promise<void>((resolve) => Office.context.document.settings.saveAsync(() => resolve()));
}
