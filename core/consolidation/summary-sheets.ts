/**
 * The summary workbook's content as plain tables: sheet name, Vietnamese headers, rows of values,
 * and which cells to flag. ExcelJS (server, command line) and Office.js (the add-in) render the
 * same tables, so the three doors hold the same rows.
 */
import { reportedUnits, type Summary, type SummaryEntry } from './consolidate';
import { duplicatePartners } from './duplicate-partners';
import { UNIT_KIND_LABELS } from '../rounds/units';
import type { Round } from '../rounds/round';
import { own } from '../records';
import { documentSettings } from '../documents/document-settings';
import type { SheetValue, SummaryTable } from './sheet-layout';
import { vietnameseDate } from '../rounds/submission';
import { SECTION_LABELS } from '../reader/template';
import { SECTION_KEYS } from '../types';

/** "Thành phố Hồ Chí Minh, ngày 10 tháng 09 năm 2024": the place-date line, in Vietnam's time (vietnameseDate's day). */
function placeDate(place: string, at: Date): string {
  const [d, m, y] = vietnameseDate(at.toISOString()).slice(0, 10).split('/');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

/** Who signs a list the council signs: the round's signer (Nghị định 30's authority, title, name) on the right, whoever drew it up on the left; the date line says where. */
function signatures(round: Round, made: Date): NonNullable<SummaryTable['signatures']> {
  const set = documentSettings(round);
  return {
    date: placeDate(set.place, made),
    left: { roles: ['NGƯỜI LẬP BIỂU'], hint: '(Ký, ghi rõ họ tên)', name: '' },
    right: { roles: [set.signerAuthority, set.signerTitle].filter(Boolean), hint: '(Ký tên, đóng dấu)', name: set.signerName },
  };
}

/** Nghị định 30's heading of a signed sheet: the issuing body under its superior, the national title and motto. */
function letterhead(round: Round): NonNullable<SummaryTable['letterhead']> {
  const set = documentSettings(round);
  return { left: [set.superior, set.issuer], right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] };
}

/** What the summary's technical columns mean, for whoever reads the workbook without us. */
const COLUMN_NOTES: Record<string, string> = {
  'Tổng điểm (trung bình)': 'Trung bình tổng điểm của các thành viên đã chấm (không cộng dồn: mô hình ít người chấm không bị thiệt). Xếp hạng theo cột này.',
  'Chênh lệch': 'Tổng điểm cao nhất trừ thấp nhất giữa các thành viên. Ô tô màu: chênh lệch quá ngưỡng của đợt, hội đồng nên trao đổi.',
  'Trung vị': 'Tổng điểm ở giữa khi xếp các thành viên từ thấp đến cao: ít bị ảnh hưởng bởi một người chấm quá cao hoặc quá thấp.',
  'Trung bình cắt': 'Trung bình sau khi bỏ tổng điểm cao nhất và thấp nhất (khi có từ 5 thành viên chấm trở lên).',
  'Điểm chuẩn hóa': 'Điểm sau khi cân bằng thói quen chấm của từng thành viên (người chấm chặt tay và người chấm rộng tay), quy về thang điểm của đợt.',
  'Chuyển Thành phố': 'Có: mô hình đạt giải (hoặc đạt điểm tối thiểu của đợt), trong số tối đa các mô hình mỗi đơn vị được chuyển lên.',
  'Ghi chú kiểm tra': 'Những gì việc kiểm tra báo cáo tìm thấy ở mô hình này (lỗi, cảnh báo), như đơn vị đã được báo. Ô tô màu: còn lỗi chưa sửa.',
  'Độ tương đồng': 'Mức giống nhau cao hơn trong hai cách đo: tên (tỷ lệ từ của tên ngắn hơn có trong tên kia) và mô tả (tỷ lệ cụm ba từ chung).',
};

