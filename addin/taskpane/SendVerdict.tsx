/** The server's verdict on the last send of the sheet: received (version, time, entries), or refused with its findings. */
import { Button, Link, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { vietnameseDate } from '../../core/rounds/submission';
import type { Issue } from '../../core/types';
import { parseAnswer, submissionAnswerSchema } from '../sync/api';
import type { OutboxItem } from '../sync/outbox';

interface SendVerdictProps {
  item: OutboxItem;
  /** The server's findings, placed on this sheet's cells. */
  issues: Issue[];
  /** Goes to a cell of the report's sheet (null when no sheet was read). */
  onGo: ((cell: string) => void) | null;
  onDismiss: () => void;
}

export function SendVerdict({ item, issues, onGo, onDismiss }: SendVerdictProps) {
  if (item.state === 'delivered') {
    const answer = parseAnswer(submissionAnswerSchema, item.answer);
    const warnings = answer.issues.length;
    return (
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>Máy chủ đã nhận báo cáo</MessageBarTitle>
          Phiên bản {answer.version}, lúc {vietnameseDate(answer.submittedAt)}, {answer.entries.length} mô hình{warnings ? `, ${warnings} cảnh báo` : ''}.
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (item.state === 'rejected' && item.error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          <MessageBarTitle>Máy chủ chưa nhận báo cáo</MessageBarTitle>
          {item.error.message}
          {issues.length > 0 && (
            <ul>
              {issues.slice(0, 20).map((issue, i) => (
                <li key={i}>
                  {issue.cell && onGo ? (
                    <Link as="button" onClick={() => onGo(issue.cell!)}>
                      {issue.message}
                    </Link>
                  ) : (
                    issue.message
                  )}
                </li>
              ))}
            </ul>
          )}
          <Button size="small" onClick={onDismiss}>
            Đã hiểu
          </Button>
        </MessageBarBody>
      </MessageBar>
    );
  }
  return null;
}
