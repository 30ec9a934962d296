/**
 * Requirement sets, as Office.js enforces them: the runtime's getters and methods call
 * `throwIfApiNotSupported(typeInfo, member)` (LibraryBuilder.buildScalarProperty and
 * buildNavigationProperty in @microsoft/office-js dist/excel-win32-16.01.debug.js), which throws
 * RuntimeError `ApiNotFound` when the host does not support the member's set. Which set each member
 * belongs to is read from @types/office-js (the "[Api set: ExcelApi 1.9]" of its JSDoc) by
 * test/helpers/office-api-sets.ts, never written by hand.
 */
import { SimError } from './errors';

/** Excel type → member → its set and version, e.g. { Worksheet: { pageLayout: "ExcelApi 1.9" } }. */
export type ApiSets = Record<string, Record<string, string>>;

export type SetSupported = (name: string, version: string) => boolean;

/** `object` behind a proxy that refuses any member of `type` whose set the host does not support. */
export function gated<T extends object>(object: T, type: string, sets: ApiSets, supported: SetSupported): T {
  const members = sets[type];
  if (!members) return object;
  const check = (member: string | symbol) => {
    if (typeof member !== 'string') return;
    const needed = members[member];
    if (!needed) return;
    const [set, version] = needed.split(' ') as [string, string];
    if (!supported(set, version)) {
      throw new SimError('ApiNotFound', `The API you are trying to use could not be found. It may be available in a newer version of Excel: ${type}.${member} (${needed}).`);
    }
  };
  return new Proxy(object, {
    get(target, member, receiver) {
      check(member);
      return Reflect.get(target, member, receiver);
    },
    set(target, member, value, receiver) {
      // A property of the API (an accessor of the class) is checked; the object's own fields,
      // set while it is built, are the host's business.
      if (!Object.prototype.hasOwnProperty.call(target, member)) check(member);
      return Reflect.set(target, member, value, receiver);
    },
  });
}
