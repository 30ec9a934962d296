/** The receipt after a report was received: what the server holds, to print or keep. */
import { Button, Card, CardHeader, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { vietnameseDate } from '../../core/rounds/submission';
import type { SubmissionAnswer } from '../sync/api';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXS, margin: 0 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export interface ReceiptFacts {
  unit: string;
  round: string;
  file: string;
  answer: SubmissionAnswer;
}

export function Receipt({ facts, onAnother }: { facts: ReceiptFacts; onAnother: () => void }) {
  const styles = useStyles();
  const { answer } = facts;
  const warnings = answer.issues.filter((i) => i.severity === 'warning').length;
  return (
    <Card className="bien-nhan" aria-label="Biên nhận báo cáo">
      <CardHeader header={<Subtitle1 as="h2">Biên nhận báo cáo</Subtitle1>} description="Máy chủ đã nhận và lưu báo cáo này." />
      <dl className={styles.facts}>
        <dt>Đơn vị</dt>
        <dd>{facts.unit}</dd>
        <dt>Đợt báo cáo</dt>
        <dd>{facts.round}</dd>
        <dt>Phiên bản</dt>
        <dd>{answer.version}</dd>
        <dt>Thời gian nhận</dt>
        <dd>{vietnameseDate(answer.submittedAt)}</dd>
        <dt>Số mô hình</dt>
        <dd>{answer.entries.length}</dd>
        <dt>Tệp</dt>
        <dd>{facts.file}</dd>
        {warnings > 0 && (
          <>
            <dt>Cảnh báo</dt>
            <dd>{warnings} (không ngăn việc nhận báo cáo)</dd>
          </>
        )}
      </dl>
      <div className={`${styles.buttons} khong-in`}>
        <Button appearance="primary" onClick={() => window.print()}>
          In biên nhận
        </Button>
        <Button onClick={onAnother}>Gửi tệp khác</Button>
      </div>
    </Card>
  );
}
