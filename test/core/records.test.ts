/**
 * Records keyed by names from outside (core/records.ts): no prototype, every name an own key, and
 * held as V8 holds an ordinary small object, not as a dictionary: a nation's 306,000 scores each
 * hold their points in one (69 MB as dictionaries, README issue #31).
 */
import { setFlagsFromString } from 'node:v8';
import { nullRecord, own } from '../../core/records';
import { recordOf } from '../../core/record-schema';
import { z } from 'zod';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: V8's own test of whether an object's properties are in a dictionary.
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

test('a record has no prototype and keeps hostile names as its own keys', () => {
  const record = nullRecord([
    ['__proto__', 1],
    ['constructor', 2],
    ['toString', 3],
  ]);
  expect(Object.getPrototypeOf(record)).toBeNull();
  expect(Object.keys(record)).toEqual(['__proto__', 'constructor', 'toString']);
  expect(own(record, '__proto__')).toBe(1);
  expect(own(record, 'valueOf')).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('a score’s few points are held as an ordinary object, not a dictionary', () => {
  const points = recordOf(z.number()).parse(JSON.parse('{"tinhMoi": 25, "hieuQua": 30, "khaThi": 20, "phamVi": 15}'));
  expect(Object.getPrototypeOf(points)).toBeNull();
  expect(hasFastProperties(points)).toBe(true);
  expect(hasFastProperties(nullRecord())).toBe(true);
});
