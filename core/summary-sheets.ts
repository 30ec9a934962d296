/**
 * The summary workbook's content as plain tables: sheet name, Vietnamese headers, rows of values,
 * and which cells to flag. ExcelJS (server, command line) and Office.js (the add-in) render the
 * same tables, so the three doors hold the same rows.
 */
import type { Summary, SummaryEntry } from './consolidate';
import type { Round } from './round';
import { own } from './records';
import { vietnameseDate } from './submission';
import { SECTION_LABELS } from './template';
import { SECTION_KEYS } from './types';

export type SheetValue = string | number | null;

export interface SummaryTable {
  /** Sheet name (≤ 31 characters, as Excel requires). */
  sheet: string;
  /** Excel table name (letters, digits, underscores). */
  table: string;
  headers: string[];
  rows: SheetValue[][];
  /** Column widths in characters, one per header. */
  widths: number[];
  /** Cells to colour: [row index in `rows`, column index], with why. */
  flags: Array<{ row: number; column: number; reason: string }>;
  /** A last line under the table (a total). */
  footer?: SheetValue[];
  /** What the table's one line says when it has no rows (an Excel table needs a row). */
  emptyText: string;
  /** Paper to print on: the wide Tổng hợp sheet needs A3; the others fit A4. */
  paper?: 'A3' | 'A4';
  /** Columns holding money in đồng, shown with thousands separators (7.500.000 in a Vietnamese Excel). */
  money?: number[];
  /** What a technical column means, as a note on its header cell. */
  notes?: Array<{ column: number; text: string }>;
  /** Lines above the table: the organiser, what the sheet is (TẠM TÍNH while provisional), the round, the date made. */
  title: string[];
  /** Who signs under the table, left and right, under the date (the sheets a council signs). */
  signatures?: { date: string; left: Signature; right: Signature };
  /** A bar chart of the table's rows: the first column as categories, the second as values (both writers draw it natively). */
  chart?: { title: string };
}

/** Where a table's chart goes and what it plots, in 0-based rows and columns; null when it has none or no rows. */
export function chartPlacement(t: SummaryTable): { categories: { row: number; column: number; rows: number }; values: { row: number; column: number; rows: number }; header: number; from: { row: number; column: number }; to: { row: number; column: number } } | null {
  if (!t.chart || t.rows.length === 0) return null;
  const { header, firstRow } = sheetLayout(t);
  const column = t.headers.length + 1; // right of the table, one column apart
  // Tall enough to read every category: about 1.5 rows a bar, at least 16 rows.
  const rows = Math.max(16, Math.ceil(t.rows.length * 1.5) + 4);
  return {
    categories: { row: firstRow, column: 0, rows: t.rows.length },
    values: { row: firstRow, column: 1, rows: t.rows.length },
    header,
    from: { row: header, column },
    to: { row: header + rows, column: column + 8 },
  };
}

export interface Signature {
  role: string;
  hint: string;
}

/** Where each part of a summary sheet goes, in 0-based rows; both writers place by it. */
export interface SheetLayout {
  /** The header row (the title block above it, then one empty row). */
  header: number;
  /** The first row under the header. */
  firstRow: number;
  /** The footer's row, or null. */
  footer: number | null;
  /** The signature block's cells, each one line of text. */
  signatureCells: Array<{ row: number; column: number; text: string; style: 'bold' | 'italic' }>;
}

export function sheetLayout(t: SummaryTable): SheetLayout {
  const header = t.title.length + 1;
  const firstRow = header + 1;
  const after = firstRow + displayRows(t).length;
  const footer = t.footer ? after : null;
  const signatureCells: SheetLayout['signatureCells'] = [];
  if (t.signatures) {
    const top = after + (t.footer ? 1 : 0) + 1;
    const { date, left, right } = t.signatures;
    const rightColumn = Math.max(2, t.headers.length - 3);
    signatureCells.push(
      { row: top, column: rightColumn, text: date, style: 'italic' },
      { row: top + 1, column: 1, text: left.role, style: 'bold' },
      { row: top + 2, column: 1, text: left.hint, style: 'italic' },
      { row: top + 1, column: rightColumn, text: right.role, style: 'bold' },
      { row: top + 2, column: rightColumn, text: right.hint, style: 'italic' },
    );
  }
  return { header, firstRow, footer, signatureCells };
}

/** "Ngày 10 tháng 09 năm 2024", in Vietnam's time (vietnameseDate's day). */
function longDate(at: Date): string {
  const [d, m, y] = vietnameseDate(at.toISOString()).slice(0, 10).split('/');
  return `Ngày ${d} tháng ${m} năm ${y}`;
}

