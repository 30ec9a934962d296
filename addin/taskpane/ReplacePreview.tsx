/**
 * Before a new version replaces the one the unit sent: what it changes (entries added, changed
 * with the parts named, dropped), so the officer sends knowing, or stops.
 */
import { Body1, Body1Strong, Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { changeLines, type DiffRow } from '../../core/reader/report-diff';
import { vietnameseDate } from '../../core/rounds/submission';

export interface Replacing {
  version: number;
  submittedAt: string;
  rows: DiffRow[];
}

const SHOWN = 12;

export function ReplacePreview({ replacing, busy, onSend, onCancel }: { replacing: Replacing; busy: boolean; onSend: () => void; onCancel: () => void }) {
  const { counts, changes } = changeLines(replacing.rows);
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <Body1Strong role="status">
          Bản này sẽ thay phiên bản {replacing.version} đã gửi lúc {vietnameseDate(replacing.submittedAt)}: {counts}.
        </Body1Strong>
        {changes.length === 0 ? (
          <Body1>Nội dung giống hệt phiên bản đã gửi.</Body1>
        ) : (
          <ul aria-label="Những thay đổi so với phiên bản đã gửi">
            {/* Two entries may share a title: the position is the key. */}
            {changes.slice(0, SHOWN).map((line, i) => (
              <li key={i}>
                <Body1>{line}</Body1>
              </li>
            ))}
            {changes.length > SHOWN && (
              <li>
                <Body1>và {changes.length - SHOWN} thay đổi khác.</Body1>
              </li>
            )}
          </ul>
        )}
        <div>
          <Button appearance="primary" size="small" disabled={busy} onClick={onSend}>
            Gửi và thay phiên bản {replacing.version}
          </Button>{' '}
          <Button size="small" disabled={busy} onClick={onCancel}>
            Chưa gửi
          </Button>
        </div>
      </MessageBarBody>
    </MessageBar>
  );
}
