/**
 * What the views ask Excel to do. The views receive these as props, so they are tested with
 * plain functions and run in Excel with the real ones from addin/excel/.
 */
import { clearMarks, markFindings } from '../excel/marks';
import { readWorkbookReport } from '../excel/report';
import { selectCell, writeCellValue, writeCellValues, writeEntryIds } from '../excel/cells';
import { buildScoreSheet, readScoreSheetOwner, readScoreSheetRows, saveScoreSheetOwner, watchScoreSheet, writeScoreRow } from '../excel/score-sheet';
import { writeSummarySheets } from '../excel/summary';
import { readPlainSheet, readSelectedText, writePlainSheet } from '../excel/plain-sheet';
import { readBaseVersion, saveBaseVersion } from '../excel/report-version';
import { insertTemplate } from '../excel/template';

export interface ExcelActions {
  insertTemplate: typeof insertTemplate;
  readReport: typeof readWorkbookReport;
  markFindings: typeof markFindings;
  clearMarks: typeof clearMarks;
  selectCell: typeof selectCell;
  writeCellValue: typeof writeCellValue;
  writeCellValues: typeof writeCellValues;
  writeEntryIds: typeof writeEntryIds;
  writeSummarySheets: typeof writeSummarySheets;
  buildScoreSheet: typeof buildScoreSheet;
  readScoreSheetRows: typeof readScoreSheetRows;
  writeScoreRow: typeof writeScoreRow;
  watchScoreSheet: typeof watchScoreSheet;
  readScoreSheetOwner: typeof readScoreSheetOwner;
  saveScoreSheetOwner: typeof saveScoreSheetOwner;
  readBaseVersion: typeof readBaseVersion;
  saveBaseVersion: typeof saveBaseVersion;
  writePlainSheet: typeof writePlainSheet;
  readPlainSheet: typeof readPlainSheet;
  readSelectedText: typeof readSelectedText;
}

export const officeExcel: ExcelActions = {
  insertTemplate,
  readReport: readWorkbookReport,
  markFindings,
  clearMarks,
  selectCell,
  writeCellValue,
  writeCellValues,
  writeEntryIds,
  writeSummarySheets,
  buildScoreSheet,
  readScoreSheetRows,
  writeScoreRow,
  watchScoreSheet,
  readScoreSheetOwner,
  saveScoreSheetOwner,
  readBaseVersion,
  saveBaseVersion,
  writePlainSheet,
  readPlainSheet,
  readSelectedText,
};

/** An Office.js failure as the officer reads it (the technical message stays in the console). */
export function excelFailure(error: unknown): string {
  console.error(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'InvalidSelection' || code === 'ItemNotFound') return 'Không tìm thấy trang tính hoặc ô cần làm việc. Có thể trang đã bị đổi tên hoặc xóa; hãy bấm Kiểm tra lại.';
  if (code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded') return 'Trang tính quá lớn để Excel xử lý một lần. Hãy bớt dòng trống hoặc chia báo cáo.';
  if (code === 'InvalidOperationInCellEditMode') return 'Anh/chị đang nhập dở trong một ô. Bấm Enter (hoặc chọn ô khác) rồi bấm lại nút này.';
  if (code === 'ApiNotFound') return 'Phiên bản Excel này chưa hỗ trợ thao tác này. Hãy cập nhật Excel, hoặc dùng trang Nộp báo cáo trên trình duyệt.';
  return 'Excel không thực hiện được thao tác này. Hãy thử lại; nếu vẫn lỗi, đóng và mở lại ngăn Phụ lục.';
}
