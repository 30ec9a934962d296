/**
 * A code shown once (a new reviewer's, a reissued one): wrapped to the pane's width, with a copy
 * button, since it will never be shown again.
 */
import { Button, MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import { copyText } from './copy-text';

const useStyles = makeStyles({
  token: { display: 'block', overflowWrap: 'anywhere', wordBreak: 'break-all', userSelect: 'all', margin: '4px 0' },
});

export function TokenShown({ name, token }: { name: string; token: string }) {
  const styles = useStyles();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => setCopied((await copyText(token)) ? 'yes' : 'no');
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Mã truy cập của {name} (chỉ hiện một lần)</MessageBarTitle>
        <code className={styles.token} aria-label={`Mã truy cập của ${name}`}>
          {token}
        </code>
        <Button size="small" onClick={() => void copy()}>
          Sao chép mã
        </Button>{' '}
        <span role="status">{copied === 'yes' ? 'Đã sao chép.' : copied === 'no' ? 'Máy này không cho sao chép tự động: hãy bôi đen mã rồi nhấn Ctrl+C.' : ''}</span>
      </MessageBarBody>
    </MessageBar>
  );
}
