/**
 * Nộp báo cáo (/nop-bao-cao.html): the task pane's checks for officers whose spreadsheet program
 * cannot run the add-in. Sign in with the unit's token (kept on this browser until Đăng xuất),
 * choose the workbook, see the findings and a picture of the sheet, download the workbook with
 * the problem cells marked, and send it once no error remains; then a receipt to print. The
 * admin chooses the unit, to enter a report that arrived by email.
 */
import { organiserWords } from '../../core/rounds/organiser';
import { Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Select, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { fileMessages } from '../../core/messages';
import { submissionWindow } from '../../core/rounds/submission';
import { ApiFailure, fetchMe, issueSchema, type Connection, type FetchLike, type Me } from '../sync/api';
import { newIdempotencyKey } from '../sync/idempotency-key';
import { forgetConnection, loadConnection, saveConnection, tokenProblem, type KeyValueStore } from '../sync/settings';
import { checkWorkbook, markedWorkbook, sendWorkbook, type CheckedFile } from '../sync/workbook-check';
import { saveFile } from '../taskpane/save-file';
import { DeadlineBar } from '../taskpane/DeadlineBar';
import { Findings, SheetPicture } from './CheckResult';
import { Receipt, type ReceiptFacts } from './Receipt';

/** The reader's file limit (server/xlsx LIMITS.fileBytes), said before the bytes travel. */
const MAX_FILE_MB = 20;

const useStyles = makeStyles({
  page: { maxWidth: '1100px', margin: '0 auto', padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'baseline', flexWrap: 'wrap', justifyContent: 'space-between' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '28em' },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalXL,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    textAlign: 'center',
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, background: tokens.colorBrandBackground2 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  hidden: { display: 'none' },
});

export interface UploadPageDeps {
  storage: KeyValueStore;
  /** This page's origin: the server it talks to. */
  serverUrl: string;
  fetch?: FetchLike;
  now?: () => Date;
}

interface Chosen {
  name: string;
  bytes: ArrayBuffer;
  /** One key per chosen file: a double click or a retry sends it once. */
  key: string;
}

const failureText = (error: unknown) => (error instanceof ApiFailure ? error.message : 'Đã có lỗi không mong muốn. Tải lại trang rồi thử lại.');

export function UploadPage({ deps }: { deps: UploadPageDeps }) {
  const styles = useStyles();
  const now = deps.now ?? (() => new Date());
  const [connection, setConnection] = useState<Connection | null>(() => {
    const saved = loadConnection(deps.storage);
    return saved ? { serverUrl: deps.serverUrl, token: saved.token } : null;
  });
  const [me, setMe] = useState<Me | null>(null);
  const [adminUnit, setAdminUnit] = useState('');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [checked, setChecked] = useState<CheckedFile | null>(null);
  const [receipt, setReceipt] = useState<ReceiptFacts | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const signOut = (why: string | null = null) => {
    forgetConnection(deps.storage);
    setConnection(null);
    setMe(null);
    setChosen(null);
    setChecked(null);
    setReceipt(null);
    setProblem(why);
  };

  // A remembered token: who it belongs to now (it may have been revoked meanwhile).
  useEffect(() => {
    if (!connection || me) return;
    fetchMe(connection, deps.fetch).then(setMe, (error: unknown) => {
      if (error instanceof ApiFailure && error.status === 401) signOut('Mã truy cập đã lưu không còn dùng được. Hãy đăng nhập lại bằng mã do cơ quan tổ chức đợt báo cáo cấp.');
      else setProblem(failureText(error));
    });
  }, [connection]);

  const work = async (label: string, task: () => Promise<void>) => {
    setBusy(label);
    setProblem(null);
    try {
      await task();
    } catch (error) {
      setProblem(failureText(error));
    } finally {
      setBusy(null);
    }
  };

  if (!connection || !me) {
    return (
      <main className={styles.page}>
        <Title2 as="h1">Nộp báo cáo Phụ lục</Title2>
        <Body1>Trang này kiểm tra và gửi báo cáo Phụ lục từ trình duyệt, cho đơn vị chưa dùng được phần bổ trợ trong Excel (Excel 2016, 2019, WPS, LibreOffice…).</Body1>
        {connection && !problem ? <ProgressBar aria-label="Đang kết nối" /> : <SignIn deps={deps} problem={problem} onSignedIn={(c, who) => (setConnection(c), setMe(who), setProblem(null))} />}
        {connection && problem && (
          <MessageBar intent="error">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
      </main>
    );
  }

  const isAdmin = me.role === 'admin';
  const unit = isAdmin ? adminUnit || null : me.unit;
  const extendedUntil = me.round.window.extendedUntil;
  const sendWindow = !isAdmin && unit ? submissionWindow(me.round, extendedUntil, now()) : null;
  const closed = sendWindow !== null && !sendWindow.open;
  const errors = checked ? checked.issues.filter((i) => i.severity === 'error').length : 0;
  const warnings = checked ? checked.issues.length - errors : 0;
  const canSend = Boolean(unit && chosen && checked && !checked.error && errors === 0 && !closed && !busy);

  const reset = () => {
    setChosen(null);
    setChecked(null);
    setReceipt(null);
    setProblem(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const choose = (file: File | undefined) => {
    if (!file) return;
    reset();
    if (file.size > MAX_FILE_MB * 1024 * 1024) {
      setProblem(fileMessages.tooLarge(MAX_FILE_MB));
      return;
    }
    void work(`Đang đọc và kiểm tra tệp “${file.name}”…`, async () => {
      const bytes = await file.arrayBuffer();
      setChosen({ name: file.name, bytes, key: newIdempotencyKey() });
      setChecked(await checkWorkbook(connection, bytes, isAdmin ? unit : null, deps.fetch));
    });
  };

  const download = () =>
    chosen &&
    void work('Đang tạo bản đã đánh dấu…', async () => {
      const blob = await markedWorkbook(connection, chosen.bytes, isAdmin ? unit : null, deps.fetch);
      saveFile(blob, `${chosen.name.replace(/\.xlsx$/i, '')}-da-danh-dau.xlsx`);
    });

  const send = () =>
    chosen &&
    unit &&
    void work('Đang gửi báo cáo…', async () => {
      try {
        const answer = await sendWorkbook(connection, unit, chosen.bytes, chosen.key, deps.fetch);
        setReceipt({ unit, round: me.round.name, file: chosen.name, answer });
      } catch (error) {
        // The server's own verdict replaces the check's: its findings are shown and coloured.
        const issues = error instanceof ApiFailure && error.status === 422 ? issueSchema.array().safeParse((error.body as { issues?: unknown } | null)?.issues) : null;
        if (issues?.success && checked) setChecked({ ...checked, issues: issues.data });
        throw error;
      }
    });

  return (
    <main className={styles.page}>
      <div className={`${styles.bar} khong-in`}>
        <Title2 as="h1">Nộp báo cáo Phụ lục</Title2>
        <Body1>
          {isAdmin ? `${organiserWords(me.round).secretariat} (quản trị)` : me.unit} · {me.round.name}{' '}
          <Button appearance="subtle" size="small" onClick={() => signOut()}>
            Đăng xuất
          </Button>
        </Body1>
      </div>

      {receipt ? (
        <Receipt facts={receipt} onAnother={reset} />
      ) : (
        <>
          {isAdmin && (
            <Field label="Đơn vị nộp báo cáo" hint="Chọn đơn vị có báo cáo gửi qua thư điện tử để nhập thay đơn vị.">
              <Select value={adminUnit} onChange={(_e, d) => (setAdminUnit(d.value), reset())}>
                <option value="">— Chọn đơn vị —</option>
                {(me.round.units ?? []).map((u) => (
                  <option key={u.name} value={u.name}>
                    {u.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {!isAdmin && unit && <DeadlineBar round={me.round} unit={unit} now={now()} />}

          <div
            className={`${styles.drop}${dragging ? ` ${styles.dropActive}` : ''}`}
            onDragOver={(e) => (e.preventDefault(), setDragging(true))}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => (e.preventDefault(), setDragging(false), unit && !busy && choose(e.dataTransfer.files[0]))}
          >
            <Body1>Kéo tệp báo cáo (.xlsx) vào đây, hoặc</Body1>
            <Button appearance="primary" disabled={!unit || Boolean(busy)} onClick={() => fileInput.current?.click()}>
              Chọn tệp báo cáo
            </Button>
            <input
              ref={fileInput}
              className={styles.hidden}
              type="file"
              aria-label="Tệp báo cáo"
              accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12"
              onChange={(e) => choose(e.target.files?.[0])}
            />
            <Caption1>{!unit ? 'Chọn đơn vị trước.' : chosen ? `Tệp đang xem: ${chosen.name}` : 'Tệp được kiểm tra trên máy chủ và chưa được gửi cho đến khi anh/chị bấm Gửi báo cáo.'}</Caption1>
          </div>

          {busy && <ProgressBar aria-label={busy} />}
          {busy && <Caption1 role="status">{busy}</Caption1>}
          {problem && (
            <MessageBar intent="error">
              <MessageBarBody>{problem}</MessageBarBody>
            </MessageBar>
          )}

          {checked?.error && (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>Không đọc được báo cáo trong tệp này</MessageBarTitle>
                {checked.error.message}
              </MessageBarBody>
            </MessageBar>
          )}
          {checked && !checked.error && (
            <>
              <MessageBar intent={errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'success'}>
                <MessageBarBody>
                  <MessageBarTitle>
                    {checked.entries.length} mô hình · {errors} lỗi · {warnings} cảnh báo
                  </MessageBarTitle>
                  {errors > 0
                    ? 'Sửa các lỗi dưới đây trong tệp (có thể tải về bản đã đánh dấu), lưu lại rồi chọn tệp đã sửa để kiểm tra lại.'
                    : closed
                      ? 'Không còn lỗi, nhưng chưa gửi được trong lúc này (xem thời hạn ở trên).'
                      : 'Không còn lỗi: có thể gửi báo cáo.'}
                </MessageBarBody>
              </MessageBar>
              <div className={styles.buttons}>
                <Button appearance="primary" disabled={!canSend} onClick={send}>
                  Gửi báo cáo
                </Button>
                {checked.issues.some((i) => i.cell) && (
                  <Button disabled={Boolean(busy)} onClick={download}>
                    Tải về bản đã đánh dấu
                  </Button>
                )}
              </div>
              {checked.issues.length > 0 && <Findings file={checked} />}
              {checked.picture && <SheetPicture picture={checked.picture} issues={checked.issues} />}
            </>
          )}
        </>
      )}
    </main>
  );
}

function SignIn({ deps, problem, onSignedIn }: { deps: UploadPageDeps; problem: string | null; onSignedIn: (connection: Connection, me: Me) => void }) {
  const styles = useStyles();
  const [token, setToken] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(problem);
  const tokenIssue = touched ? tokenProblem(token) : null;

  const signIn = async () => {
    setTouched(true);
    setError(null);
    if (tokenProblem(token)) return;
    const connection = { serverUrl: deps.serverUrl, token: token.trim() };
    setBusy(true);
    try {
      const me = await fetchMe(connection, deps.fetch);
      if (me.role === 'reviewer') {
        setError('Mã này là của thành viên Hội đồng chấm. Trang này dành cho cán bộ đầu mối của đơn vị gửi báo cáo.');
        return;
      }
      saveConnection(deps.storage, connection);
      onSignedIn(connection, me);
    } catch (e) {
      setError(e instanceof ApiFailure && e.status === 401 ? 'Mã truy cập không đúng hoặc đã bị thu hồi. Kiểm tra lại mã do cơ quan tổ chức đợt báo cáo cấp.' : failureText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={styles.form}
      aria-label="Đăng nhập"
      onSubmit={(e) => {
        e.preventDefault();
        void signIn();
      }}
    >
      <Field label="Mã truy cập của đơn vị" validationMessage={tokenIssue ?? undefined} hint="Mã do cơ quan tổ chức đợt báo cáo cấp, bắt đầu bằng pl_. Mã được nhớ trên trình duyệt này cho đến khi anh/chị bấm Đăng xuất.">
        <Input type="password" value={token} onChange={(_e, d) => setToken(d.value)} autoComplete="off" />
      </Field>
      <div>
        <Button appearance="primary" type="submit" disabled={busy}>
          Đăng nhập
        </Button>
      </div>
      {busy && <ProgressBar aria-label="Đang kiểm tra mã truy cập" />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
