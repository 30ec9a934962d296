/**
 * How a finding is shown on its cell, wherever the sheet is drawn: the add-in's fills and notes in
 * Excel, the marked copy the server writes, and the browser page's picture of the sheet. One
 * module, so an officer sees the same colours and words in all three.
 */
import type { Issue, Severity } from '../types';

/** Fill colours (RGB hex) of a cell with an error and with only warnings. */
export const ERROR_FILL = '#F8CBAD';
export const WARNING_FILL = '#FFE699';
/** Notes the product writes start with this, so it never deletes a note someone else wrote. */
export const NOTE_PREFIX = 'Phụ lục: ';

export interface CellMark {
  severity: Severity;
  /** The findings' messages, errors first. */
  messages: string[];
}

export const fillOf = (severity: Severity): string => (severity === 'error' ? ERROR_FILL : WARNING_FILL);

/** The findings of each cell (A1 address), errors first; a cell with an error is an error cell. */
export function cellMarks(issues: ReadonlyArray<Issue>): Map<string, CellMark> {
  const cells = new Map<string, CellMark>();
  for (const issue of [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))) {
    if (!issue.cell) continue;
    const seen = cells.get(issue.cell) ?? { severity: issue.severity, messages: [] };
    seen.messages.push(issue.message);
    cells.set(issue.cell, seen);
  }
  return cells;
}

/** The sheet a marked copy adds, so a printed copy says what its marks mean. */
export const LEGEND_SHEET = 'Chú thích kiểm tra';

/** The legend's rows: what each mark means (in colour and in black and white), then every finding by cell. */
export function legendRows(issues: ReadonlyArray<Issue>, sheet: string, checkedAt: string): string[][] {
  const marks = cellMarks(issues);
  const errors = [...marks.values()].filter((m) => m.severity === 'error').length;
  return [
    [`Kết quả kiểm tra trang “${sheet}” lúc ${checkedAt}`],
    [`${errors} ô có lỗi, ${marks.size - errors} ô cần lưu ý.`],
    [],
    ['Dấu trên ô', 'Nghĩa'],
    ['Tô đỏ, viền đậm', 'Lỗi: phải sửa trước khi gửi (in đen trắng vẫn thấy viền đậm).'],
    ['Tô vàng, viền nét đứt', 'Lưu ý: nên xem lại, không chặn việc gửi.'],
    [],
    ['Ô', 'Nội dung cần sửa'],
    ...[...marks].map(([address, mark]) => [address, `${mark.severity === 'error' ? 'Lỗi' : 'Lưu ý'}: ${mark.messages.join(' ')}`]),
  ];
}

/** The note written on a marked cell. */
export const noteText = (mark: CellMark): string => NOTE_PREFIX + mark.messages.join('\n');
