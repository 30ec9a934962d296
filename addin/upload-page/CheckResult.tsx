/**
 * What the check found, for an officer without the add-in: the findings grouped by entry (errors
 * first, each with its cell and what to do) and a picture of the sheet with the problem cells
 * coloured as the add-in colours them. A finding's cell address shows that cell in the picture.
 */
import { Badge, Body1, Caption1, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { cellMarks, fillOf } from '../../core/reader/cell-marks';
import type { CheckedFile, CheckedIssue, Picture } from '../sync/workbook-check';

const useStyles = makeStyles({
  groups: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
  items: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, margin: 0, paddingLeft: 0, listStyle: 'none' },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  message: { flex: '1 1 16em' },
  scroller: { overflow: 'auto', maxHeight: '70vh', border: `1px solid ${tokens.colorNeutralStroke2}` },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, minWidth: '100%' },
  head: { background: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular, padding: '2px 6px', position: 'sticky', top: 0 },
  rowHead: { background: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground3, padding: '2px 6px', textAlign: 'right', position: 'sticky', left: 0 },
  // Wide enough to read on a phone: the table scrolls inside its frame instead.
  cell: { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '2px 6px', verticalAlign: 'top', minWidth: '7em', maxWidth: '22em', whiteSpace: 'pre-wrap', overflowWrap: 'break-word' },
  headerCell: { fontWeight: tokens.fontWeightSemibold },
});

const SEVERITY_WORD = { error: 'Lỗi', warning: 'Cảnh báo' } as const;

const cellId = (address: string) => `o-${address}`;

interface Group {
  row: number | null;
  title: string;
  issues: CheckedIssue[];
}

/** Findings per entry (the whole file's first), entries with errors first, errors first within each. */
function groups(file: CheckedFile): Group[] {
  const byRow = new Map<number | null, Group>();
  const entryAt = (row: number) => {
    let best: CheckedFile['entries'][number] | undefined;
    for (const e of file.entries) if (e.row <= row && (!best || e.row > best.row)) best = e;
    return best;
  };
  for (const issue of file.issues) {
    const entry = issue.row === null ? undefined : entryAt(issue.row);
    const key = entry ? entry.row : issue.row;
    const group = byRow.get(key) ?? {
      row: key,
      title: key === null ? 'Cả tệp' : entry ? `Dòng ${entry.row}${entry.stt ? ` (STT ${entry.stt})` : ''}: ${entry.title || 'chưa có tên mô hình'}` : `Dòng ${key}`,
      issues: [],
    };
    group.issues.push(issue);
    byRow.set(key, group);
  }
  const errorsFirst = (a: CheckedIssue, b: CheckedIssue) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);
  const hasError = (g: Group) => g.issues.some((i) => i.severity === 'error');
  return [...byRow.values()]
    .map((g) => ({ ...g, issues: [...g.issues].sort(errorsFirst) }))
    .sort((a, b) => (a.row === null ? -1 : b.row === null ? 1 : hasError(a) !== hasError(b) ? (hasError(a) ? -1 : 1) : a.row - b.row));
}

function showCell(address: string): void {
  const cell = document.getElementById(cellId(address));
  cell?.scrollIntoView({ block: 'center', inline: 'center' });
  cell?.focus();
}

export function Findings({ file }: { file: CheckedFile }) {
  const styles = useStyles();
  return (
    <ul className={styles.groups} aria-label="Các điểm cần sửa">
      {groups(file).map((group) => (
        <li key={String(group.row)}>
          <Subtitle2 as="h3">{group.title}</Subtitle2>
          <ul className={styles.items}>
            {group.issues.map((issue, i) => (
              <li key={i} className={styles.item}>
                <Badge appearance="tint" color={issue.severity === 'error' ? 'danger' : 'warning'}>
                  {SEVERITY_WORD[issue.severity]}
                </Badge>
                {issue.cell && (
                  <Link as="button" onClick={() => showCell(issue.cell as string)} aria-label={`Xem ô ${issue.cell} trên bảng`}>
                    Ô {issue.cell}
                  </Link>
                )}
                <Body1 className={styles.message}>{issue.message}</Body1>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The report's rows as the sheet holds them, the problem cells filled with the add-in's colours. */
export function SheetPicture({ picture, issues }: { picture: Picture; issues: CheckedIssue[] }) {
  const styles = useStyles();
  // cellMarks takes the core Issue shape; the fields it reads are these.
  const marks = cellMarks(issues as Parameters<typeof cellMarks>[0]);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <Caption1>
          Trang “{picture.sheet}”: ô tô đỏ là lỗi, ô tô vàng là cảnh báo (di chuột hoặc chạm vào ô để xem lời nhắc).
          {picture.cut ? ' Bảng dài, chỉ hiện các dòng đầu.' : ''}
        </Caption1>
      </figcaption>
      <div className={styles.scroller}>
        <table className={styles.table} aria-label={`Bảng báo cáo trên trang ${picture.sheet}`}>
          <thead>
            <tr>
              <th className={styles.head} />
              {picture.columns.map((c) => (
                <th key={c} className={styles.head} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {picture.rows.map((values, r) => {
              const row = picture.top + r;
              return (
                <tr key={row}>
                  <th className={styles.rowHead} scope="row">
                    {row}
                  </th>
                  {values.map((text, c) => {
                    const address = `${picture.columns[c]}${row}`;
                    const mark = marks.get(address);
                    return (
                      <td
                        key={address}
                        id={cellId(address)}
                        tabIndex={mark ? 0 : undefined}
                        className={`${styles.cell}${r === 0 ? ` ${styles.headerCell}` : ''}`}
                        style={mark ? { background: fillOf(mark.severity), color: '#242424' } : undefined}
                        title={mark ? `${SEVERITY_WORD[mark.severity]}: ${mark.messages.join('\n')}` : undefined}
                        data-mark={mark?.severity}
                      >
                        {text}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
