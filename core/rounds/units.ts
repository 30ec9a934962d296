/**
 * Units as records (DESIGN §3): a ward, commune, office or department has a stable id that outlives
 * its name, the official administrative code when the secretariat gives one, the other names it
 * goes by, a contact, and the units it was formed from. Accounts hold a unit's id, so a renamed or
 * merged unit keeps its people; every rule about "whose unit" asks this module.
 */
import type { Round } from './round-schema';
import { matchUnit, unitKey, type UnitName } from '../reader/units';
import { compareKey, foldKey } from '../text';

export type Unit = Round['units'][number];
export type UnitKind = Unit['kind'];
/** What the rules need of a unit (the pane's copy of a round carries no more). */
export type UnitRef = { name: string; id?: string | undefined; code?: string | undefined; aliases?: ReadonlyArray<string> | undefined; formedFrom?: ReadonlyArray<string> | undefined };
type UnitsOf<U extends UnitRef = UnitRef> = { units: ReadonlyArray<U> };

/** What each kind is called on a sheet and in a summary. */
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  phuong: 'Phường',
  xa: 'Xã',
  'dac-khu': 'Đặc khu',
  so: 'Sở, ngành',
  ban: 'Ban',
  'co-quan-chuyen-mon': 'Cơ quan chuyên môn',
  'don-vi-su-nghiep': 'Đơn vị sự nghiệp',
};

/** Other words a clerk writes for a kind ("Phường, xã" is how earlier settings sheets wrote a ward). */
const KIND_WORDS: Readonly<Record<string, UnitKind>> = {
  'phuong xa': 'phuong',
  'thi tran': 'xa',
  so: 'so',
  nganh: 'so',
  'co quan': 'co-quan-chuyen-mon',
  phong: 'co-quan-chuyen-mon',
  'don vi': 'don-vi-su-nghiep',
};

/** A kind as the clerk writes it ("xã", "Sở", "Phường, xã" of earlier sheets), or undefined. */
export function unitKindFromLabel(text: string): UnitKind | undefined {
  const key = foldKey(text);
  for (const [kind, label] of Object.entries(UNIT_KIND_LABELS)) if (foldKey(label) === key) return kind as UnitKind;
  return KIND_WORDS[key];
}

/** The first words of a unit's name, folded, and the kind they make it. */
const NAME_KINDS: Readonly<Record<string, UnitKind>> = {
  phuong: 'phuong',
  xa: 'xa',
  'thi tran': 'xa',
  'dac khu': 'dac-khu',
  so: 'so',
  ban: 'ban',
  phong: 'co-quan-chuyen-mon',
  'van phong': 'co-quan-chuyen-mon',
  'thanh tra': 'co-quan-chuyen-mon',
};
const NAME_START = new RegExp(`^(${Object.keys(NAME_KINDS).join('|')})\\b`);

/** A unit's kind from its name, as a city names them ("Xã Bình Chánh", "Sở Tư pháp", "Phòng Nội vụ"); the rest are đơn vị sự nghiệp. */
export function unitKindOf(name: string): UnitKind {
  const first = NAME_START.exec(foldKey(name).replace(/^(ubnd|uy ban nhan dan) /, ''))?.[1];
  return first ? NAME_KINDS[first]! : 'don-vi-su-nghiep';
}

/**
 * The id a unit has when none was given: the official code of a new unit, else its name as
 * compared (a round stored before units had ids gets the same id every time it is loaded, so
 * its accounts and its next year's round agree).
 */
export function defaultUnitId(unit: { name: string; code?: string | undefined }): string {
  return unit.code ?? compareKey(unit.name);
}

/** Ids worked out from names, per object: the rules ask for them per reviewer and entry, and folding a name is not free. */
const derivedIds = new WeakMap<object, string>();
function derived(of: object, make: () => string): string {
  let id = derivedIds.get(of);
  if (id === undefined) derivedIds.set(of, (id = make()));
  return id;
}

