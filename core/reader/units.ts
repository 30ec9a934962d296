/**
 * Matching a unit's name as people write it to the round's list (DESIGN §2): `UBND Phường 1`,
 * `Phường 01`, `P.1`, `phuong 1`, `P. Võ Thị Sáu` are all the round's `Phường 1` / `Phường Võ Thị
 * Sáu`. The pane, the server and the command line use this one rule.
 */
import { compareKey, foldKey } from '../text';

export type UnitMatch = { kind: 'empty' } | { kind: 'exact'; name: string } | { kind: 'normalized'; name: string } | { kind: 'unknown' };

/** A round's unit as the reader knows it: its name, or its name with the other names it goes by (a former name, an abbreviation). */
export type UnitName = string | { readonly name: string; readonly aliases?: ReadonlyArray<string> };
export type UnitNames = ReadonlyArray<UnitName>;

/** Abbreviations of unit kinds, as the first word of a folded name. */
const KIND_ABBREVIATIONS: Readonly<Record<string, string>> = {
  p: 'phuong',
  ph: 'phuong',
  x: 'xa',
  tt: 'thi tran',
  q: 'quan',
  vp: 'van phong',
  tp: 'thanh pho',
};

/** The body a unit's name may be introduced by: `UBND`, `Ủy ban nhân dân`, `Đơn vị:`. */
const PREFIX = /^(?:(?:ten )?don vi(?: thuc hien)? |co quan |ubnd |uy ban nhan dan )+/;

/**
 * Loose key of a unit's name: folded, `UBND`/`Đơn vị:` dropped, kinds written out (`P.` →
 * `phuong`), numbers without leading zeros (`01` → `1`).
 */
export function unitKey(text: string): string {
  let key = foldKey(text).replace(PREFIX, '');
  const [first, ...rest] = key.split(' ');
  if (first && KIND_ABBREVIATIONS[first] && rest.length > 0) key = [KIND_ABBREVIATIONS[first], ...rest].join(' ');
  // "p1", "phuong1": a kind glued to its number.
  key = key.replace(/^(p|phuong|x|xa|q|quan)(\d+)\b/, (_, kind: string, n: string) => `${KIND_ABBREVIATIONS[kind] ?? kind} ${n}`);
  return key.replace(/\b0+(\d)/g, '$1');
}

/** Loose keys per unit list: matching runs once per entry of every report. */
const keyMaps = new WeakMap<UnitNames, { exact: Map<string, string>; alias: Map<string, string | null>; loose: Map<string, string | null> }>();

function keysOf(units: UnitNames) {
  let maps = keyMaps.get(units);
  if (!maps) {
    const named = units.map((u) => (typeof u === 'string' ? { name: u, aliases: [] } : { name: u.name, aliases: u.aliases ?? [] }));
    const exact = new Map(named.map((u) => [compareKey(u.name), u.name]));
    // Another name two units claim is neither's (null): a report that writes it is not given to either.
    const alias = new Map<string, string | null>();
    for (const u of named) {
      for (const a of u.aliases) {
        const key = compareKey(a);
        if (!exact.has(key)) alias.set(key, alias.has(key) && alias.get(key) !== u.name ? null : u.name);
      }
    }
    const loose = new Map<string, string | null>();
    // Two units with the same loose key are told apart by exact spelling only (null: ambiguous).
    for (const u of named) for (const key of [u.name, ...u.aliases].map(unitKey)) loose.set(key, loose.has(key) && loose.get(key) !== u.name ? null : u.name);
    maps = { exact, alias, loose };
    keyMaps.set(units, maps);
  }
  return maps;
}

/** The round's unit `written` names: exactly, by one of its other names, or loosely (`P.1`), or none. */
export function matchUnit(written: string, units: UnitNames): UnitMatch {
  if (!foldKey(written)) return { kind: 'empty' };
  const { exact, alias, loose } = keysOf(units);
  const same = exact.get(compareKey(written));
  if (same) return { kind: 'exact', name: same };
  const claimed = alias.get(compareKey(written));
  const other = claimed === undefined ? loose.get(unitKey(written)) : claimed;
  return other ? { kind: 'normalized', name: other } : { kind: 'unknown' };
}

/** A line of a title block that names a ward, commune or office: `UBND PHƯỜNG BẾN THÀNH`. */
const UNIT_LINE = /^(?:ubnd |uy ban nhan dan )?(phuong|xa|thi tran|dac khu|phong|van phong|ban|trung tam|chi cuc|so) \S/;

/** Title case of a name printed in capitals: `PHƯỜNG BẾN THÀNH` → `Phường Bến Thành`. */
function titleCase(text: string): string {
  if (text !== text.toUpperCase()) return text;
  return text
    .toLowerCase()
    .split(' ')
    .map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w))
    .join(' ');
}

/**
 * The unit a report's title block names, when its table does not: the round's unit a line names,
 * else the lowest-level line that names a ward, commune or office (the superior comes first).
 */
export function unitInTitleBlock(lines: ReadonlyArray<string>, units: UnitNames = []): string | null {
  for (const line of lines) {
    const match = matchUnit(line, units);
    if (match.kind === 'exact' || match.kind === 'normalized') return match.name;
  }
  let found: string | null = null;
  for (const line of lines) {
    if (line.length > 80 || !UNIT_LINE.test(foldKey(line))) continue;
    const words = line.replace(/\s+/g, ' ').trim().split(' ');
    const drop = /^ubnd$/i.test(words[0] ?? '') ? 1 : /^(ủy|uỷ)$/i.test(words[0] ?? '') ? 4 : 0;
    found = titleCase(words.slice(drop).join(' '));
  }
  return found;
}
