/** Tổng hợp (admin): writes the summary sheets into the open workbook, with a progress bar. */
import { Body1, Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { fetchDocument, fetchDocuments, fetchSummaryTables, type Connection, type FetchLike, type RoundDocument, type SummaryOverview } from '../sync/api';
import { saveFile } from './save-file';

import { excelFailure, type ExcelActions } from './actions';
import { SummaryDashboard } from './SummaryDashboard';


const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  docs: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, padding: 0, listStyle: 'none' },
});

type Step =
  | { kind: 'idle' }
  | { kind: 'loading'; done: number; total: number }
  | { kind: 'writing'; done: number; total: number }
  | { kind: 'done'; sheets: string[] }
  | { kind: 'failed'; message: string };

export function SummaryView({ excel, connection, fetch }: { excel: ExcelActions; connection: Connection; fetch?: FetchLike }) {
  const styles = useStyles();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  // The dashboard and what to settle: shown as soon as the first part comes, while the sheets are fetched and written.
  const [overview, setOverview] = useState<SummaryOverview | null>(null);

  const build = async () => {
    setStep({ kind: 'loading', done: 0, total: 0 });
    setOverview(null);
    let answer;
    try {
      answer = await fetchSummaryTables(connection, fetch, (done, total) => setStep({ kind: 'loading', done, total }), setOverview);
    } catch (e) {
      setStep({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const { tables } = answer;
    try {
      await excel.writeSummarySheets(tables, (p) => setStep({ kind: 'writing', done: p.rowsWritten, total: p.rowsTotal }));
      setStep({ kind: 'done', sheets: tables.map((t) => t.sheet) });
    } catch (e) {
      setStep({ kind: 'failed', message: excelFailure(e) });
    }
  };

  const [docState, setDocState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  // The server's list (GET /api/summary/documents): each document's title, file name, and whether it is still TẠM TÍNH.
  const [documents, setDocuments] = useState<RoundDocument[]>([
    { id: 'bao-cao-ket-qua', title: 'Báo cáo kết quả', provisional: false, fileName: 'bao-cao-ket-qua.docx' },
    { id: 'danh-sach-khen-thuong', title: 'Danh sách khen thưởng', provisional: false, fileName: 'danh-sach-khen-thuong.docx' },
  ]);
  useEffect(() => {
    let live = true;
    fetchDocuments(connection, fetch)
      .then((listed) => live && setDocuments(listed))
      .catch(() => undefined); // offline: the buttons still ask the server when pressed
    return () => {
      live = false;
    };
  }, [connection, fetch]);
  const download = async (name: string) => {
    setDocState({ busy: true, problem: null });
    try {
      saveFile(await fetchDocument(connection, name, fetch), documents.find((d) => d.id === name)?.fileName ?? `${name}.docx`);
      setDocState({ busy: false, problem: null });
    } catch (e) {
      setDocState({ busy: false, problem: e instanceof Error ? e.message : String(e) });
    }
  };

  const busy = step.kind === 'loading' || step.kind === 'writing';
  return (
    <section className={styles.root} aria-label="Tổng hợp">
      <Body1>Lấy mọi báo cáo và điểm chấm mới nhất từ máy chủ, ghi thành các trang Tổng hợp, Theo lĩnh vực, Theo đơn vị, Phân bố điểm, Chưa nộp, Trùng lặp, Giải thưởng (kèm biểu đồ) trong sổ này. Các trang cũ cùng tên được thay mới.</Body1>
      <Button appearance="primary" onClick={() => void build()} disabled={busy}>
        Lập bảng tổng hợp
      </Button>
      {step.kind === 'loading' &&
        (step.total > 1 ? (
          <Field validationMessage={`Đã tải ${step.done}/${step.total} phần`} validationState="none">
            <ProgressBar value={step.done / step.total} aria-label="Đang lấy dữ liệu từ máy chủ" />
          </Field>
        ) : (
          <ProgressBar aria-label="Đang lấy dữ liệu từ máy chủ" />
        ))}
      {step.kind === 'writing' && (
        <Field validationMessage={`Đã ghi ${step.done}/${step.total} dòng`} validationState="none">
          <ProgressBar value={step.total ? step.done / step.total : 0} aria-label="Đang ghi bảng tổng hợp" />
        </Field>
      )}
      {step.kind === 'done' && (
        <MessageBar intent="success">
          <MessageBarBody>Đã ghi {step.sheets.length} trang: {step.sheets.join(', ')}.</MessageBarBody>
        </MessageBar>
      )}
      {overview?.provisional && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>TẠM TÍNH</MessageBarTitle>
            {overview.underScored} mô hình chưa đủ số thành viên chấm tối thiểu. Thứ hạng, giải và danh sách chuyển lên trong sổ chỉ là đề xuất, chưa phải kết quả cuối cùng.
          </MessageBarBody>
        </MessageBar>
      )}
      {overview && overview.divergent.length > 0 && (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Cần hội đồng trao đổi</MessageBarTitle>
            {overview.divergent.length} mô hình có điểm của các thành viên chênh lệch nhiều:
            <ul>
              {overview.divergent.slice(0, 10).map((d) => (
                <li key={d.id}>
                  {d.title} ({d.unit}): chênh {d.spread} điểm giữa {d.reviewers} thành viên
                </li>
              ))}
            </ul>
            {overview.divergent.length > 10 && `và ${overview.divergent.length - 10} mô hình khác (cột Chênh lệch được tô màu trong trang Tổng hợp).`}
          </MessageBarBody>
        </MessageBar>
      )}
      {overview?.dashboard && <SummaryDashboard data={overview.dashboard} />}
      <Body1>Văn bản kèm theo, lập từ cùng kết quả (Word): báo cáo kết quả của đợt và danh sách khen thưởng kèm quyết định.</Body1>
      <ul className={styles.docs} aria-label="Văn bản để ký">
        {documents.map((d) => (
          <li key={d.id}>
            <Button onClick={() => void download(d.id)} disabled={docState.busy}>
              Tải {d.title} (.docx)
            </Button>{' '}
            {d.provisional && <Caption1>TẠM TÍNH: chưa đủ điểm chấm, chưa phải bản để ký</Caption1>}
          </li>
        ))}
      </ul>
      {docState.busy && <ProgressBar aria-label="Đang lập văn bản" />}
      {docState.problem && (
        <MessageBar intent="error">
          <MessageBarBody>{docState.problem}</MessageBarBody>
        </MessageBar>
      )}
      {step.kind === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{step.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
