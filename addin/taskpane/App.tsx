/** The task pane's shell: waits for Excel, then shows the product. The officer's views grow here. */
import { Body1, Spinner, Title3, makeStyles, tokens } from '@fluentui/react-components';
import type { HostState } from '../excel/host';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
});


export function App({ host }: { host: HostState }) {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <Title3 as="h1">Phụ lục</Title3>
      {host === 'waiting' && <Spinner size="small" label="Đang kết nối với Excel…" />}
      {host === 'excel' && <Body1>Báo cáo mô hình, giải pháp, sáng kiến cải cách hành chính.</Body1>}
      {host === 'other-host' && <Body1>Phần bổ trợ này chỉ chạy trong Excel. Hãy mở bằng Excel trên máy tính hoặc Excel trên web.</Body1>}
    </main>
  );
}
