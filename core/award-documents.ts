/**
 * The documents that follow the judging (issue #17), as plain models the server renders to .docx:
 * the "Báo cáo kết quả" of the round and the annex of the award decision (danh sách khen thưởng).
 * Both come from the one consolidation the summary workbook shows, so they never disagree with it.
 */
import type { Summary } from './consolidate';
import type { Round } from './round';
import { number } from './messages';

export interface DocumentTable {
  headers: string[];
  rows: string[][];
  /** A last row in bold (the total). */
  footer?: string[];
}

export interface DocumentModel {
  /** The file name offered for download. */
  fileName: string;
  /** The organiser on the left of the heading, the national motto on the right. */
  organiser: string;
  title: string[];
  /** Paragraphs before the table, then after it. */
  before: string[];
  table: DocumentTable;
  after: string[];
  /** Who signs: on the left, on the right. */
  signatures: [string, string];
  /** The judging is unfinished: the document says TẠM TÍNH in its title and before its table. */
  provisional: boolean;
}

/** 7500000 → "7.500.000 đ", as Vietnamese documents write money. */
export function money(amount: number): string {
  return `${number(Math.round(amount))} đ`;
}

const CATEGORY = { 'tap-the': 'Tập thể', 'ca-nhan': 'Cá nhân' } as const;
const PROVISIONAL_NOTE = (summary: Summary) =>
  `TẠM TÍNH: ${summary.underScored} mô hình chưa đủ số thành viên hội đồng chấm tối thiểu; thứ hạng và giải dưới đây chỉ là đề xuất, chưa phải kết quả cuối cùng.`;

const organiserOf = (round: Round) => (round.organiser ?? 'ỦY BAN NHÂN DÂN').toLocaleUpperCase('vi');

/** The prize entries in rank order with the total, as the annex and the report both list them. */
function prizeTable(summary: Summary, totalLabel: string): DocumentTable {
  const rows = summary.entries.filter((e) => e.prize).map((e, i) => [String(i + 1), e.title, e.expectedUnit ?? e.unit, e.prize!.tier, CATEGORY[e.category], money(e.prize!.amount)]);
  return {
    headers: ['STT', 'Tên mô hình, giải pháp, sáng kiến', 'Đơn vị', 'Giải', 'Hình thức', 'Số tiền'],
    rows,
    footer: ['', totalLabel, '', '', `${rows.length} giải`, money(summary.prizes.total)],
  };
}

/** Danh sách khen thưởng: entry, unit, prize, collective or individual, amount, and the total. */
export function awardAnnex(round: Round, summary: Summary): DocumentModel {
  return {
    fileName: documentFileName('danh-sach-khen-thuong', round),
    organiser: organiserOf(round),
    title: [
      summary.provisional ? 'PHỤ LỤC (TẠM TÍNH)' : 'PHỤ LỤC',
      `Danh sách khen thưởng mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year}`,
      `(Kèm theo Quyết định số ……/QĐ-…… ngày …… tháng …… năm ${round.year})`,
    ],
    before: summary.provisional ? [PROVISIONAL_NOTE(summary)] : [],
    table: prizeTable(summary, summary.provisional ? 'Tổng cộng (TẠM TÍNH)' : 'Tổng cộng'),
    after: [`Tổng số tiền thưởng: ${money(summary.prizes.total)}.`],
    signatures: ['NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG CƠ QUAN'],
    provisional: summary.provisional,
  };
}

/** Báo cáo kết quả: who reported, how the judging went, the prizes proposed, what the council should discuss. */
export function resultsReport(round: Round, summary: Summary): DocumentModel {
  const reported = summary.units.filter((u) => u.status !== 'none').length;
  const scored = summary.entries.filter((e) => e.scores).length;
  const before = [
    `I. TÌNH HÌNH BÁO CÁO`,
    `${reported}/${summary.units.length} đơn vị đã gửi báo cáo với ${summary.entries.length} mô hình, giải pháp, sáng kiến.` +
      (summary.missing.length > 0 ? ` Chưa gửi: ${summary.missing.join(', ')}.` : ''),
    `II. KẾT QUẢ CHẤM ĐIỂM`,
    `${scored} mô hình đã được chấm; mỗi mô hình cần tối thiểu ${round.rubric.minReviewers} thành viên hội đồng chấm.` +
      (summary.divergent.length > 0 ? ` ${summary.divergent.length} mô hình có điểm của các thành viên chênh lệch nhiều, hội đồng cần trao đổi: ${summary.divergent.map((d) => `“${d.title}” (${d.unit})`).join(', ')}.` : ''),
    ...(summary.duplicates.length > 0 ? [`Có ${summary.duplicates.length} cặp mô hình có khả năng trùng lặp (xem trang Trùng lặp của bảng tổng hợp).`] : []),
    ...(summary.provisional ? [PROVISIONAL_NOTE(summary)] : []),
    `III. ĐỀ XUẤT KHEN THƯỞNG`,
  ];
  return {
    fileName: documentFileName('bao-cao-ket-qua', round),
    organiser: organiserOf(round),
    title: [summary.provisional ? 'BÁO CÁO (TẠM TÍNH)' : 'BÁO CÁO', `Kết quả đánh giá mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year}`, `(${round.name})`],
    before,
    table: prizeTable(summary, 'Tổng cộng'),
    after: [`Tổng kinh phí khen thưởng đề xuất: ${money(summary.prizes.total)}.`],
    signatures: ['NGƯỜI LẬP BÁO CÁO', 'THỦ TRƯỞNG CƠ QUAN'],
    provisional: summary.provisional,
  };
}

/** The documents by the name the API and the pane use for them. */
export const DOCUMENTS = { 'bao-cao-ket-qua': resultsReport, 'danh-sach-khen-thuong': awardAnnex } as const;
export type DocumentName = keyof typeof DOCUMENTS;

export function documentFileName(name: DocumentName, round: Pick<Round, 'id'>): string {
  return `${name}-${round.id}.docx`;
}
