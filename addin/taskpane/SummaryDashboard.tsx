/**
 * The Tổng hợp tab's dashboard: reports in, entries scored, entries per field and the score
 * distribution, as labelled bars. Fluent's ProgressBar draws each bar (accessible, themed, already
 * in the pane); a chart library would add d3 and hundreds of KB to a pane that must open fast on
 * old machines, for three lists of bars. The workbook holds the native charts.
 */
import { Body1, Body1Strong, Caption1, Field, ProgressBar, makeStyles, tokens } from '@fluentui/react-components';
import type { Dashboard } from '../../core/consolidation/summary-sheets';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  figures: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
});

function Bars({ title, items }: { title: string; items: Array<{ label: string; count: number }> }) {
  const most = Math.max(1, ...items.map((i) => i.count));
  return (
    <section aria-label={title}>
      <Body1Strong>{title}</Body1Strong>
      {items.map((item) => (
        <Field key={item.label} label={`${item.label}: ${item.count}`} size="small">
          <ProgressBar value={item.count / most} thickness="large" aria-label={`${item.label}: ${item.count}`} />
        </Field>
      ))}
    </section>
  );
}

export function SummaryDashboard({ data }: { data: Dashboard }) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="Tổng quan">
      <div className={styles.figures}>
        <Body1>
          <Body1Strong>
            {data.units.reported}/{data.units.total}
          </Body1Strong>{' '}
          đơn vị đã nộp
        </Body1>
        <Body1>
          <Body1Strong>{data.entries}</Body1Strong> mô hình
        </Body1>
        <Body1>
          <Body1Strong>
            {data.scored}/{data.entries}
          </Body1Strong>{' '}
          đã chấm đủ
        </Body1>
      </div>
      <Bars title="Số mô hình theo lĩnh vực" items={data.fields.map((f) => ({ label: f.name, count: f.count }))} />
      {data.scores.some((b) => b.count > 0) ? (
        <Bars title="Phân bố tổng điểm trung bình" items={data.scores} />
      ) : (
        <Caption1>Chưa có mô hình nào được chấm: chưa có phân bố điểm.</Caption1>
      )}
    </section>
  );
}
