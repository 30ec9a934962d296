/**
 * The documents that follow the judging, as plain models the server renders to .docx: the
 * round's "Báo cáo kết quả" and the annex of the award decision (danh sách khen thưởng). Both come
 * from the one consolidation the summary workbook shows, so they never disagree with it, and both
 * carry the parts Nghị định 30/2020/NĐ-CP (Phụ lục I) asks of an administrative document: the
 * issuing body under its superior, the number and the place-date line, the title, the signature
 * with its authority, the recipients; the annex says what it is attached to and signs nothing.
 */
import { doReadNumber, ReadingConfig } from 'read-vietnamese-number';
import { reportedUnits, type Summary } from '../consolidation/consolidate';
import { ALL_PAIRS_AT, duplicatePartners, pairsOf, partnerIn } from '../consolidation/duplicate-partners';
import { documentSettings } from './document-settings';
import type { Round } from '../rounds/round';
import { number, similarityPercent } from '../messages';
import { vietnameseDate } from '../rounds/submission';

export interface DocumentTable {
  headers: string[];
  /** Each column's share of the table's width (the title wide, STT narrow). */
  widths: number[];
  /** Columns whose text never wraps (money, scores). */
  noWrap: number[];
  /** Columns aligned right (figures). */
  right: number[];
  rows: string[][];
  /** A last row in bold (the total). */
  footer?: string[];
}

export interface DocumentModel {
  heading: { superior: string; issuer: string };
  /** "Số:      /BC-SNV", or null for an annex (it has its decision's number). */
  number: string | null;
  /** "Thành phố Hồ Chí Minh, ngày      tháng      năm 2025", or null for an annex. */
  placeDate: string | null;
  title: string[];
  /** Paragraphs before the table, then after it; a line starting "I." is a heading. */
  before: string[];
  table: DocumentTable;
  after: string[];
  /** Who signs, or null (an annex signs nothing of its own). */
  signature: { authority: string; title: string; name: string } | null;
  /** A second signer on the left, where a document has no recipients (the council's secretary signs its minutes). */
  secretary?: { title: string; name: string };
  /** Printed across A4 landscape (the minutes: a column per member). */
  landscape?: boolean;
  /** Nơi nhận, or null. */
  recipients: string[] | null;
  /** The judging is unfinished: the document says TẠM TÍNH in its title and before its table. */
  provisional: boolean;
}

/** 7500000 → "7.500.000 đ", as Vietnamese documents write money. */
export function money(amount: number): string {
  return `${number(Math.round(amount))} đ`;
}

const WORDS = new ReadingConfig();
WORDS.unit = ['đồng'];

/** 31500000 → "Ba mươi mốt triệu năm trăm nghìn đồng" (read-vietnamese-number). */
export function moneyInWords(amount: number): string {
  const words = doReadNumber(String(Math.round(amount)), WORDS);
  return words.charAt(0).toLocaleUpperCase('vi') + words.slice(1);
}

const CATEGORY = { 'tap-the': 'Tập thể', 'ca-nhan': 'Cá nhân' } as const;
/** A blank to fill in by hand, as official forms leave them. */
export const BLANK = '……';
/** The day and month of a date line left for the signer, as spaces (printed forms leave them so). */
export const DAY_BLANK = '\u00a0'.repeat(4);

/** Only the entries short of scores, with how many each has: never "all unfinished" when most are done. */
export function provisionalNote(round: Round, summary: Summary): string {
  if (summary.entries.length === 0) return 'TẠM TÍNH: chưa có mô hình nào được gửi và chấm; danh sách dưới đây chưa có giải nào.';
  const short = summary.entries.filter((e) => (e.scores?.reviewers ?? 0) < round.rubric.minReviewers);
  const named = short
    .slice(0, 10)
    .map((e) => `“${e.title}” (${e.expectedUnit ?? e.unit}: ${e.scores?.reviewers ?? 0}/${round.rubric.minReviewers})`)
    .join('; ');
  return (
    `TẠM TÍNH: ${short.length}/${summary.entries.length} mô hình chưa đủ ${round.rubric.minReviewers} thành viên hội đồng chấm` +
    `${named ? `: ${named}${short.length > 10 ? `; và ${short.length - 10} mô hình khác` : ''}` : ''}. Thứ hạng và giải dưới đây chỉ là đề xuất, chưa phải kết quả cuối cùng.`
  );
}

