/**
 * A round's settings as a sheet the clerk edits in Excel ("Cài đặt đợt"): the basics in column B,
 * then the units, the fields, the criteria and the prizes as tables. Read back into a round with
 * each problem at its cell; the server then checks that the change keeps the data meaningful.
 */
import type { Round } from './round-schema';
import { roundSchema } from './round-schema';
import { columnLetter } from '../reader/layout';
import { vietnameseDate } from './submission';
import { foldKey, toNfc } from '../text';
import { readUnitRows, UNIT_HEADERS, unitTableRows } from './unit-table';
import type { Unit } from './units';

export const ROUND_SHEET = 'Cài đặt đợt';

/** The parts of a round as the sheet names them, for problems the schema finds. */
const PART_NAMES: Record<string, string> = {
  name: 'Tên đợt',
  year: 'Năm',
  window: 'Ngày mở và hạn chót',
  units: 'Đơn vị',
  fields: 'Lĩnh vực',
  rubric: 'Tiêu chí chấm',
  prizes: 'Giải thưởng',
  forwardPerUnit: 'Số mô hình được chuyển lên',
  assignment: 'Phân công chấm',
};

/** How the sheet names the ways of assigning entries to reviewers (none: every reviewer scores every entry). */
const ASSIGNMENT_LABELS = { none: 'Không phân công', 'by-field': 'Theo lĩnh vực', even: 'Chia đều' } as const;


const BASICS = [
  ['name', 'Tên đợt'],
  ['organiser', 'Cơ quan tổ chức'],
  ['secretariat', 'Cơ quan thường trực (cấp mã, nhận báo cáo)'],
  ['year', 'Năm'],
  ['opens', 'Ngày mở nhận báo cáo'],
  ['closes', 'Hạn chót nộp báo cáo'],
  ['scoringCloses', 'Hạn chấm điểm'],
  ['forwardPerUnit', 'Số mô hình mỗi đơn vị được chuyển lên'],
  ['minReviewers', 'Số thành viên chấm tối thiểu mỗi mô hình'],
  ['forwardMinScore', 'Điểm tối thiểu để được chuyển lên (để trống: chỉ mô hình đạt giải)'],
  ['rankShiftPlaces', 'Báo hạng phụ thuộc cách tính khi chênh quá (số bậc)'],
  ['assignment', 'Phân công chấm (Không phân công, Theo lĩnh vực hoặc Chia đều)'],
] as const;
/** The fields table's third column: the other ways units write a field ("CĐS; Chuyển đổi số"), which the reader accepts as it. */
const ALIASES_HEADER = 'Cách viết khác mà đơn vị hay dùng (cách nhau bởi dấu ;)';
const TABLES = { units: 'ĐƠN VỊ', fields: 'LĨNH VỰC', criteria: 'TIÊU CHÍ CHẤM', bands: 'MỨC ĐIỂM CỦA TIÊU CHÍ', prizes: 'GIẢI THƯỞNG' } as const;

/** The sheet's first line names the round whose settings it holds (as it was named when written). */
const HEADING = 'Cài đặt đợt báo cáo: ';

/** The round a settings sheet was written for, or null for a sheet written before it said so. */
export function sheetRoundName(grid: ReadonlyArray<ReadonlyArray<string>>): string | null {
  const first = String(grid[0]?.[0] ?? '');
  return first.startsWith(HEADING) ? toNfc(first.slice(HEADING.length)).trim() : null;
}

/** dd/mm/yyyy in Vietnam's time: the day of vietnameseDate's "dd/mm/yyyy hh:mm". */
export const vnDate = (iso: string): string => vietnameseDate(iso).slice(0, 10);

/** The ISO time of a dd/mm/yyyy day at hh:mm in Vietnam, or null for text that is not such a date. */
export function fromVnDate(text: string, time: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return new Date(`${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${time}:00+07:00`).toISOString();
}

