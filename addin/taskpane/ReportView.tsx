/**
 * Báo cáo: insert the template, check the sheet (findings listed by entry, errors first, marked on
 * the cells, one click to go to each, one click to fix a loosely written field), and send it.
 */
import { Badge, Body1, Body1Strong, Button, Link, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_FIELDS } from '../../core/reader/template';
import { templateSheet } from '../../core/reader/template-sheet';
import { incomingEntry, submissionWindow, vietnameseDate, type IncomingEntry } from '../../core/rounds/submission';
import type { Issue } from '../../core/types';
import { placeIssue, wrongUnitIssues } from '../../core/reader/validate';
import { unitMatchName, unitMatchNames } from '../../core/rounds/units';
import { reportAnchors } from '../excel/marks';
import type { WorkbookReport } from '../excel/report';
import { fetchSubmissions, serverVersionOf, type Connection, type Me, type ServerVersion } from '../sync/api';
import { compareReports } from '../../core/reader/report-diff';
import { ReplacePreview, type Replacing } from './ReplacePreview';
import type { Outbox, OutboxItem } from '../sync/outbox';
import { excelFailure, type ExcelActions } from './actions';
import { ConflictView } from './ConflictView';
import { DeadlineBar } from './DeadlineBar';
import { SendVerdict } from './SendVerdict';
import { useWork, WorkStatus } from './useWork';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyle: 'none' },
  finding: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  badge: { whiteSpace: 'nowrap', marginTop: '2px' },
  message: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXS },
});

export const submissionPath = (unit: string) => `/api/submissions/${encodeURIComponent(unit)}`;

/** Findings by entry row (file-level ones first), errors before warnings inside each. */
function groupFindings(check: WorkbookReport): Array<{ row: number | null; title: string; issues: Issue[] }> {
  const titles = new Map(check.result.entries.map((e) => [e.row, e.title]));
  const groups = new Map<number | null, Issue[]>();
  for (const issue of check.result.issues) groups.set(issue.row, [...(groups.get(issue.row) ?? []), issue]);
  return [...groups]
    .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
    .map(([row, issues]) => ({
      row,
      title: row === null ? 'Toàn báo cáo' : `Dòng ${row}: ${titles.get(row) || '(chưa có tên mô hình)'}`,
      issues: [...issues].sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1)),
    }));
}

/** Findings a click fixes by writing the round's own name in their cell. */
const FIXABLE = new Set(['field-normalized', 'unit-normalized', 'unit-from-title']);

/** The cells to write for the unit named only in the title block: every entry's empty Đơn vị cell. */
function titleUnitCells(check: WorkbookReport): string[] {
  return check.result.entries.map((e) => e.cells?.unit?.[0]).filter((cell): cell is string => Boolean(cell));
}

/** Loosely written fields or units with the same canonical name in two cells or more: one button fixes them all. */
function sameFixes(check: WorkbookReport): Array<{ canonical: string; cells: string[] }> {
  const byCanonical = new Map<string, string[]>();
  for (const issue of check.result.issues) {
    if (issue.code === 'unit-from-title' && issue.canonical) {
      byCanonical.set(issue.canonical, titleUnitCells(check));
      continue;
    }
    if (!FIXABLE.has(issue.code) || !issue.canonical || !issue.cell) continue;
    byCanonical.set(issue.canonical, [...(byCanonical.get(issue.canonical) ?? []), issue.cell]);
  }
  return [...byCanonical].filter(([, cells]) => cells.length > 1).map(([canonical, cells]) => ({ canonical, cells }));
}

/**
 * The unit's version on the server, to show what a new one replaces; null when there is none, or
 * when the server cannot be asked now (the send then waits in the outbox as before, and a newer
 * version there is still the officer's choice: the 412 conflict view).
 */
async function lastSent(connection: Connection, unit: string): Promise<{ version: number; submittedAt: string; entries: Parameters<typeof compareReports>[0] } | null> {
  try {
    const mine = (await fetchSubmissions(connection)).find((s) => s.unit === unit);
    return mine?.submittedAt ? { version: mine.version, submittedAt: mine.submittedAt, entries: mine.entries as Parameters<typeof compareReports>[0] } : null;
  } catch {
    return null;
  }
}

export interface ReportViewProps {
  excel: ExcelActions;
  connection: Connection | null;
  me: Me | null;
  outbox: Outbox;
  items: OutboxItem[];
  now: () => Date;
}

