/**
 * The council's documents (issue #29): the minutes of its meeting (Biên bản họp Hội đồng), with
 * each member's independent total of each entry side by side, the mean, the round's rule for
 * recognising an entry, the divergent entries with what the council settled, and the result; and
 * the list of entries not recognised, with their scores and the reason, for the units.
 */
import { BLANK, DAY_BLANK, points, provisionalNote, type DocumentModel } from './award-documents';
import type { Summary } from '../consolidation/consolidate';
import { council, decimal, settledNote, type Council, type CouncilEntry } from '../judging/council';
import { documentSettings } from './document-settings';
import type { Round } from '../rounds/round';

export interface CouncilInput {
  scores: Parameters<typeof council>[2];
  reviewers: Parameters<typeof council>[3];
}

/**
 * Members side by side, a column each, while A4 across holds them legibly as LibreOffice prints them
 * (test/documents: at 11 each label whole; at 12, TV10 printed as “TV1” above “0”, and with STT's
 * column a share of 5, STT as “ST” above “T”). A larger jury (a city's, in panels by field) gets one
 * column listing, for each entry, the members who scored it with their totals.
 */
export const MEMBER_COLUMNS_AT_MOST = 11;

/** Section III's table: the entry, each member's total, the mean, the decision. */
function membersTable(c: Council): DocumentModel['table'] {
  const side = c.members.length <= MEMBER_COLUMNS_AT_MOST;
  // Between the entry and its mean: a column per member, or one listing the members who scored it ("TV3: 85", never apart: a no-break space).
  const members = side
    ? { headers: c.members.map((_, i) => `TV${i + 1}`), widths: c.members.map(() => 7), cells: (e: CouncilEntry) => e.totals.map((t) => (t === null ? '' : decimal(t))) }
    : { headers: ['Tổng điểm của từng thành viên đã chấm'], widths: [50], cells: (e: CouncilEntry) => [e.totals.flatMap((t, m) => (t === null ? [] : [`TV${m + 1}:\u00a0${decimal(t)}`])).join('; ')] };
  const mean = members.headers.length + 2;
  // The figures (each member's total, the mean) never wrap and sit right.
  const figures = [...(side ? members.headers.map((_, i) => i + 2) : []), mean];
  return {
    headers: ['STT', 'Mô hình, giải pháp, sáng kiến (đơn vị)', ...members.headers, 'Trung bình', 'Kết quả'],
    widths: [6, 34, ...members.widths, 10, 14],
    noWrap: [0, ...figures],
    right: figures,
    rows: c.entries.map((e, i) => [String(i + 1), `${e.entry.title} (${e.entry.expectedUnit ?? e.entry.unit})`, ...members.cells(e), points(e.entry.scores?.total), RESULT(e.recognised)]),
  };
}

const RESULT = (recognised: boolean | null) => (recognised === null ? 'Chưa đủ điểm' : recognised ? 'Công nhận' : 'Không công nhận');

function counts(c: Council) {
  const recognised = c.entries.filter((e) => e.recognised === true).length;
  const refused = c.entries.filter((e) => e.recognised === false).length;
  return { recognised, refused, undecided: c.entries.length - recognised - refused };
}

