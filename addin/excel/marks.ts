/**
 * Findings marked on the cells: a fill (and, where ExcelApi 1.18 gives notes, a note with the
 * message). The cells' previous fills are remembered in the document's settings, so the next
 * check (or "Xóa đánh dấu") puts them back, even after the workbook was closed and reopened.
 * Each mark is remembered by its entry (an anchor: the entry's id, or its title), not only by its
 * address: Excel moves fills and notes with their rows when the officer sorts or inserts rows,
 * so the mark is put back where its entry is now.
 * Syncs: one to list the sheets, two to restore earlier marks (when there are any), two to mark;
 * the same for 10 rows or 10,000. Commands go in batches of an estimated 4 MB (Excel on the web
 * refuses a request over 5 MB), so more syncs come only with more bytes, never per row.
 */
import { cellMarks, fillOf, NOTE_PREFIX, noteText } from '../../core/reader/cell-marks';
import { compareKey } from '../../core/text';
import type { Issue } from '../../core/types';
import { byBytes } from './batches';
import { excelRun } from './run';

export { ERROR_FILL, NOTE_PREFIX, WARNING_FILL } from '../../core/reader/cell-marks';
const SETTINGS_KEY = 'phuluc.marks';
/** Office.js's framing of one command, beyond its arguments. */
const BYTES_PER_COMMAND = 200;
const utf8 = new TextEncoder();

/** Each entry's anchor by its 1-based row, as the sheet is now. */
export type RowAnchors = ReadonlyMap<number, string>;

interface Mark {
  sheet: string;
  cell: string;
  /** The entry the marked cell belongs to, to find its row again after rows moved. */
  anchor?: string;
  /** The fill before marking; null for none. */
  fill: string | null;
  note: boolean;
}

function savedMarks(): Mark[] {
  const value: unknown = Office.context.document.settings.get(SETTINGS_KEY);
  return Array.isArray(value) ? (value as Mark[]) : [];
}

async function saveMarks(marks: Mark[]): Promise<void> {
  Office.context.document.settings.set(SETTINGS_KEY, marks);
  await new Promise<void>((resolve, reject) =>
    Office.context.document.settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Failed ? reject(result.error) : resolve())),
  );
}

/** Anchors for a report's rows: the server's id where the row has one, else the entry's title. */
export function reportAnchors(entries: ReadonlyArray<{ row: number; title: string }>, ids: ReadonlyMap<number, string>): Map<number, string> {
  return new Map(entries.map((e) => [e.row, ids.has(e.row) ? `id:${ids.get(e.row)}` : `title:${compareKey(e.title)}`]));
}

export const notesSupported = () => Office.context.requirements.isSetSupported('ExcelApi', '1.18');

/** Puts back the fills of earlier marks and removes the add-in's notes: two syncs per ~4 MB. */
/** Where a mark is now: its column on its entry's current row, or its old address when the entry is gone. */
function currentCell(mark: Mark, rows: ReadonlyMap<string, number>): string {
  const row = mark.anchor === undefined ? undefined : rows.get(mark.anchor);
  return row === undefined ? mark.cell : `${mark.cell.replace(/\d+$/, '')}${row}`;
}

async function restore(context: Excel.RequestContext, saved: Mark[], sheetNames: Set<string>, anchors: ReadonlyMap<string, RowAnchors>): Promise<void> {
  const withNotes = notesSupported();
  const rowsOf = new Map([...anchors].map(([sheet, byRow]) => [sheet, new Map([...byRow].map(([row, anchor]) => [anchor, row]))]));
  const marks = saved.map((m) => ({ ...m, cell: currentCell(m, rowsOf.get(m.sheet) ?? new Map()) }));
  // A deleted or renamed sheet has nothing left to restore.
  for (const part of byBytes(marks.filter((m) => sheetNames.has(m.sheet)), () => 3 * BYTES_PER_COMMAND)) {
    const notes: Excel.Note[] = [];
    for (const mark of part) {
      const sheet = context.workbook.worksheets.getItem(mark.sheet);
      const cell = sheet.getRange(mark.cell);
      if (mark.fill === null) cell.format.fill.clear();
      else cell.format.fill.color = mark.fill;
      if (mark.note && withNotes) notes.push(sheet.notes.getItemOrNullObject(mark.cell).load('content'));
    }
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~4 MB of marks, not per cell
    await context.sync();
    if (withNotes) notes.filter((n) => !n.isNullObject && n.content.startsWith(NOTE_PREFIX)).forEach((n) => n.delete());
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- as above
    await context.sync();
  }
}

/**
 * Clears earlier marks and marks `issues` on `sheetName`. `anchors`: each entry's anchor by its
 * row on that sheet as it is now (from the read the issues come from). Resolves with the number of
 * cells marked.
 */
export async function markFindings(sheetName: string, issues: ReadonlyArray<Issue>, anchors: RowAnchors = new Map()): Promise<number> {
  const withNotes = notesSupported();
  const previous = savedMarks();
  const cells = [...cellMarks(issues)].map(([cell, found]) => ({ cell, found, note: noteText(found) }));
  const marks = await excelRun(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name');
    await context.sync();
    await restore(context, previous, new Set(sheets.items.map((s) => s.name)), new Map([[sheetName, anchors]]));

    const sheet = context.workbook.worksheets.getItem(sheetName);
    const marks: Mark[] = [];
    const bytesOf = (c: (typeof cells)[number]) => 4 * BYTES_PER_COMMAND + (withNotes ? utf8.encode(c.note).length : 0);
    for (const part of byBytes(cells, bytesOf)) {
      // Each cell's own fill (and any note someone else wrote) before it is marked.
      const targets = part.map((c) => ({
        ...c,
        fill: sheet.getRange(c.cell).format.fill.load('color'),
        existing: withNotes ? sheet.notes.getItemOrNullObject(c.cell).load('content') : null,
      }));
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per ~4 MB of marks, not per cell
      await context.sync();
      for (const t of targets) {
        sheet.getRange(t.cell).format.fill.color = fillOf(t.found.severity);
        const ours = t.existing !== null && t.existing.isNullObject;
        if (withNotes && ours) sheet.notes.add(t.cell, t.note);
        const before = t.fill.color;
        const anchor = anchors.get(Number(/\d+$/.exec(t.cell)?.[0]));
        marks.push({ sheet: sheetName, cell: t.cell, ...(anchor ? { anchor } : {}), fill: before === null || before.toUpperCase() === '#FFFFFF' ? null : before, note: ours });
      }
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- as above
      await context.sync();
    }
    return marks;
  });
  await saveMarks(marks);
  return marks.length;
}

/** Removes every mark the add-in made and puts the previous fills back (where each entry is now, by `anchors` of `sheetName`). */
export async function clearMarks(sheetName?: string, anchors: RowAnchors = new Map()): Promise<void> {
  const previous = savedMarks();
  if (previous.length === 0) return;
  await excelRun(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name');
    await context.sync();
    await restore(context, previous, new Set(sheets.items.map((s) => s.name)), sheetName ? new Map([[sheetName, anchors]]) : new Map());
  });
  await saveMarks([]);
}
