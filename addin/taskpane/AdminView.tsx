/**
 * Quản trị (admin): the secretariat's year without a terminal. Tiến độ (who has reported, who has
 * scored, the list to remind), Tài khoản (AdminAccounts), Đợt báo cáo (AdminRounds) and Nhật ký.
 */
import { Body1, Body1Strong, Button, Caption1, Field, Input, MessageBar, MessageBarBody, ProgressBar, Select, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { ProgressFilter, ProgressSort } from '../../core/rounds/progress-view';
import { contactText, NOT_REPORTED_SHEET, notReportedRows, reminderLines } from '../../core/rounds/secretariat-sheets';
import { vietnameseDate } from '../../core/rounds/submission';
import { fetchAccounts, fetchAudit, fetchProgress, type AdminAccount, type AuditRecord, type Progress } from '../sync/admin-api';
import type { Connection, FetchLike, Me } from '../sync/api';
import type { ExcelActions } from './actions';
import { AdminAccounts } from './AdminAccounts';
import { AdminRounds } from './AdminRounds';
import { copyText } from './copy-text';
import { useWork, WorkStatus } from './useWork';

export const useAdminStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyle: 'none' },
  // Tabs that wrap at task-pane width (320 px) rather than run off its edge.
  wrap: { flexWrap: 'wrap' },
  // A select of round names (a city's are long) fits the pane and shortens its text, never widens the pane.
  select: { width: '100%', maxWidth: '100%', '& select': { width: '100%', minWidth: 0, textOverflow: 'ellipsis' } },
  /** A field whose grid column may shrink below its select's longest option. */
  field: { gridTemplateColumns: 'minmax(0, 1fr)', minWidth: 0 },
});

export interface AdminProps {
  excel: ExcelActions;
  connection: Connection;
  me: Me;
  fetch?: FetchLike;
  /** Called after a change the rest of the pane depends on (the active round). */
  onRoundChanged: () => void;
}

type Section = 'progress' | 'accounts' | 'rounds' | 'audit';

export function AdminView(props: AdminProps) {
  const styles = useAdminStyles();
  const [section, setSection] = useState<Section>('progress');
  return (
    <section className={styles.root} aria-label="Quản trị">
      <TabList size="small" selectedValue={section} onTabSelect={(_, d) => setSection(d.value as Section)} aria-label="Mục quản trị" className={styles.wrap}>
        <Tab value="progress">Tiến độ</Tab>
        <Tab value="accounts">Tài khoản</Tab>
        <Tab value="rounds">Đợt báo cáo</Tab>
        <Tab value="audit">Nhật ký</Tab>
      </TabList>
      {section === 'progress' && <ProgressPanel {...props} />}
      {section === 'accounts' && <AdminAccounts {...props} />}
      {section === 'rounds' && <AdminRounds {...props} />}
      {section === 'audit' && <AuditPanel {...props} />}
    </section>
  );
}

/** A unit's state in words (with a sign, so colour is never the only cue). */
export function unitStateText(u: Progress['units'][number]): string {
  if (u.state === 'sent') return `✓ Đã gửi phiên bản ${u.version} lúc ${vietnameseDate(u.at!)} (${u.entries} mô hình)`;
  if (u.state === 'refused') return `✗ Bị từ chối lúc ${vietnameseDate(u.at!)}: ${u.reason}`;
  return '… Chưa gửi báo cáo';
}

/** Units per page of Tiến độ. */
const PAGE_SIZE = 50;

const FILTER_LABELS: Record<ProgressFilter, string> = { all: 'Tất cả', 'not-sent': 'Chưa gửi', refused: 'Bị trả lại', sent: 'Đã gửi', short: 'Thiếu điểm' };