/** Biên bản họp Hội đồng: who scored, the rule, each member's total side by side, what was discussed, the result. */
export function councilMinutes(round: Round, summary: Summary, input: CouncilInput): DocumentModel {
  const settings = documentSettings(round);
  const c = council(round, summary, input.scores, input.reviewers);
  const { recognised, refused, undecided } = counts(c);
  const members = c.members.map((m, i) => `${i + 1}. ${m.name} (cột TV${i + 1}).`);
  const divergent = summary.divergent.map((d) => {
    const note = settledNote(round, d.id);
    return `“${d.title}” (${d.unit}): điểm của ${d.reviewers} thành viên chênh lệch ${decimal(d.spread)} điểm. ${note ? `Hội đồng thống nhất: ${note}` : `Ý kiến thống nhất của Hội đồng: ${BLANK}`}`;
  });
  return {
    heading: { superior: settings.superior, issuer: settings.issuer },
    number: `Số: ${BLANK}/BB-HĐ`,
    placeDate: `${settings.place}, ngày${DAY_BLANK}tháng${DAY_BLANK}năm ${round.year}`,
    title: [summary.provisional ? 'BIÊN BẢN (TẠM TÍNH)' : 'BIÊN BẢN', `Họp Hội đồng đánh giá mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year}`],
    before: [
      'I. THÀNH PHẦN',
      `Hội đồng có ${c.members.length} thành viên đã chấm điểm độc lập các mô hình của ${round.name}:`,
      ...members,
      'II. NGUYÊN TẮC CÔNG NHẬN',
      c.ruleText,
      'III. ĐIỂM CỦA TỪNG THÀNH VIÊN',
      'Tổng điểm mỗi thành viên chấm cho từng mô hình (TV: thành viên, theo danh sách tại mục I), điểm trung bình và kết quả:',
    ],
    table: membersTable(c),
    after: [
      'IV. CÁC MÔ HÌNH CÓ ĐIỂM CHÊNH LỆCH NHIỀU',
      ...(divergent.length > 0 ? divergent : [`Không có mô hình nào có điểm của các thành viên chênh lệch quá ${decimal(round.rubric.spreadThreshold)} điểm.`]),
      'V. KẾT QUẢ',
      `${recognised}/${c.entries.length} mô hình được công nhận; ${refused} mô hình không được công nhận (danh sách kèm theo)${undecided > 0 ? `; ${undecided} mô hình chưa đủ số thành viên chấm, chưa xét` : ''}.`,
      ...(summary.provisional ? [provisionalNote(round, summary)] : []),
      `Biên bản kết thúc lúc ${BLANK} giờ ${BLANK} cùng ngày, đã được đọc lại và các thành viên Hội đồng thống nhất.`,
    ],
    signature: { authority: '', title: 'CHỦ TỊCH HỘI ĐỒNG', name: '' },
    secretary: { title: 'THƯ KÝ HỘI ĐỒNG', name: '' },
    recipients: null,
    landscape: true,
    provisional: summary.provisional,
  };
}

/** The entries the council did not recognise, with their scores and the reason: for the units. */
export function notRecognisedList(round: Round, summary: Summary, input: CouncilInput): DocumentModel {
  const settings = documentSettings(round);
  const c = council(round, summary, input.scores, input.reviewers);
  const refused = c.entries.filter((e) => e.recognised !== true);
  const rows = refused.map((e, i) => [
    String(i + 1),
    e.entry.title,
    e.entry.expectedUnit ?? e.entry.unit,
    points(e.entry.scores?.total),
    String(e.totals.filter((t) => t !== null).length),
    e.reason,
  ]);
  return {
    heading: { superior: settings.superior, issuer: settings.issuer },
    number: null,
    placeDate: null,
    title: [
      summary.provisional ? 'DANH SÁCH (TẠM TÍNH)' : 'DANH SÁCH',
      `Mô hình, giải pháp, sáng kiến cải cách hành chính năm ${round.year} không được công nhận`,
      `(Kèm theo Biên bản họp Hội đồng số ${BLANK}/BB-HĐ ngày ${BLANK} tháng ${BLANK} năm ${round.year})`,
    ],
    before: [c.ruleText, ...(summary.provisional ? [provisionalNote(round, summary)] : [])],
    table: {
      headers: ['STT', 'Tên mô hình, giải pháp, sáng kiến', 'Đơn vị', 'Điểm', 'Số người chấm', 'Lý do'],
      widths: [6, 30, 15, 9, 9, 31],
      noWrap: [0, 3],
      right: [3, 4],
      rows: rows.length > 0 ? rows : [['', 'Không có mô hình nào', '', '', '', '']],
    },
    after: [],
    signature: { authority: settings.signerAuthority, title: settings.signerTitle, name: settings.signerName },
    recipients: ['Các đơn vị có tên trong danh sách;', 'Lưu: VT.'],
    provisional: summary.provisional,
  };
}