function signatures(made: Date): NonNullable<SummaryTable['signatures']> {
  return { date: longDate(made), left: { role: 'NGƯỜI LẬP BIỂU', hint: '(Ký, ghi rõ họ tên)' }, right: { role: 'THỦ TRƯỞNG CƠ QUAN', hint: '(Ký tên, đóng dấu)' } };
}

/** The number format of money columns: thousands grouped by the reader's own separator (7.500.000 in Vietnam). */
export const MONEY_FORMAT = '#,##0';

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

/** The rows a writer puts under the header: the table's, or the one line saying it is empty. */
export function displayRows(t: SummaryTable): SheetValue[][] {
  return t.rows.length > 0 ? t.rows : [[t.emptyText, ...t.headers.slice(1).map(() => null)]];
}

const UNIT_KINDS: Record<Round['units'][number]['kind'], string> = {
  phuong: 'Phường',
  'co-quan-chuyen-mon': 'Cơ quan chuyên môn',
  'don-vi-su-nghiep': 'Đơn vị sự nghiệp',
};
const STATUS = { 'on-time': 'Đúng hạn', late: 'Nộp muộn', received: 'Đã nộp', none: 'Chưa nộp' } as const;
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
    ...(summary.provisional ? { footer: [provisionalText(round, summary)] } : {}),
    title: titleBlock(round, summary, 'BẢNG TỔNG HỢP MÔ HÌNH, GIẢI PHÁP, SÁNG KIẾN CẢI CÁCH HÀNH CHÍNH', made),
    signatures: signatures(made),
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
    units: { reported: summary.units.filter((u) => u.status !== 'none').length, total: summary.units.length },
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
    ...summary.missing.map((name) => [name, UNIT_KINDS[round.units.find((u) => u.name === name)!.kind], 'Chưa gửi báo cáo']),
    ...summary.emptyReports.map((name) => {
      const count = summary.units.find((u) => u.name === name)?.entries ?? 0;
      return [name, UNIT_KINDS[round.units.find((u) => u.name === name)!.kind], count === 0 ? 'Báo cáo không có mô hình nào' : `Chỉ có ${count} mô hình, cần ít nhất ${round.minEntriesPerUnit}`];
    }),
  ];
  const prizeRows: SheetValue[][] = summary.entries
    .filter((e) => e.prize)
    .map((e) => [e.prize!.tier, e.rank, e.expectedUnit ?? e.unit, e.title, CATEGORY[e.category], e.prize!.amount]);
  return [
    allEntries(round, summary, made),
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
      rows: summary.units.map((u) => [u.name, u.entries, UNIT_KINDS[u.kind], STATUS[u.status], day(u.submittedAt), u.bestRank]),
      widths: [32, 12, 20, 12, 12, 14],
      chart: { title: 'Số mô hình theo đơn vị' },
      emptyText: 'Đợt báo cáo chưa có đơn vị',
      title: title('TỔNG HỢP THEO ĐƠN VỊ'),
      flags: summary.units.flatMap((u, i) =>
        u.status === 'none' || u.status === 'late' || u.entries === 0
          ? [{ row: i, column: 3, reason: u.status === 'none' ? 'Chưa nộp' : u.status === 'late' ? 'Nộp muộn' : 'Không có mô hình' }]
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
      flags: summary.duplicates.map((_, i) => ({ row: i, column: 4, reason: 'Có thể trùng lặp' })),
      emptyText: 'Không thấy mô hình nào trùng lặp',
      notes: notesFor(DUPLICATE_HEADERS),
      title: title('MÔ HÌNH CÓ THỂ TRÙNG LẶP'),
    },
    {
      sheet: 'Giải thưởng',
      table: 'GiaiThuong',
      headers: ['Giải', 'Hạng', 'Đơn vị', 'Mô hình', 'Hình thức', 'Tiền thưởng (đồng)'],
      rows: prizeRows,
      widths: [18, 8, 28, 44, 12, 18],
      emptyText: 'Chưa có giải nào (chưa có điểm chấm)',
      // Until the judging is finished, every prize is a proposal and says so on its row.
      flags: summary.provisional ? prizeRows.map((_, i) => ({ row: i, column: 0, reason: 'TẠM TÍNH: chưa đủ số thành viên chấm' })) : [],
      footer: [summary.provisional ? 'Tổng kinh phí (TẠM TÍNH)' : 'Tổng kinh phí', null, null, null, null, summary.prizes.total],
      money: [5],
      title: title('DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG'),
      signatures: signatures(made),
    },
  ];
}
