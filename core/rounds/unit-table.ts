/**
 * Units as a table the clerk reads and types: the settings sheet's ĐƠN VỊ table, and a list pasted
 * from the city's own spreadsheet (codes, names, contacts; columns told by their headers, in any
 * order). A row keeps the id of the unit it already is: by its code, its name, or a former name
 * written beside it, so renaming a ward on the sheet keeps its accounts.
 */
import { matchUnit } from '../reader/units';
import { compareKey, foldKey, toNfc } from '../text';
import { defaultUnitId, UNIT_KIND_LABELS, unitIdOf, unitKindFromLabel, unitKindOf, type Unit } from './units';

type Column = 'code' | 'name' | 'kind' | 'aliases' | 'formedFrom' | 'person' | 'phone' | 'email';

/** The table's header as the sheet writes it. */
export const UNIT_HEADERS: ReadonlyArray<readonly [Column, string]> = [
  ['code', 'Mã đơn vị'],
  ['name', 'Tên đơn vị'],
  ['kind', 'Loại'],
  ['aliases', 'Tên khác, tên cũ (cách nhau bởi dấu ;)'],
  ['formedFrom', 'Hình thành từ (các đơn vị cũ; cách nhau bởi dấu ;)'],
  ['person', 'Người liên hệ'],
  ['phone', 'Điện thoại'],
  ['email', 'Thư điện tử'],
];

/** How a header cell is recognised, folded: the sheet's own words and a city's usual ones. */
const HEADER_WORDS: ReadonlyArray<readonly [Column, RegExp]> = [
  ['code', /^(ma( don vi| hanh chinh| dvhc| so)?|ma dvhc|code)\b/],
  ['name', /^(ten( don vi| co quan| phuong xa)?|don vi( thuc hien)?|co quan)$/],
  ['kind', /^(loai|cap|loai don vi)\b/],
  ['aliases', /^(ten khac|ten cu|cach viet khac)\b/],
  ['formedFrom', /^(hinh thanh tu|sap nhap tu|tu cac don vi|don vi cu)\b/],
  ['person', /^(nguoi lien he|can bo (dau moi|lien he)|dau moi|ho va ten|ho ten)\b/],
  ['phone', /^(dien thoai|so dien thoai|sdt|dt)\b/],
  ['email', /^(thu dien tu|email|e mail|hop thu)\b/],
];

const list = (text: string) =>
  text
    .split(/[;\n]/)
    .map((t) => toNfc(t).trim())
    .filter((t) => t !== '');

/** The rows of the table for `units`; predecessors are named by `known` (every round's units), never by id. */
export function unitTableRows(units: ReadonlyArray<Unit>, known: ReadonlyArray<Unit> = units): string[][] {
  const names = new Map(known.map((u) => [unitIdOf(u), u.name]));
  return units.map((u) => [
    u.code ?? '',
    u.name,
    UNIT_KIND_LABELS[u.kind],
    (u.aliases ?? []).join('; '),
    (u.formedFrom ?? []).map((id) => names.get(id) ?? id).join('; '),
    u.contact?.person ?? '',
    u.contact?.phone ?? '',
    u.contact?.email ?? '',
  ]);
}

/** Which column holds what, when `header` is a header row (two or more known headings, one of them the name). */
export function unitColumns(header: ReadonlyArray<string>): Map<Column, number> | null {
  const columns = new Map<Column, number>();
  header.forEach((text, i) => {
    const key = foldKey(String(text ?? ''));
    const found = HEADER_WORDS.find(([column, words]) => !columns.has(column) && words.test(key));
    if (found) columns.set(found[0], i);
  });
  return columns.has('name') && (columns.size >= 2 || header.some((c) => foldKey(String(c ?? '')) === 'stt')) ? columns : null;
}

export interface UnitRowProblem {
  /** Index of the row in the rows given; column index, or null for the row. */
  row: number;
  column: number | null;
  message: string;
}