/** Notes for the headers that have one. */
function notesFor(headers: ReadonlyArray<string>): Array<{ column: number; text: string }> {
  return headers.flatMap((h, column) => (COLUMN_NOTES[h] ? [{ column, text: COLUMN_NOTES[h] as string }] : []));
}

const STATUS = { 'on-time': 'Đúng hạn', late: 'Nộp muộn', received: 'Đã nộp', refused: 'Bị trả lại', none: 'Chưa nộp' } as const;
const CATEGORY = { 'tap-the': 'Tập thể', 'ca-nhan': 'Cá nhân' } as const;

/** "2024-09-10T03:00:00Z" → "10/09/2024" (Vietnam's date). */
function day(iso: string | null): string {
  return iso ? vietnameseDate(iso).slice(0, 10) : '';
}

/** What a provisional summary says under its main table. */
export function provisionalText(round: Round, summary: Pick<Summary, 'underScored'>): string {
  if (summary.underScored === 0) return 'TẠM TÍNH: chưa có mô hình nào để xếp hạng.';
  return `TẠM TÍNH: ${summary.underScored} mô hình chưa đủ ${round.rubric.minReviewers} thành viên chấm. Thứ hạng, giải và danh sách chuyển lên chưa phải kết quả cuối cùng.`;
}

/** The title block of a sheet: `heading` says what it holds. */
function titleBlock(round: Round, summary: Pick<Summary, 'provisional'>, heading: string, made: Date): string[] {
  return [(round.organiser ?? round.name).toLocaleUpperCase('vi'), `${heading}${summary.provisional ? ' (TẠM TÍNH)' : ''}`, round.name, `Lập ngày ${day(made.toISOString())}`];
}

function allEntries(round: Round, summary: Summary, made: Date): SummaryTable {
  const criteria = round.rubric.criteria;
  const headers = [
    'Hạng',
    'Đơn vị',
    'Tên mô hình, giải pháp, sáng kiến',
    'Lĩnh vực',
    ...SECTION_KEYS.map((k) => SECTION_LABELS[k]),
    ...criteria.map((c) => `${c.label} (${c.max})`),
    'Tổng điểm (trung bình)',
    'Số người chấm',
    'Chênh lệch',
    'Trung vị',
    'Trung bình cắt',
    'Điểm chuẩn hóa',
    'Hình thức',
    'Giải đề xuất',
    'Tiền thưởng (đồng)',
    'Chuyển Thành phố',
    'Ghi chú kiểm tra',
    'Nguồn',
    'Dòng',
  ];
  const spreadColumn = headers.indexOf('Chênh lệch');
  const findingsColumn = headers.indexOf('Ghi chú kiểm tra');
  const flags: SummaryTable['flags'] = [];
  const rows = summary.entries.map((e: SummaryEntry, i) => {
    if (e.scores?.spreadFlagged) flags.push({ row: i, column: spreadColumn, reason: 'Điểm các thành viên chênh lệch nhiều: hội đồng nên trao đổi' });
    if (e.rankDiffers) flags.push({ row: i, column: 0, reason: 'Hạng thay đổi theo cách tính điểm' });
    if (e.findings.some((f) => f.startsWith('Lỗi'))) flags.push({ row: i, column: findingsColumn, reason: 'Báo cáo còn lỗi ở mô hình này' });
    return [
      e.rank,
      e.expectedUnit ?? e.unit,
      e.title,
      e.field,
      ...SECTION_KEYS.map((k) => e.sections[k] ?? ''),
      ...criteria.map((c) => own(e.scores?.mean, c.key) ?? null),
      e.scores?.total ?? null,
      e.scores?.reviewers ?? 0,
      e.scores?.spread ?? null,
      e.scores?.median ?? null,
      e.scores?.trimmedMean ?? null,
      e.scores?.zScaled ?? null,
      CATEGORY[e.category],
      e.prize?.tier ?? '',
      e.prize?.amount ?? null,
      e.forward ? 'Có' : '',
      e.findings.join('\n'),
      e.source,
      e.row,
    ];
  });
  const wide: Record<string, number> = { 'Tên mô hình, giải pháp, sáng kiến': 30, 'Lĩnh vực': 24, 'Đơn vị': 16, 'Ghi chú kiểm tra': 40, Nguồn: 18 };
  const widths = headers.map((h) => (SECTION_KEYS.some((k) => SECTION_LABELS[k] === h) ? 36 : wide[h] ?? Math.max(8, Math.min(14, h.length + 1))));
  return {
    sheet: 'Tổng hợp',
    table: 'TongHop',
    headers,
    rows,
    widths,
    flags,
    emptyText: 'Chưa có báo cáo nào',
    paper: 'A3',
    money: [headers.indexOf('Tiền thưởng (đồng)')],
    notes: notesFor(headers),
    ...(summary.provisional ? { note: provisionalText(round, summary) } : {}),
    // The working sheet: every text in full, for the secretariat; the council signs Danh sách xếp hạng.
    title: titleBlock(round, summary, 'BẢNG TỔNG HỢP MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH', made),
  };
}

