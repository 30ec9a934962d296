/**
 * The documents that follow the judging, by the name the API and the pane use for them: each a
 * model (core/documents/award-documents, core/documents/council-documents) the server renders to .docx.
 */
import { awardAnnex, resultsReport } from './award-documents';
import { councilMinutes, notRecognisedList } from './council-documents';
import type { Round } from '../rounds/round';

export const DOCUMENTS = {
  'bao-cao-ket-qua': resultsReport,
  'danh-sach-khen-thuong': awardAnnex,
  'bien-ban-hop-hoi-dong': councilMinutes,
  'danh-sach-khong-cong-nhan': notRecognisedList,
} as const;
export type DocumentName = keyof typeof DOCUMENTS;
export const DOCUMENT_TITLES: Record<DocumentName, string> = {
  'bao-cao-ket-qua': 'Báo cáo kết quả đánh giá',
  'danh-sach-khen-thuong': 'Danh sách khen thưởng (phụ lục quyết định)',
  'bien-ban-hop-hoi-dong': 'Biên bản họp Hội đồng (điểm của từng thành viên)',
  'danh-sach-khong-cong-nhan': 'Danh sách mô hình không được công nhận',
};

export function documentFileName(name: DocumentName, round: Pick<Round, 'id'>): string {
  return `${name}-${round.id}.docx`;
}
