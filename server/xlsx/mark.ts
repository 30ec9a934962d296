/**
 * The officer's own workbook back with its findings on the cells: each problem cell filled as the
 * add-in fills it and given a note with the findings. Written with ExcelJS into a copy; nothing
 * else in the workbook is touched. Runs in a reader thread (the file is untrusted), after the
 * same zip guard as reading.
 */
import type ExcelJS from 'exceljs';
import { Workbook } from './exceljs';
import { cellMarks, fillOf, noteText } from '../../core/cell-marks';
import { fileMessages } from '../../core/messages';
import type { Issue } from '../../core/types';
import { checkXlsxBytes, LIMITS, placeable, UnreadableFileError } from './zip-guard';
import { loadParts } from './read-xlsx';
import { AS_IS, collect, writeXlsx } from './write-xlsx';

/** A note's plain text, whichever form ExcelJS gives it in. */
function noteOf(note: ExcelJS.Cell['note']): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

/** A copy of `bytes` with `issues` marked on `sheetName`; throws UnreadableFileError for a file that cannot be opened. */
export async function markedCopy(bytes: Buffer, sheetName: string, issues: ReadonlyArray<Issue>, limits = LIMITS): Promise<Buffer> {
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
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } } };
    // A note someone already wrote stays, with ours after it.
    const before = noteOf(cell.note);
    cell.note = before ? `${before}\n\n${noteText(mark)}` : noteText(mark);
  }
  return collect(writeXlsx(workbook, AS_IS));
}