export const points = (value: number | undefined) => (value === undefined ? '' : value.toFixed(2).replace('.', ','));

function prizeRows(summary: Summary) {
  return summary.entries.filter((e) => e.prize);
}

/** Danh sách khen thưởng: entry, unit, prize, collective or individual, amount, remarks, the total in figures and words. */
export function awardAnnex(round: Round, summary: Summary): DocumentModel {
  const settings = documentSettings(round);
  const rows = prizeRows(summary).map((e, i) => [String(i + 1), e.title, e.expectedUnit ?? e.unit, e.prize!.tier, CATEGORY[e.category], money(e.prize!.amount), duplicatePartners(summary, e.id, ALL_PAIRS_AT)]);
  return {
    heading: { superior: settings.superior, issuer: settings.issuer },
    number: null,
    placeDate: null,
    title: [
      summary.provisional ? 'PHỤ LỤC (TẠM TÍNH)' : 'PHỤ LỤC',
      `DANH SÁCH KHEN THƯỞNG MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH NĂM ${round.year}`,
      `(Kèm theo Quyết định số ${BLANK}/${settings.decisionSuffix} ngày ${BLANK} tháng ${BLANK} năm ${BLANK} của ${settings.issuerInText})`,
    ],
    before: summary.provisional ? [provisionalNote(round, summary)] : [],
    table: {
      headers: ['STT', 'Tên mô hình, giải pháp, sáng kiến', 'Đơn vị', 'Giải', 'Hình thức', 'Số tiền', 'Ghi chú'],
      widths: [7, 27, 14, 13, 10, 17, 12],
      noWrap: [0, 3, 5],
      right: [5],
      rows,
      footer: ['', summary.provisional ? 'Tổng cộng (TẠM TÍNH)' : 'Tổng cộng', '', '', `${rows.length} giải`, money(summary.prizes.total), ''],
    },
    after: [`Tổng số tiền thưởng: ${money(summary.prizes.total)} (bằng chữ: ${moneyInWords(summary.prizes.total)}).`],
    signature: null,
    recipients: null,
    provisional: summary.provisional,
  };
}

/** Entries whose members' scores diverged named in Báo cáo kết quả at most; past that they are counted (the council's minutes list each, with what it settled). */
const DIVERGENT_NAMED = 10;

/** The entries the council must discuss, as the report's judging paragraph ends. */
function divergentSaid(summary: Summary): string {
  const { divergent } = summary;
  if (divergent.length === 0) return '';
  const said = ` ${number(divergent.length)} mô hình có điểm của các thành viên chênh lệch nhiều, hội đồng cần trao đổi`;
  if (divergent.length > DIVERGENT_NAMED) return `${said} (danh sách tại mục IV của Biên bản họp Hội đồng).`;
  return `${said}: ${divergent.map((d) => `“${d.title}” (${d.unit})`).join(', ')}.`;
}

/** Pairs without an entry proposed for a prize named in Báo cáo kết quả at most; past that they are counted, and listed on the summary's Trùng lặp sheet. */
const OTHER_PAIRS_NAMED = 5;

/** Partners a paragraph of Báo cáo kết quả names at most (the most alike); the rest it counts. */
export const PARTNERS_NAMED = 3;

/**
 * The likely duplicates Báo cáo kết quả names: each entry proposed for a prize that has any, with
 * its most alike (what the council must settle before awarding); the other pairs each when they are
 * few, else how many and where they are listed. Every pair in the text, and every partner on each
 * prize's row, printed a city's report where 30 wards had copied one model (435 pairs) on 176 pages.
 */
