/**
 * An ExcelJS worksheet → the grid Office.js `range.values` gives, so one reader serves the add-in,
 * the server and the command line: merged cells keep their value in the top-left cell only, rich
 * text is flattened, a formula gives its cached result, a date its ISO text, a hyperlink its text.
 */
import type ExcelJS from 'exceljs';
import { ValueType } from './exceljs';
import { dateToSerial, serialToIso } from '../../core/dates';
import type { CellValue, Grid, MergedArea } from '../../core/types';


/** A cell's value as plain text, number or boolean. */
export function plainValue(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    // The add-in's conversion, from the serial. A date-formatted cell holding no date (a phone
    // number past year 9999) is its number; one ExcelJS could not make a Date of at all is empty.
    const serial = dateToSerial(value);
    return serialToIso(serial) ?? (Number.isFinite(serial) ? serial : '');
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run) => run.text ?? '').join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined ? '' : plainValue(result as ExcelJS.CellValue);
    }
    if ('hyperlink' in value) return plainValue((value as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return '';
}

export interface SheetGrid {
  grid: Grid;
  /** Merged areas, 0-based, as the grid's rows and columns (the reader carries their value down). */
  merges: MergedArea[];
  /** True when the sheet had rows or columns beyond the limits, which were left out. */
  truncated: boolean;
  /** Rows the sheet hides, 0-based: by hand, or filtered out (Excel writes a filtered row hidden, ECMA-376 §18.3.1.73 `hidden`). */
  hiddenRows: number[];
}

/**
 * The grid holds only the rows and cells that exist: a row without cells is a hole, a row is as
 * long as its last cell. Memory follows the cells in the file, not the dimensions it declares (a
 * sheet with a value in A1 and one in BH50000 is two cells, not three million).
 */
export function worksheetGrid(sheet: ExcelJS.Worksheet, limits: { rows: number; columns: number }): SheetGrid {
  const grid: Grid = [];
  const hiddenRows: number[] = [];
  let truncated = false;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber > limits.rows) {
      truncated = true;
      return;
    }
    if (row.hidden) hiddenRows.push(rowNumber - 1);
    const target: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      if (columnNumber > limits.columns) {
        truncated = true;
        return;
      }
      // A merged cell other than the top-left one reads as empty, as in Office.js.
      const value = cell.type === ValueType.Merge ? '' : plainValue(cell.value);
      if (value === '') return;
      while (target.length < columnNumber - 1) target.push('');
      target[columnNumber - 1] = value;
    });
    if (target.length > 0) grid[rowNumber - 1] = target;
  });
  const merges: MergedArea[] = [];
  // ExcelJS keeps a sheet's merges as ranges by their master cell (1-based).
  const ranges = (sheet as unknown as { _merges: Record<string, { top: number; left: number; bottom: number; right: number }> })._merges;
  for (const m of Object.values(ranges ?? {})) {
    if (m.top > limits.rows || m.left > limits.columns) continue;
    merges.push({ top: m.top - 1, left: m.left - 1, bottom: Math.min(m.bottom, limits.rows) - 1, right: Math.min(m.right, limits.columns) - 1 });
  }
  return { grid, truncated, merges, hiddenRows };
}