export function unitIdOf(unit: UnitRef): string {
  return unit.id ?? derived(unit, () => defaultUnitId(unit));
}

/** The names the reader matches a report's units against: each unit's name with its other names. */
export function unitMatchNames(units: ReadonlyArray<UnitRef>): UnitName[] {
  return units.map((u) => (u.aliases && u.aliases.length > 0 ? { name: u.name, aliases: u.aliases } : u.name));
}

/** The round's unit `name` with its other names, as the reader matches a report's Đơn vị cells against it (just the name when the round has no such unit). */
export function unitMatchName(round: UnitsOf, name: string): UnitName {
  const unit = unitNamed(round, name);
  return unit ? unitMatchNames([unit])[0]! : name;
}

/**
 * Per round's unit list: its units by id, by each predecessor's id and by name, built once (the
 * rules run per reviewer and entry: 200 reviewers × 10,000 entries at a nation's size).
 */
type UnitIndex<U> = { byId: Map<string, U>; bySuccessor: Map<string, U>; byName: Map<string, U> };
const indexes = new WeakMap<ReadonlyArray<UnitRef>, UnitIndex<UnitRef>>();
function indexOf<U extends UnitRef>(units: ReadonlyArray<U>): UnitIndex<U> {
  let index = indexes.get(units);
  if (!index) {
    index = { byId: new Map(units.map((u) => [unitIdOf(u), u])), bySuccessor: new Map<string, UnitRef>(), byName: new Map(units.map((u) => [u.name, u])) };
    for (const u of units) for (const from of u.formedFrom ?? []) index.bySuccessor.set(from, u);
    indexes.set(units, index);
  }
  return index as UnitIndex<U>;
}

/** The round's unit named exactly `name` (as the round writes it: a stored report's unit), or undefined. */
export function unitNamed<U extends UnitRef>(round: UnitsOf<U>, name: string): U | undefined {
  return indexOf(round.units).byName.get(name);
}

/**
 * The round's unit that is unit `id` now: the unit itself (under any name it has this year), or
 * the unit it was merged into (a unit names the units it was formed from).
 */
export function unitNow<U extends UnitRef>(round: UnitsOf<U>, id: string): U | undefined {
  const { byId, bySuccessor } = indexOf(round.units);
  return byId.get(id) ?? bySuccessor.get(id);
}

/** The id of the round's unit `name` (any spelling, any of its other names), or undefined. */
export function unitIdByName(round: UnitsOf, name: string): string | undefined {
  const named = unitNamed(round, name);
  if (named) return unitIdOf(named);
  const match = matchUnit(name, unitMatchNamesOf(round.units));
  if (match.kind !== 'exact' && match.kind !== 'normalized') return undefined;
  const unit = unitNamed(round, match.name);
  return unit ? unitIdOf(unit) : undefined;
}

const matchNames = new WeakMap<ReadonlyArray<UnitRef>, UnitName[]>();
/** unitMatchNames, once per unit list (the reader's keys are kept per list). */
export function unitMatchNamesOf(units: ReadonlyArray<UnitRef>): UnitName[] {
  let names = matchNames.get(units);
  if (!names) matchNames.set(units, (names = unitMatchNames(units)));
  return names;
}

/** Whom an account belongs to: the id it was given, or (an account made before ids) its unit's name. */
export interface UnitHolder {
  unit?: string | undefined;
  unitId?: string | undefined;
}

/** The account's unit id: as stored, or the id its unit's name had when units had no ids. */
export function holderUnitId(holder: UnitHolder): string | undefined {
  if (holder.unitId) return holder.unitId;
  const name = holder.unit;
  return name && name.trim() !== '' ? derived(holder, () => defaultUnitId({ name })) : undefined;
}

/** The round's unit an account belongs to now (renamed, or merged into another), or undefined. */
export function accountUnit<U extends UnitRef>(round: UnitsOf<U>, holder: UnitHolder): U | undefined {
  const id = holderUnitId(holder);
  return (id !== undefined ? unitNow(round, id) : undefined) ?? (holder.unit ? unitNamed(round, holder.unit) : undefined);
}