/** The sheet for `round`; `known` (every round's units) names the units a unit was formed from. */
export function roundSheetRows(round: Round, known: ReadonlyArray<Unit> = round.units): { rows: string[][]; boldRows: number[]; widths: number[] } {
  const basics: Record<(typeof BASICS)[number][0], string> = {
    name: round.name,
    organiser: round.organiser ?? '',
    secretariat: round.secretariat ?? '',
    year: String(round.year),
    opens: vnDate(round.window.opens),
    closes: vnDate(round.window.closes),
    scoringCloses: round.rubric.scoringCloses ? vnDate(round.rubric.scoringCloses) : '',
    forwardPerUnit: String(round.forwardPerUnit),
    minReviewers: String(round.rubric.minReviewers),
    forwardMinScore: round.forwardMinScore === undefined ? '' : String(round.forwardMinScore),
    rankShiftPlaces: String(round.rubric.rankShiftPlaces),
    assignment: ASSIGNMENT_LABELS[round.assignment?.mode ?? 'none'],
  };
  const rows: string[][] = [
    [`${HEADING}${round.name}`],
    ['Sửa các ô ở cột B và các bảng dưới đây (thêm, bớt dòng được), rồi bấm “Lưu cài đặt từ trang tính” trong ngăn Phụ lục. Ngày ghi dạng ngày/tháng/năm.'],
    [],
    ...BASICS.map(([key, label]) => [label, basics[key]]),
  ];
  const bold = [0];
  const table = (title: string, header: string[], body: string[][]) => {
    rows.push([]);
    bold.push(rows.length, rows.length + 1);
    rows.push([title], header, ...body);
  };
  table(TABLES.units, UNIT_HEADERS.map(([, label]) => label), unitTableRows(round.units, known));
  const offices = new Map((round.assignment?.offices ?? []).map((o) => [foldKey(o.field), o.units.join('; ')]));
  table(
    TABLES.fields,
    ['Tên lĩnh vực', 'Đơn vị thẩm định (khi phân công theo lĩnh vực; cách nhau bởi dấu ;)', ALIASES_HEADER],
    round.fields.map((f) => [f.name, offices.get(foldKey(f.name)) ?? '', (f.aliases ?? []).join('; ')]),
  );
  // Criteria by their number and name, never the system's keys; a band names its criterion.
  table(TABLES.criteria, ['STT', 'Tên tiêu chí', 'Điểm tối đa'], round.rubric.criteria.map((c, i) => [String(i + 1), c.label, String(c.max)]));
  table(
    TABLES.bands,
    ['Tiêu chí', 'Từ điểm', 'Đến điểm', 'Mô tả mức'],
    round.rubric.criteria.flatMap((c) => c.bands.map((b) => [c.label, String(b.min), String(b.max), b.label])),
  );
  table(TABLES.prizes, ['Tên giải', 'Số giải', 'Tập thể (đồng)', 'Cá nhân (đồng)'], round.prizes.map((p) => [p.name, String(p.count), String(p.amount.tapThe), String(p.amount.caNhan)]));
  return { rows, boldRows: bold, widths: [260, 320, 220, 200, 220, 160, 110, 180] };
}

export interface SheetProblem {
  /** A1 address, or null for the sheet as a whole. */
  cell: string | null;
  message: string;
}

const at = (row: number, col: number) => `${columnLetter(col)}${row + 1}`;

/**
 * The round the sheet describes, built on `base` (what the sheet does not show is kept), or why
 * not; a unit keeps its id (by code, name or former name) from `base` or `knownUnits` (every round's units).
 */