const PHONE = /^[+(]?\d[\d .()-]{6,}\d$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE = /^\d{3,6}$/;

/** A row of a list pasted without a header: the code (digits), the name, then a kind, a phone, an e-mail and a person, told by their look. */
function guessColumns(cells: ReadonlyArray<string>): Partial<Record<Column, string>> {
  const out: Partial<Record<Column, string>> = {};
  for (const raw of cells) {
    const text = toNfc(String(raw ?? '')).trim();
    if (!text || /^\d{1,2}\.?$/.test(text)) continue; // an STT
    if (!out.code && !out.name && CODE.test(text)) out.code = text;
    else if (!out.name) out.name = text;
    else if (!out.kind && unitKindFromLabel(text) && text.length <= 30) out.kind = text;
    else if (!out.email && EMAIL.test(text)) out.email = text;
    else if (!out.phone && PHONE.test(text)) out.phone = text;
    else if (!out.person) out.person = text;
  }
  return out;
}

export interface UnitTableContext {
  /** The units the round had before (their ids are kept). */
  previous: ReadonlyArray<Unit>;
  /** Every unit of every round on the server, for naming predecessors and keeping ids across years. */
  known?: ReadonlyArray<Unit>;
}

/**
 * The units a table's rows describe (`header` null: a list pasted without one), each with the id
 * of the unit it already is, and what is wrong, by row and column. Blank rows and a repeated
 * header are skipped.
 */
export function readUnitRows(rows: ReadonlyArray<ReadonlyArray<string>>, header: ReadonlyArray<string> | null, context: UnitTableContext): { units: Unit[]; problems: UnitRowProblem[] } {
  const columns = header ? unitColumns(header) : null;
  const earlier = [...context.previous, ...(context.known ?? [])];
  // Every name each earlier id went by, in any round (a ward renamed since answers to both); a name
  // two ids went by is neither's. Keyed by a marked id that no cell can spell exactly.
  const namesById = new Map<string, Set<string>>();
  for (const u of earlier) {
    const id = unitIdOf(u);
    const names = namesById.get(id) ?? namesById.set(id, new Set()).get(id)!;
    for (const name of [u.name, ...(u.aliases ?? [])]) names.add(name);
  }
  const names = [...namesById].map(([id, all]) => ({ name: `\u0000${id}`, aliases: [...all] }));
  const byCode = new Map(earlier.flatMap((u) => (u.code ? [[u.code, unitIdOf(u)] as const] : [])));
  /** The id of the earlier unit `text` names (its name or one of its other names), or undefined. */
  const earlierId = (text: string): string | undefined => {
    const match = matchUnit(text, names);
    return match.kind === 'exact' || match.kind === 'normalized' ? match.name.slice(1) : undefined;
  };
  const problems: UnitRowProblem[] = [];
  const units: Unit[] = [];
  const seen = new Map<string, number>();
  rows.forEach((cells, row) => {
    const at = (column: Column): string => {
      const i = columns?.get(column);
      return i === undefined ? '' : toNfc(String(cells[i] ?? '')).trim();
    };
    const values: Partial<Record<Column, string>> = columns ? Object.fromEntries(UNIT_HEADERS.map(([c]) => [c, at(c)])) : guessColumns(cells);
    const name = values.name ?? '';
    if (!cells.some((c) => String(c ?? '').trim() !== '')) return;
    if (unitColumns(cells.map(String)) || /^(stt|ten don vi|don vi)$/.test(foldKey(name))) return; // a header again
    const column = (c: Column) => columns?.get(c) ?? null;
    if (!name) {
      problems.push({ row, column: column('name'), message: `Dòng ${row + 1} có thông tin nhưng chưa ghi tên đơn vị.` });
      return;
    }
    const code = values.code || undefined;
    if (code !== undefined && !/^[0-9A-Za-z.-]{1,20}$/.test(code)) problems.push({ row, column: column('code'), message: `Mã đơn vị “${code}” của ${name} chỉ gồm chữ số, chữ cái, dấu chấm hoặc gạch ngang.` });
    const kindText = values.kind ?? '';
    const kind = kindText ? unitKindFromLabel(kindText) : unitKindOf(name);
    if (!kind) problems.push({ row, column: column('kind'), message: `Loại đơn vị “${kindText}” của ${name} phải là một trong: ${Object.values(UNIT_KIND_LABELS).join('; ')}.` });
    const aliases = list(values.aliases ?? '');
    const formedFrom = list(values.formedFrom ?? '').map((predecessor) => earlierId(predecessor) ?? defaultUnitId({ name: predecessor }));
    const phone = values.phone ?? '';
    if (phone && !PHONE.test(phone)) problems.push({ row, column: column('phone'), message: `Số điện thoại “${phone}” của ${name} chưa đúng (chỉ gồm chữ số, có thể có dấu cách, chấm, gạch ngang).` });
    const email = values.email ?? '';
    if (email && !EMAIL.test(email)) problems.push({ row, column: column('email'), message: `Thư điện tử “${email}” của ${name} chưa đúng (dạng ten@donvi.gov.vn).` });
    // The unit it already is: by its code, its name, or a former name written beside it.
    const id = (code !== undefined ? byCode.get(code) : undefined) ?? earlierId(name) ?? aliases.map(earlierId).find((x) => x !== undefined) ?? defaultUnitId({ name, code });
    const twice = seen.get(id);
    if (twice !== undefined) {
      problems.push({ row, column: column('name'), message: `${name} (dòng ${row + 1}) là cùng một đơn vị với dòng ${twice + 1}: mỗi đơn vị ghi một dòng.` });
      return;
    }
    seen.set(id, row);
    const person = values.person ?? '';
    const contact = person || phone || email ? { ...(person ? { person } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) } : undefined;
    units.push({
      id,
      ...(code !== undefined ? { code } : {}),
      name,
      kind: kind ?? 'phuong',
      ...(aliases.length > 0 ? { aliases } : {}),
      ...(contact ? { contact } : {}),
      ...(formedFrom.length > 0 ? { formedFrom } : {}),
    });
  });
  return { units, problems };
}

/**
 * A list pasted or selected on a sheet (`cells`, its first row a header when it reads as one): the
 * units it names, each keeping the id it had in `context`.
 */
export function unitsFromList(cells: ReadonlyArray<ReadonlyArray<string>>, context: UnitTableContext): { units: Unit[]; problems: UnitRowProblem[] } {
  const headerAt = cells.findIndex((row) => unitColumns(row.map(String)) !== null);
  if (headerAt < 0) return readUnitRows(cells, null, context);
  const read = readUnitRows(cells.slice(headerAt + 1), cells[headerAt]!, context);
  return { units: read.units, problems: read.problems.map((p) => ({ ...p, row: p.row + headerAt + 1 })) };
}

/**
 * `existing` with the listed units added, and those already there brought up to date (code,
 * contact, other names, predecessors; a new name keeps the old one as another name).
 */
export function mergeUnits(existing: ReadonlyArray<Unit>, listed: ReadonlyArray<Unit>): { units: Unit[]; added: string[]; updated: string[] } {
  const units = [...existing];
  const at = new Map(existing.map((u, i) => [unitIdOf(u), i]));
  const added: string[] = [];
  const updated: string[] = [];
  for (const unit of listed) {
    const i = at.get(unitIdOf(unit));
    if (i === undefined) {
      at.set(unitIdOf(unit), units.length);
      units.push(unit);
      added.push(unit.name);
      continue;
    }
    const was = units[i]!;
    const renamed = compareKey(was.name) !== compareKey(unit.name);
    const aliases = [...new Set([...(was.aliases ?? []), ...(unit.aliases ?? []), ...(renamed ? [was.name] : [])])];
    const next: Unit = { ...was, ...unit, id: unitIdOf(was), ...(aliases.length > 0 ? { aliases } : {}) };
    if (JSON.stringify(next) !== JSON.stringify(was)) {
      units[i] = next;
      updated.push(unit.name);
    }
  }
  return { units, added, updated };
}
