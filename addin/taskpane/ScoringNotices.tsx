/** What the reviewer is told beside the card: what changed since the sheet was built, and points typed out of range. */
import { Link, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ScoreSheetChanges } from '../../core/judging/score-sheet';

export function SheetChanges({ changes }: { changes: ScoreSheetChanges }) {
  if (changes.withdrawn.length === 0 && changes.added === 0 && changes.changed === 0) return null;
  return (
    <MessageBar intent="info">
      <MessageBarBody>
        <MessageBarTitle>Thay đổi từ lần lập phiếu trước</MessageBarTitle>
        {changes.withdrawn.length > 0 &&
          `${changes.withdrawn.length} mô hình đã được đơn vị rút khỏi báo cáo nên không còn trong phiếu: ${changes.withdrawn.map((w) => `“${w.title}” (${w.unit})`).join(', ')}. Điểm đã chấm cho các mô hình này vẫn được lưu nhưng không được tính. `}
        {changes.added > 0 && `${changes.added} mô hình mới được thêm vào phiếu. `}
        {changes.changed > 0 && `${changes.changed} mô hình đã được đơn vị sửa sau khi anh/chị chấm: xem ở mục “Cần chấm lại”.`}
      </MessageBarBody>
    </MessageBar>
  );
}

export function BadPoints({ points, onGo }: { points: Array<{ cell: string; message: string; title: string }>; onGo: (cell: string) => void }) {
  if (points.length === 0) return null;
  return (
    <MessageBar intent="error">
      <MessageBarBody>
        <MessageBarTitle>Điểm nhập trên trang chưa hợp lệ ({points.length} ô), chưa được gửi</MessageBarTitle>
        <ul>
          {points.map((p) => (
            <li key={p.cell}>
              <Link as="button" onClick={() => onGo(p.cell)}>
                Ô {p.cell} (“{p.title}”)
              </Link>
              : {p.message}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
