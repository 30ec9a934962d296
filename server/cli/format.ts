/** The readable report of `phuluc validate`: per file, per entry, with cell addresses. */
import type { Issue, ReportResult } from '../../core/types';

const MARK = { error: '✖', warning: '⚠' } as const;

function issueLine(issue: Issue): string {
  return `    ${MARK[issue.severity]} ${(issue.cell ?? '').padEnd(5)} ${issue.message}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}`;
}

/** A workbook that is not a report (a summary Phụ lục wrote): left out, not an error. */
export const isSkipped = (result: ReportResult): boolean => result.error?.code === 'not-a-report';

/** A file that failed to give a report: unreadable, or no Phụ lục table in it. */
export const isUnreadable = (result: ReportResult): boolean => result.error !== null && !isSkipped(result);

export function formatResult(result: ReportResult): string {
  const lines: string[] = [];
  if (isSkipped(result)) return `${result.file}\n    ↷ Bỏ qua: ${result.error!.message}`;
  if (result.error) {
    lines.push(`${result.file}`, `    ${MARK.error} ${result.error.message}`);
    return lines.join('\n');
  }
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const warnings = result.issues.length - errors;
  lines.push(
    `${result.file} — trang “${result.sheet}”: ${count(result.entries.length, 'mô hình')}, ${count(errors, 'lỗi')}, ${count(warnings, 'cảnh báo')}`,
  );
  const shown = new Set<Issue>();
  for (const entry of result.entries) {
    const own = result.issues.filter((i) => i.row === entry.row && !shown.has(i));
    const mark = own.some((i) => i.severity === 'error') ? MARK.error : own.length > 0 ? MARK.warning : '✔';
    lines.push(`  ${mark} Dòng ${entry.row}: ${entry.title || '(chưa có tên)'}${entry.field ? ` — ${entry.field}` : ''}`);
    for (const issue of own) {
      lines.push(issueLine(issue));
      shown.add(issue);
    }
  }
  for (const issue of result.issues.filter((i) => !shown.has(i))) lines.push(issueLine(issue));
  return lines.join('\n');
}

export function formatTotals(results: ReadonlyArray<ReportResult>): string {
  const entries = results.reduce((n, r) => n + r.entries.length, 0);
  const unreadable = results.filter(isUnreadable).length;
  const skipped = results.filter(isSkipped).length;
  const errors = results.reduce((n, r) => n + r.issues.filter((i) => i.severity === 'error').length, 0) + unreadable;
  const warnings = results.reduce((n, r) => n + r.issues.filter((i) => i.severity === 'warning').length, 0);
  const parts = [count(results.length, 'tệp'), count(entries, 'mô hình'), count(errors, 'lỗi'), count(warnings, 'cảnh báo')];
  if (unreadable > 0) parts.push(`${unreadable} tệp không đọc được`);
  if (skipped > 0) parts.push(`bỏ qua ${skipped} sổ tổng hợp`);
  return `Tổng cộng: ${parts.join(', ')}.`;
}
