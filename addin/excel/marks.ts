/**
 * Findings marked on the cells: a fill (and, where ExcelApi 1.18 gives notes, a note with the
 * message). The cells' previous fills are remembered in the document's settings, so the next
 * check (or "Xóa đánh dấu") puts them back, even after the workbook was closed and reopened.
 * Three syncs whatever the number of findings.
 */
import type { Issue } from '../../core/types';

export const ERROR_FILL = '#F8CBAD';
export const WARNING_FILL = '#FFE699';
const SETTINGS_KEY = 'phuluc.marks';
/** Notes the add-in writes start with this, so it never deletes a note someone else wrote. */
export const NOTE_PREFIX = 'Phụ lục: ';

interface Mark {
  sheet: string;
  cell: string;
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

export const notesSupported = () => Office.context.requirements.isSetSupported('ExcelApi', '1.18');

/** Queues putting back the fills and removing the add-in's notes of earlier marks; returns a step for the next batch. */
function queueRestore(context: Excel.RequestContext, marks: Mark[], sheetNames: Set<string>, withNotes: boolean): () => void {
  const notes: Excel.Note[] = [];
  for (const mark of marks) {
    if (!sheetNames.has(mark.sheet)) continue; // the sheet was deleted or renamed: nothing to restore
    const sheet = context.workbook.worksheets.getItem(mark.sheet);
    const cell = sheet.getRange(mark.cell);
    if (mark.fill === null) cell.format.fill.clear();
    else cell.format.fill.color = mark.fill;
    if (mark.note && withNotes) notes.push(sheet.notes.getItemOrNullObject(mark.cell).load('content'));
  }
  return () => notes.filter((n) => !n.isNullObject && n.content.startsWith(NOTE_PREFIX)).forEach((n) => n.delete());
}

/** The messages for each cell, errors first. */
function byCell(issues: ReadonlyArray<Issue>): Map<string, { severity: Issue['severity']; messages: string[] }> {
  const cells = new Map<string, { severity: Issue['severity']; messages: string[] }>();
  for (const issue of [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))) {
    if (!issue.cell) continue;
    const seen = cells.get(issue.cell) ?? { severity: issue.severity, messages: [] };
    seen.messages.push(issue.message);
    cells.set(issue.cell, seen);
  }
  return cells;
}

/** Clears earlier marks and marks `issues` on `sheetName`. Resolves with the number of cells marked. */
export async function markFindings(sheetName: string, issues: ReadonlyArray<Issue>): Promise<number> {
  const withNotes = notesSupported();
  const previous = savedMarks();
  const cells = byCell(issues);
  const marks = await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name');
    await context.sync();
    const names = new Set(sheets.items.map((s) => s.name));

    const deleteOldNotes = queueRestore(context, previous, names, withNotes);
    const sheet = context.workbook.worksheets.getItem(sheetName);
    // Loaded after the restore in the same batch, so a cell marked last time reports its own fill.
    const targets = [...cells].map(([cell, found]) => ({
      cell,
      found,
      fill: sheet.getRange(cell).format.fill.load('color'),
      note: withNotes ? sheet.notes.getItemOrNullObject(cell).load('content') : null,
    }));
    await context.sync();

    deleteOldNotes();
    const marks: Mark[] = [];
    for (const t of targets) {
      const range = sheet.getRange(t.cell);
      range.format.fill.color = t.found.severity === 'error' ? ERROR_FILL : WARNING_FILL;
      const ours = t.note !== null && (t.note.isNullObject || t.note.content.startsWith(NOTE_PREFIX));
      if (withNotes && ours) sheet.notes.add(t.cell, NOTE_PREFIX + t.found.messages.join('\n'));
      const before = t.fill.color;
      marks.push({ sheet: sheetName, cell: t.cell, fill: before === null || before.toUpperCase() === '#FFFFFF' ? null : before, note: withNotes && ours });
    }
    await context.sync();
    return marks;
  });
  await saveMarks(marks);
  return marks.length;
}

/** Removes every mark the add-in made and puts the previous fills back. */
export async function clearMarks(): Promise<void> {
  const previous = savedMarks();
  if (previous.length === 0) return;
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name');
    await context.sync();
    const deleteOldNotes = queueRestore(context, previous, new Set(sheets.items.map((s) => s.name)), notesSupported());
    await context.sync();
    deleteOldNotes();
    await context.sync();
  });
  await saveMarks([]);
}
