/**
 * bench/assignment: who scores what (core/judging/assignment.ts, evenly) and its own-unit rule
 * (core/rounds/units.ts isOwnUnit, by id), at a district's size (18 units, 40 entries, 10
 * reviewers), a city's (200, 2,000, 60) and a nation's (3,400, 10,000, 200). Each is measured per
 * reviewer × entry pair against the floor of the same pairs: one Map lookup each, side by side;
 * and how the cost per pair grows from district to nation (target ≤ 3: the rule stays a few
 * lookups, whatever the round's size; before units had an index it folded both names per pair).
 */
import { assignEntries } from '../core/judging/assignment';
import { roundSchema } from '../core/rounds/round-schema';
import { demoRound } from '../core/rounds/round';
import { median, timeSync, type Benchmark, type BenchResult } from './measure';

const SIZES = [
  { name: 'district', units: 18, entries: 40, reviewers: 10 },
  { name: 'city', units: 200, entries: 2_000, reviewers: 60 },
  { name: 'nation', units: 3_400, entries: 10_000, reviewers: 200 },
] as const;

function setting(size: (typeof SIZES)[number]) {
  const units = Array.from({ length: size.units }, (_, i) => ({ name: `Xã Số ${i + 1}`, kind: 'xa' as const }));
  const round = roundSchema.parse({ ...demoRound(), units, assignment: { mode: 'even', offices: [] } });
  const entries = Array.from({ length: size.entries }, (_, i) => ({ id: `e${i}`, unit: `Xã Số ${(i % size.units) + 1}`, field: 'Cải cách thủ tục hành chính' }));
  // Accounts as stored: half made with their unit's id, half before ids (the unit's name only).
  const reviewers = Array.from({ length: size.reviewers }, (_, i) => (i % 2 ? { id: `r${i}`, unit: `Xã Số ${i * 7 + 1}` } : { id: `r${i}`, unit: `Xã Số ${i * 7 + 1}`, unitId: round.units[(i * 7) % size.units]!.id }));
  return { round, entries, reviewers };
}

export const assignmentBench: Benchmark = async () => {
  const results: Record<string, BenchResult> = {};
  const perPair: number[] = [];
  for (const size of SIZES) {
    const { round, entries, reviewers } = setting(size);
    const pairs = entries.length * reviewers.length;
    const floorMap = new Map(entries.map((e) => [e.id, e.unit]));
    const assign: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run < 5; run++) {
      assign.push(timeSync(() => assignEntries(round, entries, reviewers)));
      floor.push(
        timeSync(() => {
          let hits = 0;
          for (const r of reviewers) for (const e of entries) if (floorMap.get(e.id) === r.unit) hits++;
          return hits;
        }),
      );
    }
    const [a, f] = [median(assign), median(floor)];
    perPair.push(a / pairs);
    results[`assignment.${size.name}_vs_map_lookups`] = { value: a / f, unit: 'ratio', target: null, better: 'lower', note: `${pairs.toLocaleString('en')} pairs: ${a.toFixed(1)} ms, floor ${f.toFixed(1)} ms` };
  }
  results['assignment.growth_per_pair_district_to_nation'] = { value: perPair[2]! / perPair[0]!, unit: 'ratio', target: 3, better: 'lower', note: 'cost per reviewer × entry pair at a nation ÷ at a district' };
  return results;
};