/** What the signer must read beside an entry: scores still short (with how many), a likely duplicate's partner. */
function remarks(round: Round, summary: Summary, e: SummaryEntry): string {
  const have = e.scores?.reviewers ?? 0;
  const short = have < round.rubric.minReviewers ? `Chưa đủ điểm: ${have}/${round.rubric.minReviewers} thành viên đã chấm` : '';
  return [short, duplicatePartners(summary, e.id)].filter(Boolean).join('; ');
}

/** The list the council signs: one row an entry, the scores per criterion, the prize; legible on A4 landscape (no descriptions: they stay on Tổng hợp). */
function rankedList(round: Round, summary: Summary, made: Date): SummaryTable {
  const criteria = round.rubric.criteria;
  const headers = ['Hạng', 'Đơn vị', 'Tên mô hình, giải pháp, sáng kiến', 'Lĩnh vực', ...criteria.map((c) => `${c.label} (${c.max})`), 'Tổng điểm', 'Số người chấm', 'Giải', 'Tiền thưởng (đồng)', 'Ghi chú'];
  const rows = summary.entries.map((e) => [
    e.rank,
    e.expectedUnit ?? e.unit,
    e.title,
    e.field,
    ...criteria.map((c) => own(e.scores?.mean, c.key) ?? null),
    e.scores?.total ?? null,
    e.scores?.reviewers ?? 0,
    e.prize?.tier ?? '',
    e.prize?.amount ?? null,
    remarks(round, summary, e),
  ]);
  const remarksColumn = headers.length - 1;
  return {
    sheet: 'Danh sách xếp hạng',
    table: 'XepHang',
    headers,
    rows,
    widths: [7, 15, 28, 15, ...criteria.map(() => 7), 8, 8, 9, 12, 20],
    flags: summary.entries.flatMap((e, i) => ((e.scores?.reviewers ?? 0) < round.rubric.minReviewers ? [{ row: i, column: remarksColumn, reason: 'TẠM TÍNH: mô hình chưa đủ số thành viên chấm' }] : [])),
    emptyText: 'Chưa có báo cáo nào',
    money: [headers.indexOf('Tiền thưởng (đồng)')],
    ...(summary.provisional ? { note: provisionalText(round, summary) } : {}),
    letterhead: letterhead(round),
    title: [`DANH SÁCH XẾP HẠNG MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH NĂM ${round.year}${summary.provisional ? ' (TẠM TÍNH)' : ''}`, round.name],
    signatures: signatures(round, made),
  };
}