function duplicatesToSettle(summary: Summary): string[] {
  const prized = summary.entries.filter((e) => e.prize);
  const prizedIds = new Set(prized.map((e) => e.id));
  const lines = prized.flatMap((e) => {
    const pairs = pairsOf(summary, e.id);
    if (pairs.length === 0) return [];
    const named = pairs.slice(0, PARTNERS_NAMED).map((d) => {
      const partner = partnerIn(d, e.id);
      return `“${partner.title}” (${partner.unit}), độ tương đồng ${similarityPercent(d.similarity)}`;
    });
    const more = pairs.length > PARTNERS_NAMED ? ` và ${pairs.length - PARTNERS_NAMED} mô hình khác (${ALL_PAIRS_AT})` : '';
    return [`Mô hình được đề xuất ${e.prize!.tier} “${e.title}” (${e.expectedUnit ?? e.unit}) có khả năng trùng lặp với ${named.join('; ')}${more}; hội đồng cần xem xét trước khi khen thưởng.`];
  });
  const others = summary.duplicates.filter((d) => !prizedIds.has(d.a.id) && !prizedIds.has(d.b.id));
  if (others.length <= OTHER_PAIRS_NAMED) lines.push(...others.map((d) => `Có khả năng trùng lặp: “${d.a.title}” (${d.a.unit}) và “${d.b.title}” (${d.b.unit}), độ tương đồng ${similarityPercent(d.similarity)}; hội đồng cần xem xét trước khi khen thưởng.`));
  else if (prized.length > 0) lines.push(`Ngoài ra, có ${number(others.length)} cặp mô hình khác có khả năng trùng lặp, trong đó không có mô hình được đề xuất khen thưởng (${ALL_PAIRS_AT}); hội đồng cần xem xét khi công nhận.`);
  else lines.push(`Có ${number(others.length)} cặp mô hình có khả năng trùng lặp (${ALL_PAIRS_AT}); hội đồng cần xem xét trước khi công nhận, khen thưởng.`);
  return lines;
}

/** Báo cáo kết quả: who reported, how the judging went, what the council should discuss, the prizes proposed. */
export function resultsReport(round: Round, summary: Summary): DocumentModel {
  const settings = documentSettings(round);
  const reported = reportedUnits(summary).length;
  const enough = summary.entries.filter((e) => (e.scores?.reviewers ?? 0) >= round.rubric.minReviewers).length;
  const before = [
    `I. TÌNH HÌNH BÁO CÁO`,
    `${reported}/${summary.units.length} đơn vị đã gửi báo cáo với ${summary.entries.length} mô hình, giải pháp, sáng kiến.` +
      (summary.missing.length > 0 ? ` Chưa gửi: ${summary.missing.join(', ')}.` : '') +
      (summary.refused.length > 0 ? ` Bị trả lại (báo cáo còn lỗi, chưa gửi lại bản đạt): ${summary.refused.map((r) => `${r.unit} (ngày ${vietnameseDate(r.at).slice(0, 10)}: ${r.reason})`).join('; ')}.` : ''),
    `II. KẾT QUẢ CHẤM ĐIỂM`,
    `${enough}/${summary.entries.length} mô hình đã được chấm đủ ${round.rubric.minReviewers} thành viên hội đồng; ${summary.entries.length - enough} mô hình chưa đủ.` +
      divergentSaid(summary),
    ...duplicatesToSettle(summary),
    ...(summary.provisional ? [provisionalNote(round, summary)] : []),
    `III. ĐỀ XUẤT KHEN THƯỞNG`,
  ];
  const rows = prizeRows(summary).map((e, i) => [String(i + 1), e.title, e.expectedUnit ?? e.unit, points(e.scores?.total), e.prize!.tier, money(e.prize!.amount), duplicatePartners(summary, e.id, 'xem mục II')]);
  return {
    heading: { superior: settings.superior, issuer: settings.issuer },
    number: `Số: ${BLANK}/${settings.reportSuffix}`,
    placeDate: `${settings.place}, ngày${DAY_BLANK}tháng${DAY_BLANK}năm ${round.year}`,
    title: [summary.provisional ? 'BÁO CÁO (TẠM TÍNH)' : 'BÁO CÁO', `Kết quả đánh giá mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year}`],
    before,
    table: {
      headers: ['STT', 'Tên mô hình, giải pháp, sáng kiến', 'Đơn vị', 'Điểm', 'Giải', 'Số tiền', 'Ghi chú'],
      widths: [7, 26, 14, 8, 13, 17, 15],
      noWrap: [0, 3, 4, 5],
      right: [3, 5],
      rows,
      footer: ['', 'Tổng cộng', '', '', `${rows.length} giải`, money(summary.prizes.total), ''],
    },
    after: [`Tổng kinh phí khen thưởng đề xuất: ${money(summary.prizes.total)} (bằng chữ: ${moneyInWords(summary.prizes.total)}).`],
    signature: { authority: settings.signerAuthority, title: settings.signerTitle, name: settings.signerName },
    recipients: settings.recipients,
    provisional: summary.provisional,
  };
}