export function readRoundSheet(grid: ReadonlyArray<ReadonlyArray<string>>, base: Round, knownUnits: ReadonlyArray<Unit> = []): { round: Round | null; problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const cell = (r: number, c: number) => toNfc(String(grid[r]?.[c] ?? '')).trim();
  const find = (label: string) => grid.findIndex((row) => foldKey(String(row[0] ?? '')) === foldKey(label));
  const value = (key: (typeof BASICS)[number][0], optional = false) => {
    const label = BASICS.find(([k]) => k === key)![1];
    const row = find(label);
    if (row < 0 && !optional) problems.push({ cell: null, message: `Không thấy dòng “${label}” ở cột A; hãy ghi lại trang từ ngăn Phụ lục.` });
    return { row, text: row < 0 ? '' : cell(row, 1) };
  };
  /**
   * The rows of a table under its title and header, up to the next table's title: a table ends at
   * a heading, never at a blank row, so a row typed into the gap belongs to the table above it.
   */
  const titles = new Set(Object.values(TABLES).map(foldKey));
  const body = (title: string) => {
    const start = find(title);
    if (start < 0) {
      problems.push({ cell: null, message: `Không thấy bảng “${title}”; hãy ghi lại trang từ ngăn Phụ lục.` });
      return [] as number[];
    }
    const out: number[] = [];
    for (let r = start + 2; r < grid.length && !titles.has(foldKey(String(grid[r]?.[0] ?? ''))); r++) {
      if ((grid[r] ?? []).some((c) => String(c ?? '').trim() !== '')) out.push(r);
    }
    return out;
  };

  const name = value('name');
  const year = value('year');
  const dates = { opens: value('opens'), closes: value('closes'), scoringCloses: value('scoringCloses') };
  const iso = (d: { row: number; text: string }, time: string, optional = false) => {
    if (optional && d.text === '') return undefined;
    const parsed = fromVnDate(d.text, time);
    if (!parsed && d.row >= 0) problems.push({ cell: at(d.row, 1), message: `Ngày “${d.text}” ở ô ${at(d.row, 1)} chưa đúng: ghi dạng ngày/tháng/năm, ví dụ 15/09/2025.` });
    return parsed ?? undefined;
  };
  const number = (r: number, c: number, what: string) => {
    const n = Number(cell(r, c).replace(/[.\s]/g, ''));
    if (!Number.isFinite(n) || cell(r, c) === '') problems.push({ cell: at(r, c), message: `${what} ở ô ${at(r, c)} phải là một số.` });
    return n;
  };
  const opens = iso(dates.opens, '00:00');
  const closes = iso(dates.closes, '23:59');
  const scoringCloses = iso(dates.scoringCloses, '23:59', true);
  const forward = value('forwardPerUnit');
  const organiser = value('organiser');
  const secretariat = value('secretariat', true);
  const minReviewers = value('minReviewers');
  // Rows a sheet written before this version lacks: the round's own values stay.
  const forwardMinScore = value('forwardMinScore', true);
  const rankShiftPlaces = value('rankShiftPlaces', true);
  const assignmentMode = value('assignment', true);

  // Columns by their headers (a sheet written before codes and contacts has two: name and kind).
  const unitRows = body(TABLES.units);
  const unitHeader = find(TABLES.units) + 1;
  const unitTable = readUnitRows(
    unitRows.map((r) => (grid[r] ?? []).map((c) => String(c ?? ''))),
    unitHeader > 0 ? (grid[unitHeader] ?? []).map((c) => String(c ?? '')) : null,
    { previous: base.units, known: knownUnits },
  );
  for (const p of unitTable.problems) problems.push({ cell: at(unitRows[p.row]!, p.column ?? 1), message: `Ô ${at(unitRows[p.row]!, p.column ?? 1)}: ${p.message}` });
  const units = unitTable.units;
  const aliases = new Map(base.fields.map((f) => [foldKey(f.name), f.aliases]));
  // A sheet written before the aliases column keeps each field's aliases as they were.
  const fieldsHeader = find(TABLES.fields) + 1;
  const aliasColumn = fieldsHeader > 0 && foldKey(cell(fieldsHeader, 2)) === foldKey(ALIASES_HEADER);
  const unitNames = new Map(units.map((u) => [foldKey(u.name), u.name]));
  const offices: Array<{ field: string; units: string[] }> = [];
  const fields = body(TABLES.fields).map((r) => {
    const fieldName = cell(r, 0);
    const named = cell(r, 1)
      .split(/[;\n]/)
      .map((u) => u.trim())
      .filter((u) => u !== '');
    for (const u of named) if (!unitNames.has(foldKey(u))) problems.push({ cell: at(r, 1), message: `Đơn vị thẩm định “${u}” ở ô ${at(r, 1)} không có trong bảng đơn vị.` });
    if (named.length > 0) offices.push({ field: fieldName, units: named.map((u) => unitNames.get(foldKey(u)) ?? u) });
    const written = cell(r, 2)
      .split(/[;\n]/)
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const kept = aliasColumn ? (written.length > 0 ? written : undefined) : aliases.get(foldKey(fieldName));
    return kept ? { name: fieldName, aliases: kept } : { name: fieldName };
  });
  const modes = new Map(Object.entries(ASSIGNMENT_LABELS).map(([mode, label]) => [foldKey(label), mode]));
  // A sheet written before this row existed keeps the round's assignment as it is.
  const mode = assignmentMode.row < 0 ? null : assignmentMode.text === '' ? 'none' : modes.get(foldKey(assignmentMode.text));
  if (mode === undefined) problems.push({ cell: at(assignmentMode.row, 1), message: `Phân công chấm ở ô ${at(assignmentMode.row, 1)} phải là một trong: ${Object.values(ASSIGNMENT_LABELS).join(', ')}.` });
  if (mode === 'by-field' && offices.length === 0) problems.push({ cell: at(assignmentMode.row, 1), message: 'Phân công theo lĩnh vực cần ghi đơn vị thẩm định cho ít nhất một lĩnh vực (cột B của bảng lĩnh vực).' });
  const assignment = mode === null ? base.assignment : mode === 'by-field' || mode === 'even' ? { mode, offices } : undefined;
  // A criterion is its row's number (STT) in the round's order; a sheet written by an earlier
  // version names it by its key instead, which is still read.
  const known = new Map(base.rubric.criteria.map((c) => [c.key, c]));
  const criteria = body(TABLES.criteria).map((r) => {
    const first = cell(r, 0);
    const was = known.get(first) ?? (/^\d+$/.test(first) ? base.rubric.criteria[Number(first) - 1] : undefined);
    if (!was) problems.push({ cell: at(r, 0), message: `Tiêu chí số “${first}” ở ô ${at(r, 0)} không có trong đợt: giữ số thứ tự của các tiêu chí đã có; thêm tiêu chí mới cần người quản trị hệ thống hỗ trợ.` });
    return { ...(was ?? { key: `tieuChi${r}`, weight: 1 }), label: cell(r, 1), max: number(r, 2, 'Điểm tối đa'), bands: [] as Round['rubric']['criteria'][number]['bands'] };
  });
  for (const r of body(TABLES.bands)) {
    // By the criterion's name as the table above now writes it, its number, or (an earlier sheet) its key.
    const named = foldKey(cell(r, 0));
    const criterion = criteria.find((c, i) => foldKey(c.label) === named || String(i + 1) === cell(r, 0) || c.key === cell(r, 0));
    if (!criterion) {
      problems.push({ cell: at(r, 0), message: `Mức điểm ở dòng ${r + 1} thuộc tiêu chí “${cell(r, 0)}” không có trong bảng tiêu chí: ghi đúng tên tiêu chí.` });
      continue;
    }
    const [min, max] = [number(r, 1, 'Điểm thấp nhất của mức'), number(r, 2, 'Điểm cao nhất của mức')];
    if (min > max || max > criterion.max) problems.push({ cell: at(r, 1), message: `Mức ở dòng ${r + 1} phải từ điểm nhỏ đến điểm lớn, không quá ${criterion.max} điểm của tiêu chí.` });
    criterion.bands.push({ min, max, label: cell(r, 3) });
  }
  const prizes = body(TABLES.prizes).map((r) => ({ name: cell(r, 0), count: number(r, 1, 'Số giải'), amount: { tapThe: number(r, 2, 'Tiền thưởng tập thể'), caNhan: number(r, 3, 'Tiền thưởng cá nhân') } }));
  const numbers = {
    year: number(year.row, 1, 'Năm'),
    forwardPerUnit: number(forward.row, 1, 'Số mô hình được chuyển lên'),
    minReviewers: number(minReviewers.row, 1, 'Số thành viên chấm tối thiểu'),
    rankShiftPlaces: rankShiftPlaces.row < 0 ? base.rubric.rankShiftPlaces : number(rankShiftPlaces.row, 1, 'Số bậc chênh hạng'),
    forwardMinScore: forwardMinScore.row < 0 ? base.forwardMinScore : forwardMinScore.text === '' ? undefined : number(forwardMinScore.row, 1, 'Điểm tối thiểu để được chuyển lên'),
  };
  if (problems.length > 0) return { round: null, problems };

  const candidate = {
    ...base,
    name: name.text,
    ...(organiser.text ? { organiser: organiser.text } : {}),
    ...(secretariat.text ? { secretariat: secretariat.text } : {}),
    year: numbers.year,
    window: { opens: opens!, closes: closes! },
    rubric: { ...base.rubric, criteria, minReviewers: numbers.minReviewers, rankShiftPlaces: numbers.rankShiftPlaces, ...(scoringCloses ? { scoringCloses } : {}) },
    units,
    fields,
    prizes,
    forwardPerUnit: numbers.forwardPerUnit,
    ...(numbers.forwardMinScore === undefined ? {} : { forwardMinScore: numbers.forwardMinScore }),
    ...(assignment ? { assignment } : {}),
  };
  if (!assignment) delete (candidate as { assignment?: unknown }).assignment;
  if (!scoringCloses) delete (candidate.rubric as { scoringCloses?: string }).scoringCloses;
  if (!organiser.text) delete (candidate as { organiser?: string }).organiser;
  // A sheet without the row (written before it existed) keeps the round's own value.
  if (!secretariat.text && secretariat.row >= 0) delete (candidate as { secretariat?: string }).secretariat;
  if (numbers.forwardMinScore === undefined) delete (candidate as { forwardMinScore?: number }).forwardMinScore;
  const parsed = roundSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const part = PART_NAMES[String(issue.path[0] ?? '')] ?? 'cài đặt';
      const why = issue.code === 'custom' ? issue.message : 'có ô để trống hoặc giá trị ngoài khoảng cho phép';
      problems.push({ cell: null, message: `Mục “${part}” chưa hợp lệ: ${why}.` });
    }
    return { round: null, problems };
  }
  return { round: parsed.data, problems };
}