export function ReportView({ excel, connection, me, outbox, items, now }: ReportViewProps) {
  const styles = useStyles();
  const [check, setCheck] = useState<WorkbookReport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, problem, run } = useWork(() => setNotice(null));
  const fields = me?.round.fields ?? DEFAULT_FIELDS;
  const unit = me?.role === 'officer' ? me.unit : null;
  // The newest send of this unit's report (an older delivered one stays as the record).
  const sent = unit ? items.filter((i) => i.kind === 'submission' && i.path === submissionPath(unit)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] : undefined;
  const waiting = items.filter((i) => i.state === 'pending').length;

  // Each message belongs to the sheet and the moment it describes: a verdict is shown for the send
  // made at the current check, or for one that was still waiting when the pane opened.
  const [checkCount, setCheckCount] = useState(0);
  const sentAtCheck = useRef(new Map<string, number>());
  const seenWaiting = useRef(new Set<string>());
  for (const i of items) if (i.state === 'pending') seenWaiting.current.add(i.key);
  const recheck = async () => {
    // The round's units with their other names (a former name, an abbreviation), as the server reads them.
    const units = me?.round.units ? unitMatchNames(me.round.units) : undefined;
    const read = await excel.readReport({ fields, ...(units ? { units } : {}), ...(me ? { year: me.round.year } : {}) });
    // The server's own rule for whose report this is: the pane never passes what the server refuses.
    if (unit && !read.result.error) read.result.issues.push(...wrongUnitIssues(read.result.entries, unitMatchName({ units: me?.round.units ?? [] }, unit)));
    setCheck(read);
    setCheckCount((n) => n + 1);
    // Marking is for the eye: a sheet Excel will not colour (or settings it cannot save) never stops a check or a send.
    if (read.result.sheet) {
      try {
        await excel.markFindings(read.result.sheet, read.result.issues, reportAnchors(read.result.entries, read.ids));
      } catch (error) {
        setNotice(`Chưa tô màu được các ô có lỗi (${excelFailure(error)}). Danh sách dưới đây vẫn đầy đủ.`);
      }
    }
    return read;
  };

  const insert = () =>
    run('Đang chèn mẫu…', async () => {
      if (!me || !unit) return;
      const layout = templateSheet(me.round, unit);
      const result = await excel.insertTemplate(layout);
      setNotice(result.inserted ? `Đã chèn mẫu vào trang “${result.sheet}”. Nhập mỗi mô hình trên một dòng, từ dòng ${layout.firstDataRow + 1}.` : `Sổ này đã có trang “${result.sheet}”. Đổi tên hoặc xóa trang đó nếu muốn chèn mẫu mới.`);
    });

  // A new version waiting for the officer to see what it replaces.
  const [replacing, setReplacing] = useState<(Replacing & { entries: IncomingEntry[]; atCheck: number }) | null>(null);
  /** `atCheck`: the check the send belongs to (its verdict is shown until the sheet is checked again). */
  const enqueue = (entries: IncomingEntry[], atCheck: number) => {
    if (!unit) return;
    // Based on the version this workbook last sent or copied: a newer one on the server is the officer's choice, never overwritten.
    const queued = outbox.enqueue({ kind: 'submission', label: `Báo cáo của ${unit}`, path: submissionPath(unit), body: { entries }, ifMatch: excel.readBaseVersion() });
    sentAtCheck.current.set(queued.key, atCheck);
    void outbox.flush({ force: true });
  };

  // What is sent is the sheet as it is now, checked again: not what it was at the last Kiểm tra.
  // A version already on the server is replaced only once the officer has seen what changes.
  const send = () =>
    run('Đang kiểm tra lại trước khi gửi…', async () => {
      if (!unit) return;
      setReplacing(null);
      const read = await recheck();
      if (read.result.error || read.result.issues.some((i) => i.severity === 'error')) return;
      const entries = read.result.entries.map((e) => incomingEntry(e, read.ids.get(e.row)));
      const last = connection ? await lastSent(connection, unit) : null;
      // The version this workbook sent (or copied) is replaced: what changes is shown first. Any
      // other version (a colleague's newer one) goes to the conflict view, which shows it whole.
      const atCheck = checkCount + 1; // the recheck above counted one more
      if (last && last.version === excel.readBaseVersion()) setReplacing({ version: last.version, submittedAt: last.submittedAt, rows: compareReports(last.entries, entries), entries, atCheck });
      else enqueue(entries, atCheck);
    });

  // A colleague's newer version (412): the officer's three choices.
  const sendMineAnyway = (item: OutboxItem, server: ServerVersion) => {
    const queued = outbox.enqueue({ kind: 'submission', label: item.label, path: item.path, body: item.body, ifMatch: server.version });
    sentAtCheck.current.set(queued.key, checkCount);
    void outbox.flush({ force: true });
  };
  const keepTheirs = (item: OutboxItem, server: ServerVersion) => {
    outbox.dismiss(item.key);
    setNotice(`Đã giữ phiên bản ${server.version} trên máy chủ. Báo cáo trong trang này chưa được gửi.`);
  };
  const copyTheirs = (item: OutboxItem, server: ServerVersion) =>
    run('Đang chép bản trên máy chủ…', async () => {
      if (!me || !unit) return;
      const result = await excel.insertTemplate(templateSheet(me.round, unit, { sheet: `Bản máy chủ v${server.version}`, entries: server.entries }));
      // The officer has seen that version: the next send replaces it.
      await excel.saveBaseVersion(server.version);
      outbox.dismiss(item.key);
      setNotice(
        `${result.inserted ? 'Đã chép' : 'Đã có'} phiên bản ${server.version} ở trang “${result.sheet}”. So sánh với trang báo cáo của anh/chị, sửa cho đủ rồi bấm Gửi báo cáo: lần gửi tới sẽ thay phiên bản ${server.version}.`,
      );
    });
  const current = (item: OutboxItem | undefined) =>
    item !== undefined && (item.state === 'pending' || sentAtCheck.current.get(item.key) === checkCount || (seenWaiting.current.has(item.key) && checkCount === 0));
  const verdict = current(sent) ? sent : undefined;
  const conflict = verdict?.state === 'rejected' && verdict.error?.status === 412 ? serverVersionOf(verdict.error.body) : null;

  // The server's refusal (422) marked on the cells like the pane's own findings, once per refusal.
  const refusedIssues = verdict?.state === 'rejected' ? ((verdict.error?.body as { issues?: Issue[] } | null)?.issues ?? []) : [];
  const serverIssues = check ? refusedIssues.map((i) => placeIssue(i, check.result.entries)) : refusedIssues;
  const markedRefusal = useRef<string | null>(null);
  useEffect(() => {
    const sheet = check?.result.sheet;
    if (!verdict || verdict.state !== 'rejected' || serverIssues.length === 0 || !sheet || markedRefusal.current === verdict.key) return;
    markedRefusal.current = verdict.key;
    const placed = [...check.result.issues, ...serverIssues];
    excel.markFindings(sheet, placed, reportAnchors(check.result.entries, check.ids)).catch((error: unknown) => setNotice(`Chưa tô màu được các ô có lỗi (${excelFailure(error)}).`));
  });

  const errors = check?.result.issues.filter((i) => i.severity === 'error').length ?? 0;
  const warnings = (check?.result.issues.length ?? 0) - errors;
  // The unit's window, known before the officer starts: in Vietnam time, with the unit's own extension.
  const extendedUntil = me?.round.window.extendedUntil;
  const sendWindow = me && unit ? submissionWindow(me.round, extendedUntil, now()) : null;
  const closed = sendWindow !== null && !sendWindow.open;
  const canSend = Boolean(check && !check.result.error && errors === 0 && unit && connection && !busy && !closed);
  const sendHint = !connection
    ? 'Vào Cài đặt để kết nối với máy chủ trước khi gửi.'
    : !unit
      ? 'Chỉ cán bộ đầu mối của một đơn vị mới gửi báo cáo.'
      : closed
        ? 'Chưa gửi được trong lúc này (xem thời hạn ở trên).'
        : !check
        ? 'Bấm Kiểm tra trước khi gửi.'
        : errors > 0 || check.result.error
          ? 'Sửa hết lỗi rồi bấm Kiểm tra lại để gửi.'
          : null;

  return (
    <section className={styles.root} aria-label="Báo cáo">
      {!connection && (
        <MessageBar intent="info">
          <MessageBarBody>Chưa kết nối máy chủ: vẫn kiểm tra được báo cáo. Để chèn mẫu đúng đơn vị và gửi báo cáo, vào Cài đặt.</MessageBarBody>
        </MessageBar>
      )}
      {me && unit && <DeadlineBar round={me.round} unit={unit} now={now()} />}
      <div className={styles.buttons}>
        <Button onClick={() => void insert()} disabled={!unit || Boolean(busy)}>
          Chèn mẫu Phụ lục
        </Button>
        <Button appearance="primary" onClick={() => void run('Đang đọc và kiểm tra báo cáo…', async () => void (await recheck()))} disabled={Boolean(busy)}>
          Kiểm tra
        </Button>
        <Button onClick={() => void run('Đang xóa đánh dấu…', () => excel.clearMarks(check?.result.sheet ?? undefined, check ? reportAnchors(check.result.entries, check.ids) : undefined))} disabled={Boolean(busy)}>
          Xóa đánh dấu
        </Button>
      </div>
      <WorkStatus busy={busy} problem={problem} />
      {notice && (
        <MessageBar intent="info">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}

      {check && (
        <>
          <Body1Strong role="status">
            {check.result.error
              ? check.result.error.message
              : `Trang “${check.result.sheet}”: ${check.result.entries.length} mô hình · ${errors} lỗi · ${warnings} cảnh báo`}
          </Body1Strong>
          {!check.result.error && errors === 0 && serverIssues.length === 0 && <Body1>{closed ? 'Không còn lỗi.' : 'Không còn lỗi. Có thể gửi báo cáo.'}</Body1>}
          {sameFixes(check).map(({ canonical, cells }) => (
            <Button
              key={canonical}
              onClick={() =>
                void run('Đang sửa…', async () => {
                  await excel.writeCellValues(check.result.sheet!, cells.map((cell) => ({ cell, value: canonical })));
                  await recheck();
                })
              }
            >
              Sửa tất cả {cells.length} ô thành “{canonical}”
            </Button>
          ))}
          {groupFindings(check).map((group) => (
            <section key={String(group.row)} aria-label={group.title}>
              <Body1Strong>{group.title}</Body1Strong>
              <ul className={styles.group}>
                {group.issues.map((issue, i) => (
                  <li key={i} className={styles.finding}>
                    <Badge className={styles.badge} color={issue.severity === 'error' ? 'danger' : 'warning'} appearance="tint">
                      {issue.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}
                    </Badge>
                    <div className={styles.message}>
                      {issue.cell && check.result.sheet ? (
                        <Link as="button" onClick={() => void run('Đang chuyển đến ô…', () => excel.selectCell(check.result.sheet!, issue.cell!))}>
                          {issue.message}
                        </Link>
                      ) : (
                        <Body1>{issue.message}</Body1>
                      )}
                      {FIXABLE.has(issue.code) && issue.canonical && issue.cell && (
                        <Button
                          size="small"
                          onClick={() =>
                            void run('Đang sửa…', async () => {
                              await excel.writeCellValue(check.result.sheet!, issue.cell!, issue.canonical!);
                              await recheck();
                            })
                          }
                        >
                          Sửa thành “{issue.canonical}”
                        </Button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}

      <Button appearance="primary" onClick={() => void send()} disabled={!canSend}>
        Gửi báo cáo
      </Button>
      {replacing && (
        <ReplacePreview
          replacing={replacing}
          busy={Boolean(busy)}
          onSend={() => {
            enqueue(replacing.entries, replacing.atCheck);
            setReplacing(null);
          }}
          onCancel={() => {
            setReplacing(null);
            setNotice('Chưa gửi: phiên bản đã gửi vẫn giữ nguyên trên máy chủ.');
          }}
        />
      )}
      {sendHint && <Body1>{sendHint}</Body1>}
      {waiting > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <Body1 role="status">
              Đang chờ gửi ({waiting}){sent?.error ? `: ${sent.error.message}` : ''}
            </Body1>
            <Body1>
              Báo cáo đã được giữ trong ngăn này và sẽ tự gửi khi kết nối được với máy chủ, kể cả sau khi đóng và mở lại Excel.
              {sent?.lastAttemptAt ? ` Lần thử gần nhất lúc ${vietnameseDate(sent.lastAttemptAt)}; lần tới lúc ${vietnameseDate(sent.nextAttemptAt)}.` : ''}
            </Body1>
            <Button size="small" onClick={() => void outbox.flush({ force: true })}>
              Gửi lại ngay
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {verdict && conflict && (
        <ConflictView
          server={conflict}
          mine={(verdict.body as { entries: IncomingEntry[] }).entries}
          busy={Boolean(busy)}
          onKeepTheirs={() => keepTheirs(verdict, conflict)}
          onSendMine={() => sendMineAnyway(verdict, conflict)}
          onCopyTheirs={() => void copyTheirs(verdict, conflict)}
        />
      )}
      {verdict && !conflict && (
        <SendVerdict
          item={verdict}
          issues={serverIssues}
          onGo={check?.result.sheet ? (cell) => void run('Đang chuyển đến ô…', () => excel.selectCell(check.result.sheet!, cell)) : null}
          onDismiss={() => outbox.dismiss(verdict.key)}
        />
      )}
    </section>
  );
}
