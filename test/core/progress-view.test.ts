/** Tiến độ for a city (issue #28): filter, search without diacritics, sort, counts. */
import { filterCounts, unitsShown, type UnitProgressRow } from '../../core/rounds/progress-view';

const units: UnitProgressRow[] = [
  ...Array.from({ length: 160 }, (_, i): UnitProgressRow => ({ unit: `Phường ${i + 1}`, state: i % 4 === 0 ? 'not-sent' : 'sent', ...(i % 4 === 0 ? {} : { at: `2025-09-${String((i % 28) + 1).padStart(2, '0')}T03:00:00Z`, shortOfScores: i % 5 === 0 ? 2 : 0 }) })),
  { unit: 'Xã Cần Giờ', state: 'refused', at: '2025-09-10T03:00:00Z' },
  { unit: 'Đặc khu Côn Đảo', state: 'sent', at: '2025-09-30T03:00:00Z', shortOfScores: 1 },
];

test('counts per state add up, and “thiếu điểm” is a unit that sent with an entry short of scores', () => {
  const counts = filterCounts(units);
  expect(counts.all).toBe(162);
  expect(counts['not-sent'] + counts.refused + counts.sent).toBe(counts.all);
  expect(counts.short).toBe(units.filter((u) => u.state === 'sent' && (u.shortOfScores ?? 0) > 0).length);
});

test('search ignores diacritics and case; names sort as numbers (Phường 2 before Phường 10); state and date orders', () => {
  expect(unitsShown(units, 'all', 'con dao', 'name').map((u) => u.unit)).toEqual(['Đặc khu Côn Đảo']);
  expect(unitsShown(units, 'all', 'CẦN GIỜ', 'name').map((u) => u.unit)).toEqual(['Xã Cần Giờ']);
  expect(unitsShown(units, 'not-sent', '', 'name').slice(0, 3).map((u) => u.unit)).toEqual(['Phường 1', 'Phường 5', 'Phường 9']);
  expect(unitsShown(units, 'all', '', 'state')[0]!.unit).toBe('Xã Cần Giờ');
  expect(unitsShown(units, 'sent', '', 'date')[0]!.unit).toBe('Đặc khu Côn Đảo');
  expect(unitsShown(units, 'short', '', 'name').every((u) => u.state === 'sent' && (u.shortOfScores ?? 0) > 0)).toBe(true);
});