/** How many entries' mean totals fall in each tenth of the rubric's full marks (the score distribution). */
export function scoreBins(round: Round, summary: Pick<Summary, 'entries'>): Array<{ label: string; count: number }> {
  const full = round.rubric.criteria.reduce((sum, c) => sum + c.max, 0);
  const step = full / 10;
  const counts = Array.from({ length: 10 }, () => 0);
  for (const e of summary.entries) {
    if (e.scores?.total === undefined) continue;
    counts[Math.min(9, Math.floor(e.scores.total / step))]!++;
  }
  const label = (i: number) => `${round2(i * step)}–${i === 9 ? full : round2((i + 1) * step) - (Number.isInteger(step) ? 1 : 0)}`;
  return counts.map((count, i) => ({ label: label(i), count }));
}

function scoreDistribution(round: Round, summary: Summary, title: string[]): SummaryTable {
  return {
    sheet: 'Phân bố điểm',
    table: 'PhanBoDiem',
    headers: ['Khoảng điểm', 'Số mô hình'],
    rows: scoreBins(round, summary).map((b) => [b.label, b.count]),
    widths: [16, 12],
    flags: [],
    emptyText: 'Chưa có điểm',
    title,
    chart: { title: 'Phân bố tổng điểm trung bình' },
  };
}

/** What the pane's Tổng hợp shows at a glance: reports in, entries scored, entries per field, the score distribution. */
export function dashboard(round: Round, summary: Summary) {
  return {
    units: { reported: reportedUnits(summary).length, total: summary.units.length },
    entries: summary.entries.length,
    scored: summary.entries.filter((e) => (e.scores?.reviewers ?? 0) >= round.rubric.minReviewers).length,
    fields: summary.fields.map((f) => ({ name: f.name, count: f.entries })),
    scores: scoreBins(round, summary),
  };
}
export type Dashboard = ReturnType<typeof dashboard>;

const round2 = (n: number) => Math.round(n * 100) / 100;

const DUPLICATE_HEADERS = ['Đơn vị A', 'Mô hình A', 'Đơn vị B', 'Mô hình B', 'Độ tương đồng', 'Tên giống', 'Mô tả giống'];

