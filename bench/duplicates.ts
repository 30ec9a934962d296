/**
 * bench/duplicates: the duplicate search on realistic text (bench/markov.ts: descriptions of
 * 150–450 words from the seed documents, so boilerplate recurs as in real reports) at 1,000,
 * 2,000, 4,000 and 8,000 entries of 200 units, each ÷ one linear pass over the same text (folding
 * every title and description, what any search must at least do), measured side by side; and how
 * the time grows from 1,000 to 8,000 entries against n log n (target ≤ 1: no faster).
 */
import { findDuplicates, type DuplicateInput } from '../core/consolidation/duplicates';
import { foldKey } from '../core/text';
import { median, timeSync, type Benchmark, type BenchResult } from './measure';
import { markovDescription, markovTitle, random } from './markov';

const SIZES = [1_000, 2_000, 4_000, 8_000];

function entries(n: number): DuplicateInput[] {
  return Array.from({ length: n }, (_, i) => {
    const next = random(i + 1);
    return { id: String(i), unit: `Phường ${i % 200}`, title: markovTitle(next), sections: markovDescription(next) };
  });
}

export const duplicatesBench: Benchmark = async () => {
  const results: Record<string, BenchResult> = {};
  const times: number[] = [];
  for (const n of SIZES) {
    const list = entries(n);
    const search: number[] = [];
    const linear: number[] = [];
    let pairs = 0;
    for (let run = 0; run < 5; run++) {
      search.push(timeSync(() => (pairs = findDuplicates(list).length)));
      linear.push(timeSync(() => list.forEach((e) => [e.title, e.sections.thucTrang, e.sections.noiDung, e.sections.hieuQua, e.sections.tinhMoi].forEach((t) => foldKey(t ?? '')))));
    }
    const [s, l] = [median(search), median(linear)];
    times.push(s);
    results[`duplicates.search_vs_linear_pass_${n}`] = {
      value: s / l,
      unit: 'ratio',
      target: null,
      better: 'lower',
      note: `${n} entries: search ${s.toFixed(0)} ms ÷ folding the same text once ${l.toFixed(0)} ms; ${pairs} pairs found`,
    };
  }
  const [first, last] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  const nLogN = (last * Math.log(last)) / (first * Math.log(first));
  results['duplicates.growth_vs_n_log_n'] = {
    value: times[times.length - 1]! / times[0]! / nLogN,
    unit: 'ratio',
    target: 1,
    better: 'lower',
    note: `time at ${last} ÷ time at ${first} = ${(times[times.length - 1]! / times[0]!).toFixed(1)}, against n log n's ${nLogN.toFixed(1)} (the square would be ${((last / first) ** 2).toFixed(0)})`,
  };
  return results;
};
