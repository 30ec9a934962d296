/** Cài đặt: the server's address and the token, "Kiểm tra kết nối", then who you are and the round. */
import { Body1, Button, Field, Input, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { capitalised, organiserWords } from '../../core/rounds/organiser';
import { deadlineText, scoringDeadlineText } from '../../core/rounds/submission';
import type { Connection, Me } from '../sync/api';
import { serverUrlProblem, tokenProblem } from '../sync/settings';

/** A role as the organiser names it: the admin is its secretariat ("Quản trị (Sở Nội vụ)"). */
const roleLabel = (role: Me['role'], secretariat: string) =>
  role === 'admin' ? `Quản trị (${secretariat})` : role === 'officer' ? 'Cán bộ đầu mối của đơn vị' : 'Thành viên Hội đồng chấm';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS, margin: 0 },
});

export interface SettingsViewProps {
  connection: Connection | null;
  me: Me | null;
  /** The last failure to reach the server with the saved settings. */
  problem: string | null;
  defaultServerUrl: string;
  now: () => Date;
  /** Checks the connection and, when it works, keeps it; rejects with a Vietnamese message. */
  onConnect: (connection: Connection) => Promise<void>;
  onForget: () => void;
  /** This account's changes still waiting to be sent. */
  waiting?: number;
  /** Other accounts' changes waiting on this machine (sent only when they sign in again). */
  othersWaiting?: number;
  /** Tries to send this account's waiting changes; resolves with how many still wait. */
  onSendWaiting?: () => Promise<number>;
}

export function SettingsView({ connection, me, problem, defaultServerUrl, now, onConnect, onForget, waiting = 0, othersWaiting = 0, onSendWaiting }: SettingsViewProps) {
  const styles = useStyles();
  const [serverUrl, setServerUrl] = useState(connection?.serverUrl ?? defaultServerUrl);
  const [token, setToken] = useState(connection?.token ?? '');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** "Xóa kết nối" was pressed while this account still has changes waiting: asked what to do. */
  const [asking, setAsking] = useState(false);
  const [stillWaiting, setStillWaiting] = useState<number | null>(null);
  const forget = () => {
    if (waiting > 0) setAsking(true);
    else onForget();
  };
  const sendThenForget = async () => {
    setBusy(true);
    try {
      const left = (await onSendWaiting?.()) ?? waiting;
      if (left === 0) {
        setAsking(false);
        onForget();
      } else setStillWaiting(left);
    } finally {
      setBusy(false);
    }
  };
  const urlProblem = touched ? serverUrlProblem(serverUrl) : null;
  const tokenIssue = touched ? tokenProblem(token) : null;

  const connect = async () => {
    setTouched(true);
    setError(null);
    if (serverUrlProblem(serverUrl) || tokenProblem(token)) return;
    setBusy(true);
    try {
      await onConnect({ serverUrl: serverUrl.trim(), token: token.trim() });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={styles.form}
      aria-label="Cài đặt kết nối"
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      <Field label="Địa chỉ máy chủ" validationMessage={urlProblem ?? undefined}>
        <Input value={serverUrl} onChange={(_, d) => setServerUrl(d.value)} placeholder="https://phuluc.quan3.gov.vn" />
      </Field>
      <Field label="Mã truy cập" hint="Do cơ quan tổ chức đợt báo cáo cấp; chỉ lưu trên máy này, không ghi vào sổ tính." validationMessage={tokenIssue ?? undefined}>
        <Input type="password" autoComplete="off" value={token} onChange={(_, d) => setToken(d.value)} placeholder="pl_…" />
      </Field>
      <Button appearance="primary" type="submit" disabled={busy}>
        Kiểm tra kết nối
      </Button>
      {busy && <Spinner size="tiny" label="Đang kết nối với máy chủ…" />}
      {(error ?? problem) && (
        <MessageBar intent="error">
          <MessageBarBody>{error ?? problem}</MessageBarBody>
        </MessageBar>
      )}
      {connection && me && !error && (
        <MessageBar intent="success">
          <MessageBarBody>
            <dl className={styles.facts}>
              <dt>Vai trò</dt>
              <dd>{roleLabel(me.role, organiserWords(me.round).secretariat)}</dd>
              <dt>Đơn vị</dt>
              <dd>{me.unit ?? capitalised(organiserWords(me.round).area)}</dd>
              <dt>Đợt báo cáo</dt>
              <dd>{me.round.name}</dd>
              <dt>Thời hạn</dt>
              {/* A reviewer's deadline is the scoring one, not the officers'. */}
              <dd>{me.role === 'reviewer' ? scoringDeadlineText(me.round.rubric, now(), organiserWords(me.round).secretariat) : deadlineText(me.round, me.round.window.extendedUntil, now())}</dd>
            </dl>
          </MessageBarBody>
        </MessageBar>
      )}
      {othersWaiting > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            Trên máy này còn {othersWaiting} thay đổi của tài khoản khác chưa gửi được. Các thay đổi đó chỉ được gửi khi chính tài khoản đó kết nối lại, không bao giờ gửi bằng tài khoản này.
          </MessageBarBody>
        </MessageBar>
      )}
      {connection && !asking && (
        <Body1>
          <Button appearance="subtle" type="button" onClick={forget}>
            Xóa kết nối trên máy này
          </Button>
        </Body1>
      )}
      {connection && asking && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <p>
              Tài khoản này còn {waiting} thay đổi chưa gửi được lên máy chủ. Nếu xóa kết nối bây giờ, các thay đổi đó được giữ trên máy này và chỉ gửi khi tài khoản này kết nối lại.
            </p>
            {stillWaiting !== null && <p role="alert">Chưa gửi được {stillWaiting} thay đổi (máy chủ chưa trả lời). Hãy thử lại khi có mạng, hoặc giữ lại chúng cho tài khoản này.</p>}
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              <Button appearance="primary" type="button" disabled={busy} onClick={() => void sendThenForget()}>
                Gửi trước rồi xóa
              </Button>
              <Button type="button" disabled={busy} onClick={() => (setAsking(false), onForget())}>
                Giữ lại cho tài khoản này và xóa
              </Button>
              <Button appearance="subtle" type="button" onClick={() => (setAsking(false), setStillWaiting(null))}>
                Hủy
              </Button>
            </div>
          </MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}