function ProgressPanel({ excel, connection, fetch }: AdminProps) {
  const styles = useAdminStyles();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [filter, setFilter] = useState<ProgressFilter>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ProgressSort>('name');
  const [copied, setCopied] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const { busy, problem, run } = useWork();
  // The server filters, searches, sorts and pages: at a nation's size the pane gets one page of units.
  // Only the answer to the latest question is shown: an earlier one arriving late never overwrites it.
  const asked = useRef(0);
  const load = () =>
    run('Đang tải tiến độ…', async () => {
      const ticket = ++asked.current;
      const answer = await fetchProgress(connection, fetch, { filter, search, sort, page, size: PAGE_SIZE });
      if (ticket === asked.current) setProgress(answer);
    });
  useEffect(() => void load(), [filter, sort, page]);
  // A search is asked for once typing pauses, not at every key.
  const typed = useRef(false);
  useEffect(() => {
    if (!typed.current) return;
    const wait = setTimeout(() => void load(), 250);
    return () => clearTimeout(wait);
  }, [search]);
  const choose = (change: () => void) => {
    change();
    setPage(1);
  };

  const remind = () =>
    run('Đang ghi danh sách…', async () => {
      // Every unit still to remind, not only the page shown.
      const all = await fetchProgress(connection, fetch);
      const sheet = notReportedRows(all.units, all.round, unitStateText);
      await excel.writePlainSheet({ name: NOT_REPORTED_SHEET, ...sheet });
    });

  const counts = progress?.view?.counts ?? null;
  const shown = progress?.units ?? [];
  // The units to remind with their contacts, one per line, tab-separated (a sheet puts each in its column).
  const copyNotSent = async () =>
    setCopied((await copyText(reminderLines(shown))) ? `Đã sao chép ${shown.length} đơn vị kèm người liên hệ, điện thoại, thư điện tử.` : 'Máy này không cho sao chép tự động: hãy dùng “Ghi danh sách chưa gửi ra trang tính”.');

  return (
    <>
      <div className={styles.buttons}>
        <Button onClick={() => void load()} disabled={Boolean(busy)}>
          Cập nhật
        </Button>
        <Button onClick={() => void remind()} disabled={Boolean(busy) || !progress}>
          Ghi danh sách chưa gửi ra trang tính
        </Button>
      </div>
      <WorkStatus busy={busy} problem={problem} />
      {progress && (
        <>
          <Body1Strong role="status" aria-label="Tiến độ nộp báo cáo">
            {progress.counts.sent}/{progress.counts.units} đơn vị đã gửi · {progress.counts.refused} bị từ chối · {progress.counts.notSent} chưa gửi
          </Body1Strong>
          <ProgressBar value={progress.counts.units ? progress.counts.sent / progress.counts.units : 0} aria-label="Tỉ lệ đơn vị đã gửi" />
          {/* At a city's size: a filter with its counts, a search, an order; the list holds only what is asked. */}
          <TabList size="small" selectedValue={filter} onTabSelect={(_e, d) => choose(() => setFilter(d.value as ProgressFilter))} aria-label="Lọc đơn vị theo tình trạng" className={styles.wrap}>
            {(Object.keys(FILTER_LABELS) as ProgressFilter[]).map((f) => (
              <Tab key={f} value={f}>
                {FILTER_LABELS[f]} ({counts?.[f] ?? 0})
              </Tab>
            ))}
          </TabList>
          <Field label="Tìm đơn vị">
            <Input
              value={search}
              onChange={(_e, d) => {
                typed.current = true;
                choose(() => setSearch(d.value));
              }}
              placeholder="ví dụ: ben thanh"
            />
          </Field>
          <Field label="Sắp xếp">
            <Select value={sort} onChange={(_e, d) => choose(() => setSort(d.value as ProgressSort))}>
              <option value="name">Theo tên đơn vị</option>
              <option value="state">Theo tình trạng (bị trả lại, chưa gửi trước)</option>
              <option value="date">Theo ngày gửi (mới nhất trước)</option>
            </Select>
          </Field>
          <Caption1 role="status">
            {progress.view && progress.view.pages > 1
              ? `Trang ${progress.view.page}/${progress.view.pages}: đơn vị ${(progress.view.page - 1) * PAGE_SIZE + 1}–${(progress.view.page - 1) * PAGE_SIZE + shown.length} trong ${progress.view.total} đơn vị khớp (tất cả ${progress.counts.units})`
              : `Đang hiện ${shown.length}/${progress.counts.units} đơn vị`}
          </Caption1>
          {progress.view && progress.view.pages > 1 && (
            <div className={styles.buttons}>
              <Button size="small" disabled={Boolean(busy) || progress.view.page <= 1} onClick={() => setPage(progress.view!.page - 1)}>
                Trang trước
              </Button>
              <Button size="small" disabled={Boolean(busy) || progress.view.page >= progress.view.pages} onClick={() => setPage(progress.view!.page + 1)}>
                Trang sau
              </Button>
            </div>
          )}
          {(filter === 'not-sent' || filter === 'refused') && shown.length > 0 && (
            <div>
              <Button size="small" onClick={() => void copyNotSent()}>
                Sao chép danh sách kèm liên hệ
              </Button>{' '}
              <Caption1 role="status">{copied}</Caption1>
            </div>
          )}
          <ul className={styles.list} aria-label="Các đơn vị">
            {shown.map((u) => (
              <li key={u.unit}>
                <Body1Strong>{u.unit}</Body1Strong> <Caption1>{unitStateText(u)}</Caption1>
                {u.state !== 'sent' && contactText(u.contact) && (
                  <>
                    {' '}
                    <Caption1>· Liên hệ: {contactText(u.contact)}</Caption1>
                  </>
                )}
              </li>
            ))}
          </ul>
          {progress.shortOfScores.length > 0 && (
            <>
              <Body1Strong>Mô hình còn thiếu điểm ({progress.shortOfScoresTotal ?? progress.shortOfScores.length})</Body1Strong>
              <ul className={styles.list} aria-label="Mô hình còn thiếu điểm">
                {progress.shortOfScores.map((e) => (
                  <li key={e.id}>
                    <Body1>
                      “{e.title}” ({e.unit}): {e.scores}/{e.needed} điểm
                    </Body1>{' '}
                    <Caption1>{e.toScore.length > 0 ? `· chưa chấm: ${e.toScore.join(', ')}` : '· không còn thành viên nào được chấm mô hình này'}</Caption1>
                  </li>
                ))}
              </ul>
            </>
          )}
          <Body1Strong>Thành viên Hội đồng</Body1Strong>
          <ul className={styles.list} aria-label="Tiến độ chấm">
            {progress.reviewers.map((r) => (
              <li key={r.id}>
                <Body1>
                  {r.name}
                  {r.unit ? ` (${r.unit})` : ''}: đã chấm {r.scored}/{r.toScore} mô hình
                </Body1>
              </li>
            ))}
          </ul>
          {progress.shortOfReviewers > 0 && (
            <MessageBar intent="warning">
              <MessageBarBody>
                {progress.shortOfReviewers} mô hình chưa được phân công đủ số thành viên chấm tối thiểu của đợt (thiếu thành viên ngoài đơn vị của mô hình): hãy tạo thêm tài khoản thành viên Hội đồng.
              </MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
    </>
  );
}

const ACTION_WORDS: Record<string, string> = {
  submit: 'Gửi báo cáo',
  score: 'Chấm điểm',
  extend: 'Gia hạn nộp',
  'account-create': 'Tạo tài khoản',
  'account-revoke': 'Thu hồi tài khoản',
  'account-reissue': 'Cấp lại mã truy cập',
  'round-create': 'Tạo đợt báo cáo',
  'round-update': 'Sửa cài đặt đợt',
  'round-activate': 'Chuyển đợt đang dùng',
  'scores-lock': 'Chốt điểm',
  'scores-unlock': 'Mở lại việc chấm điểm',
};

/** A before or after value, briefly and in words. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return '(không có)';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? vietnameseDate(value) : value;
  const v = value as { version?: number; titles?: string[]; name?: string; points?: Record<string, number> };
  if (v.version !== undefined && v.titles) return `phiên bản ${v.version}: ${v.titles.join('; ')}`;
  if (v.points) return `${Object.values(v.points).reduce((a, b) => a + b, 0)} điểm`;
  if (v.name) return v.name;
  return JSON.stringify(value).slice(0, 200);
}

function AuditPanel({ connection, me, fetch }: AdminProps) {
  const styles = useAdminStyles();
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [accounts, setAccounts] = useState<AdminAccount[]>([]);
  const [unit, setUnit] = useState('');
  const [actor, setActor] = useState('');
  const { busy, problem, run } = useWork();
  useEffect(() => void run('Đang tải…', async () => setAccounts(await fetchAccounts(connection, fetch))), []);
  useEffect(() => void run('Đang tải nhật ký…', async () => setRecords(await fetchAudit(connection, { unit, actor }, fetch))), [unit, actor]);
  return (
    <>
      <div className={styles.buttons}>
        <Field label="Đơn vị">
          <Select value={unit} onChange={(_e, d) => setUnit(d.value)}>
            <option value="">Tất cả</option>
            {(me.round.units ?? []).map((u) => (
              <option key={u.name}>{u.name}</option>
            ))}
          </Select>
        </Field>
        <Field label="Người thực hiện">
          <Select value={actor} onChange={(_e, d) => setActor(d.value)}>
            <option value="">Tất cả</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <WorkStatus busy={busy} problem={problem} />
      <ul className={styles.list} aria-label="Nhật ký">
        {[...records].reverse().map((r, i) => (
          <li key={i}>
            <Caption1>{vietnameseDate(r.at)}</Caption1>{' '}
            <Body1>
              <b>{r.actorName ?? 'Không rõ'}</b>: {ACTION_WORDS[r.action] ?? r.action} · {r.target} · {describe(r.before)} → {describe(r.after)}
            </Body1>
          </li>
        ))}
        {records.length === 0 && !busy && <Body1>Chưa có việc nào được ghi.</Body1>}
      </ul>
    </>
  );
}
