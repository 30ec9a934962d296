/**
 * The officer's own workbook back with its findings on the cells: each problem cell filled as the
 * add-in fills it and given a note with the findings. Written with ExcelJS into a copy; nothing
 * else in the workbook is touched. Runs in a reader thread (the file is untrusted), after the
 * same zip guard as reading.
 */
import type ExcelJS from 'exceljs';
import { Workbook } from './exceljs';
import { cellMarks, fillOf, LEGEND_SHEET, legendRows, noteText } from '../../core/reader/cell-marks';
import { vietnameseDate } from '../../core/rounds/submission';
import { fileMessages } from '../../core/messages';
import type { Issue } from '../../core/types';
import { checkXlsxBytes, LIMITS, placeable, UnreadableFileError } from './zip-guard';
import { loadParts } from './read-xlsx';
import { collect, propertiesEditor, writeXlsx } from './write-xlsx';

/** A note's plain text, whichever form ExcelJS gives it in. */
function noteOf(note: ExcelJS.Cell['note']): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/**
 * A copy of `bytes` with `issues` marked on `sheetName` and a legend sheet saying what the marks
 * mean; throws UnreadableFileError for a file that cannot be opened. `by`: who checked it, for the
 * file's properties (never "Unknown" or "Author").
 */
export async function markedCopy(bytes: Buffer, sheetName: string, issues: ReadonlyArray<Issue>, limits = LIMITS, by = 'Phụ lục', now = new Date()): Promise<Buffer> {
  // Whole (nothing stripped, unlike reading), but with every cell placeable, as the check read it.
  const parts = placeable(checkXlsxBytes(bytes, limits));
  const workbook = new Workbook();
  try {
    await loadParts(workbook, parts);
  } catch {
    throw new UnreadableFileError(fileMessages.corrupt());
  }
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new UnreadableFileError(fileMessages.corrupt());
  for (const [address, mark] of cellMarks(issues)) {
    const cell = sheet.getCell(address);
    const argb = `FF${fillOf(mark.severity).slice(1)}`;
    // A style of its own: ExcelJS shares one style object among the cells that had the same
    // format in the file, and setting `cell.fill` would fill them all.
    // The border tells an error from a warning where colour does not (a black-and-white print).
    const edge = mark.severity === 'error' ? { style: 'medium' as const, color: { argb: 'FFC00000' } } : { style: 'dashed' as const, color: { argb: 'FF7F6000' } };
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } }, border: { top: edge, left: edge, bottom: edge, right: edge } };
    // A note someone already wrote stays, with ours after it.
    const before = noteOf(cell.note);
    cell.note = before ? `${before}\n\n${noteText(mark)}` : noteText(mark);
  }
  const legend = workbook.getWorksheet(LEGEND_SHEET) ?? workbook.addWorksheet(LEGEND_SHEET);
  legend.spliceRows(1, legend.rowCount);
  legendRows(issues, sheetName, vietnameseDate(now.toISOString())).forEach((row, i) => (legend.getRow(i + 1).values = row));
  for (const r of [1, 4, 8]) legend.getRow(r).font = { bold: true };
  legend.getColumn(1).width = 22;
  legend.getColumn(2).width = 90;
  legend.getCell('A5').style = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fillOf('error').slice(1)}` } }, border: { top: { style: 'medium' }, left: { style: 'medium' }, bottom: { style: 'medium' }, right: { style: 'medium' } } };
  legend.getCell('A6').style = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fillOf('warning').slice(1)}` } }, border: { top: { style: 'dashed' }, left: { style: 'dashed' }, bottom: { style: 'dashed' }, right: { style: 'dashed' } } };
  // The file's properties in Vietnamese: who checked it, never a program's placeholder.
  workbook.lastModifiedBy = by;
  workbook.modified = now;
  return collect(writeXlsx(workbook, propertiesEditor(by)));
}