/** The name an account's unit goes by in this round; the name it was given when the round has no such unit. */
export function accountUnitName(round: UnitsOf, holder: UnitHolder): string | undefined {
  return accountUnit(round, holder)?.name ?? holder.unit;
}

/**
 * Whether the round's entry of unit `entryUnit` is the reviewer's own: the same unit (by id,
 * whatever either is called), or a unit formed from the reviewer's. A reviewer whose unit the
 * round does not list is compared by name, loosely ("P.1" is "Phường 1").
 */
export function isOwnUnit(round: UnitsOf, reviewer: UnitHolder, entryUnit: string): boolean {
  return sameSide(reviewerSide(round, reviewer), entrySide(round, entryUnit));
}

/** A reviewer as the rule compares them: their unit's id in the round now, and their unit's loose key for a unit the round lacks. */
type ReviewerSide = { has: boolean; id: string | undefined; loose: string | undefined };
type EntrySide = { id: string | undefined; loose: string };

function reviewerSide(round: UnitsOf, reviewer: UnitHolder): ReviewerSide {
  const id = holderUnitId(reviewer);
  const now = id === undefined ? undefined : unitNow(round, id);
  return { has: id !== undefined, id: now ? unitIdOf(now) : undefined, loose: reviewer.unit === undefined ? undefined : unitKey(reviewer.unit) };
}

function entrySide(round: UnitsOf, entryUnit: string): EntrySide {
  return { id: unitIdByName(round, entryUnit), loose: unitKey(entryUnit) };
}

function sameSide(reviewer: ReviewerSide, entry: EntrySide): boolean {
  if (!reviewer.has) return false;
  if (reviewer.id !== undefined && entry.id !== undefined) return reviewer.id === entry.id;
  return reviewer.loose !== undefined && reviewer.loose === entry.loose;
}

/**
 * Each reviewer's own units among `entryUnits`, by the rule of `isOwnUnit`, found by lookups
 * rather than by comparing every reviewer with every unit: each reviewer's side and each entry
 * unit's worked out once (an assignment, Tiến độ: at a nation's size 30 reviewers × 3,400 units,
 * 102,000 comparisons at every page worked out from nothing).
 */
export function ownUnitsOf(round: UnitsOf, reviewers: ReadonlyArray<UnitHolder>, entryUnits: Iterable<string>): Array<Set<string>> {
  const byId = new Map<string, string[]>();
  const byLooseWithoutId = new Map<string, string[]>();
  const byLoose = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, unit: string) => {
    const list = map.get(key);
    if (list) list.push(unit);
    else map.set(key, [unit]);
  };
  for (const unit of new Set(entryUnits)) {
    const entry = entrySide(round, unit);
    if (entry.id !== undefined) add(byId, entry.id, unit);
    else add(byLooseWithoutId, entry.loose, unit);
    add(byLoose, entry.loose, unit);
  }
  // sameSide: by id when both sides have one, else by loose key.
  return reviewers.map((r) => {
    const side = reviewerSide(round, r);
    if (!side.has) return new Set<string>();
    const loose = side.loose === undefined ? [] : ((side.id === undefined ? byLoose : byLooseWithoutId).get(side.loose) ?? []);
    return new Set([...(side.id === undefined ? [] : (byId.get(side.id) ?? [])), ...loose]);
  });
}

/**
 * What an earlier year's unit `name` is called now, when it was renamed or merged since (an
 * earlier entry is shown "Phường Bến Nghé (năm 2024), nay là Phường Sài Gòn"); undefined when it
 * is the same or gone.
 */
export function unitRenamedSince(then: UnitsOf, now: UnitsOf, name: string): string | undefined {
  const unit = unitNamed(then, name);
  const current = unit ? unitNow(now, unitIdOf(unit)) : undefined;
  return current && compareKey(current.name) !== compareKey(name) ? current.name : undefined;
}