/** The summary's sheets; `made` is the date their title blocks and signature blocks carry. */
export function summaryTables(round: Round, summary: Summary, made: Date = new Date()): SummaryTable[] {
  const title = (heading: string) => titleBlock(round, summary, heading, made);
  const missingRows: SheetValue[][] = [
    ...summary.missing.map((name) => [name, UNIT_KIND_LABELS[round.units.find((u) => u.name === name)!.kind], 'Chưa gửi báo cáo']),
    ...summary.refused.map((r) => [r.unit, UNIT_KIND_LABELS[round.units.find((u) => u.name === r.unit)!.kind], `Bị trả lại ngày ${day(r.at)}: ${r.reason}`]),
    ...summary.emptyReports.map((name) => {
      const count = summary.units.find((u) => u.name === name)?.entries ?? 0;
      return [name, UNIT_KIND_LABELS[round.units.find((u) => u.name === name)!.kind], count === 0 ? 'Báo cáo không có mô hình nào' : `Chỉ có ${count} mô hình, cần ít nhất ${round.minEntriesPerUnit}`];
    }),
  ];
  const prized = summary.entries.filter((e) => e.prize);
  const prizeRows: SheetValue[][] = prized.map((e) => [e.prize!.tier, e.rank, e.expectedUnit ?? e.unit, e.title, CATEGORY[e.category], e.prize!.amount, remarks(round, summary, e)]);
  return [
    allEntries(round, summary, made),
    rankedList(round, summary, made),
    {
      sheet: 'Theo lĩnh vực',
      table: 'TheoLinhVuc',
      headers: ['Lĩnh vực', 'Số mô hình', 'Điểm trung bình'],
      rows: summary.fields.map((f) => [f.name, f.entries, f.meanScore]),
      widths: [60, 12, 16],
      flags: [],
      emptyText: 'Đợt báo cáo chưa có lĩnh vực',
      title: title('TỔNG HỢP THEO LĨNH VỰC'),
      chart: { title: 'Số mô hình theo lĩnh vực' },
    },
    {
      sheet: 'Theo đơn vị',
      table: 'TheoDonVi',
      // Số mô hình beside the unit: the chart plots the first two columns.
      headers: ['Đơn vị', 'Số mô hình', 'Loại', 'Tình trạng', 'Ngày nộp', 'Hạng cao nhất'],
      rows: summary.units.map((u) => [u.name, u.entries, UNIT_KIND_LABELS[u.kind], STATUS[u.status], day(u.submittedAt), u.bestRank]),
      widths: [32, 12, 20, 12, 12, 14],
      chart: { title: 'Số mô hình theo đơn vị' },
      emptyText: 'Đợt báo cáo chưa có đơn vị',
      title: title('TỔNG HỢP THEO ĐƠN VỊ'),
      flags: summary.units.flatMap((u, i) =>
        u.status === 'none' || u.status === 'refused' || u.status === 'late' || u.entries === 0
          ? [{ row: i, column: 3, reason: u.refusal ? `Bị trả lại ngày ${day(u.refusal.at)}: ${u.refusal.reason}` : u.status === 'none' ? 'Chưa nộp' : u.status === 'late' ? 'Nộp muộn' : 'Không có mô hình' }]
          : [],
      ),
    },
    scoreDistribution(round, summary, title('PHÂN BỐ ĐIỂM CỦA CÁC MÔ HÌNH')),
    {
      sheet: 'Chưa nộp',
      table: 'ChuaNop',
      headers: ['Đơn vị', 'Loại', 'Tình trạng'],
      rows: missingRows,
      widths: [32, 20, 32],
      flags: [],
      emptyText: 'Tất cả đơn vị đã nộp',
      title: title('ĐƠN VỊ CHƯA NỘP HOẶC NỘP THIẾU'),
    },
    {
      sheet: 'Trùng lặp',
      table: 'TrungLap',
      headers: DUPLICATE_HEADERS,
      rows: summary.duplicates.map((d) => [d.a.unit, d.a.title, d.b.unit, d.b.title, d.similarity, d.titleSimilarity, d.descriptionSimilarity]),
      widths: [24, 40, 24, 40, 14, 12, 12],
      // Every row is a likely duplicate: its similarity coloured, the header's note saying how it is measured (no note per row).
      flags: summary.duplicates.map((_, i) => ({ row: i, column: 4 })),
      emptyText: 'Không thấy mô hình nào trùng lặp',
      notes: notesFor(DUPLICATE_HEADERS),
      title: title('MÔ HÌNH CÓ THỂ TRÙNG LẶP'),
    },
    {
      sheet: 'Giải thưởng',
      table: 'GiaiThuong',
      headers: ['Giải', 'Hạng', 'Đơn vị', 'Mô hình', 'Hình thức', 'Tiền thưởng (đồng)', 'Ghi chú'],
      rows: prizeRows,
      widths: [12, 6, 20, 40, 10, 14, 28],
      emptyText: 'Chưa có giải nào (chưa có điểm chấm)',
      // Only the prizes of entries still short of scores are marked, with how many they have (Ghi chú).
      flags: prized.flatMap((e, i) => ((e.scores?.reviewers ?? 0) < round.rubric.minReviewers ? [{ row: i, column: 6, reason: 'TẠM TÍNH: mô hình chưa đủ số thành viên chấm' }] : [])),
      footer: [summary.provisional ? 'Tổng kinh phí (TẠM TÍNH)' : 'Tổng kinh phí', null, null, null, null, summary.prizes.total, null],
      money: [5],
      ...(summary.provisional ? { note: provisionalText(round, summary) } : {}),
      letterhead: letterhead(round),
      title: [`DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM ${round.year}${summary.provisional ? ' (TẠM TÍNH)' : ''}`, round.name],
      signatures: signatures(round, made),
    },
  ];
}
