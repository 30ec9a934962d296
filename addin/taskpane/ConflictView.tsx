/**
 * A colleague of the same unit sent a newer version: the server's version (who, when, its
 * entries beside the sheet's, what differs) and an explicit choice. Nothing is overwritten
 * until the officer picks "Vẫn gửi bản của tôi".
 */
import { Badge, Body1, Body1Strong, Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { compareReports, type DiffState } from '../../core/reader/report-diff';
import { vietnameseDate, type IncomingEntry } from '../../core/rounds/submission';
import type { ServerVersion } from '../sync/api';

const useStyles = makeStyles({
  rows: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: `${tokens.spacingVerticalS} 0`, padding: 0, listStyle: 'none' },
  row: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalS, alignItems: 'start' },
  buttons: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS },
});

const STATE_WORDS: Record<DiffState, { word: string; color: 'success' | 'warning' | 'informative' | 'danger' }> = {
  same: { word: 'Giống nhau', color: 'success' },
  changed: { word: 'Khác nhau', color: 'warning' },
  'only-server': { word: 'Chỉ có trên máy chủ', color: 'danger' },
  'only-mine': { word: 'Chỉ có trong trang này', color: 'informative' },
};

export interface ConflictViewProps {
  server: ServerVersion;
  mine: IncomingEntry[];
  busy: boolean;
  onKeepTheirs: () => void;
  onSendMine: () => void;
  onCopyTheirs: () => void;
}

export function ConflictView({ server, mine, busy, onKeepTheirs, onSendMine, onCopyTheirs }: ConflictViewProps) {
  const styles = useStyles();
  const rows = compareReports(server.entries, mine);
  const differing = rows.filter((r) => r.state !== 'same').length;
  return (
    <MessageBar intent="warning" layout="multiline" aria-label="Đã có phiên bản mới hơn trên máy chủ">
      <MessageBarBody>
        <MessageBarTitle>Đã có phiên bản mới hơn trên máy chủ</MessageBarTitle>
        <Body1>
          Phiên bản {server.version} của {server.unit} do {server.sentBy ?? 'một tài khoản khác'} gửi lúc {vietnameseDate(server.submittedAt)}, {server.entries.length} mô hình. Báo cáo trong trang
          này ({mine.length} mô hình) chưa được gửi.{' '}
          {differing === 0 ? 'Hai bản có cùng nội dung.' : `${differing} mô hình khác nhau giữa hai bản:`}
        </Body1>
        <ul className={styles.rows} aria-label="So sánh hai bản">
          {rows.map((row, i) => (
            <li key={i} className={styles.row}>
              <Badge appearance="tint" color={STATE_WORDS[row.state].color}>
                {STATE_WORDS[row.state].word}
              </Badge>
              <div>
                <Body1Strong>{row.server?.title ?? row.mine?.title}</Body1Strong>
                {row.state === 'changed' && (
                  <Body1>
                    {' '}
                    (khác ở: {row.differs.join(', ')}
                    {row.differs.includes('Tên') ? `; trong trang này: “${row.mine?.title}”` : ''})
                  </Body1>
                )}
              </div>
            </li>
          ))}
        </ul>
        <div className={styles.buttons}>
          <Button onClick={onCopyTheirs} disabled={busy}>
            Chép bản trên máy chủ sang trang mới
          </Button>
          <Button onClick={onKeepTheirs} disabled={busy}>
            Giữ bản trên máy chủ, không gửi bản này
          </Button>
          <Button appearance="primary" onClick={onSendMine} disabled={busy}>
            Vẫn gửi bản của tôi (thay phiên bản {server.version})
          </Button>
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
