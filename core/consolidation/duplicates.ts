/**
 * Likely duplicates across units (DESIGN §3): two entries whose titles share most of their words,
 * or whose descriptions share half their three-word phrases (Jaccard), wherever they come from.
 *
 * Real reports share the plan's boilerplate (half an entry's phrases recur elsewhere), so the
 * search must not compare every pair that shares a phrase. Descriptions are joined the way
 * PPJoin does (Xiao et al., "Efficient similarity joins for near duplicate detection", WWW 2008):
 * phrases ordered rarest first, entries by size; an entry probes with its rarest phrases only
 * (prefix filter: a pair sharing none of them cannot reach the threshold), only entries of a size
 * that could match are looked at (length filter), a candidate whose shared phrases so far, plus all
 * it could still share, cannot reach the threshold is dropped (positional filter), and only each
 * entry's shorter "middle" prefix is indexed. Titles, a few words each, probe with pairs of their
 * rarest words (titleCandidates). The text comes numbered (duplicate-text.ts). Property tests check
 * the whole against comparing every pair.
 */
import { phraseSets, PreparedText, type Described } from './duplicate-text';
import { foldKey } from '../text';

export { PreparedText } from './duplicate-text';

export interface Duplicate {
  a: { id: string; unit: string; title: string };
  b: { id: string; unit: string; title: string };
  similarity: number;
  titleSimilarity: number;
  descriptionSimilarity: number;
}

export const TITLE_DUPLICATE = 0.8;
export const DESCRIPTION_DUPLICATE = 0.5;

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Each phrase's rank rarest first (ties by number), by counting sort on how many entries hold it:
 * sets renumbered by rank and sorted natively are in PPJoin's global order, with no comparator.
 */
function rarityRanks(frequency: Int32Array, entries: number): Int32Array {
  const start = new Int32Array(entries + 2);
  for (const f of frequency) start[f + 1]! += 1;
  for (let f = 1; f < start.length; f++) start[f]! += start[f - 1] as number;
  const rank = new Int32Array(frequency.length);
  for (let phrase = 0; phrase < frequency.length; phrase++) rank[phrase] = start[frequency[phrase] as number]!++;
  return rank;
}

function sharedCount(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** Share of the shorter title's words found in the longer one (two words at least). */
export function titleSimilarity(a: Int32Array, b: Int32Array): number {
  const short = Math.min(a.length, b.length);
  return short < 2 ? 0 : sharedCount(a, b) / short;
}

/** Whether descriptions of `a` and `b` phrases could reach DESCRIPTION_DUPLICATE at all (their Jaccard is at most the smaller over the larger). */
const sizesMayMatch = (a: number, b: number) => a > 0 && b > 0 && Math.min(a, b) / Math.max(a, b) >= DESCRIPTION_DUPLICATE;

/** Jaccard similarity of two descriptions' phrase sets, of `a` and `b` phrases, `shared` of them in both; 0 when the sizes alone rule the pair out. */
export const phraseJaccard = (a: number, b: number, shared: number): number => (sizesMayMatch(a, b) ? shared / (a + b - shared) : 0);

/** Jaccard similarity of two descriptions' 3-word shingles; not merged when the sizes alone rule it out. */
function descriptionSimilarity(a: Int32Array, b: Int32Array): number {
  return sizesMayMatch(a.length, b.length) ? phraseJaccard(a.length, b.length, sharedCount(a, b)) : 0;
}

/** How many of a set's rarest items must include a shared one for the pair to reach `threshold` (pigeonhole). */
export function prefixLength(size: number, threshold: number): number {
  return size - Math.ceil(threshold * size) + 1;
}

export interface DuplicateInput extends Described {
  unit: string;
  /**
   * Entries of one group are never a pair, nor measured as one. Without it, an entry's group is its
   * unit (a unit's own entries are not duplicates of each other); the earlier years' entries are
   * one group, compared with this year's only.
   */
  group?: string;
}

/** The group an entry is never paired within: its own (kept apart from any unit's by a character no folded name has), or its unit, folded. */
export const groupOf = (e: Pick<DuplicateInput, 'unit' | 'group'>): string => (e.group === undefined ? foldKey(e.unit) : `\u0000${e.group}`);

/**
 * Shared items counted per candidate while one entry probes, with PPJoin's positional filter: a
 * candidate that can no longer reach `needed` (what it shares so far, this item, and at most every
 * item after it on the shorter side) is dropped for this entry.
 */
class OverlapCounts {
  private readonly overlap: Int32Array;
  private readonly touched: number[] = [];
  constructor(entries: number) {
    this.overlap = new Int32Array(entries);
  }

  /** The probing entry's item at position `i` (of `size`) is candidate `y`'s at position `j` (of `other`). */
  count(y: number, i: number, size: number, j: number, other: number, needed: number): void {
    const seen = this.overlap[y] as number;
    if (seen < 0) return;
    if (seen === 0) this.touched.push(y);
    this.overlap[y] = seen + 1 + Math.min(size - i - 1, other - j - 1) >= needed ? seen + 1 : -1;
  }

  /** Every candidate still in the running, paired with `x`; the counts cleared for the next entry. */
  harvest(x: number, add: (x: number, y: number) => void): void {
    for (const y of this.touched) {
      if ((this.overlap[y] as number) > 0) add(Math.min(x, y), Math.max(x, y));
      this.overlap[y] = 0;
    }
    this.touched.length = 0;
  }
}

/** Titles up to this many words are indexed by every pair of their words; longer ones by their words (a title has n² / 2 pairs). */
const PAIR_INDEXED = 24;

function pushTo(index: Map<number, number[]>, key: number, title: number): void {
  const list = index.get(key);
  if (list) list.push(title);
  else index.set(key, [title]);
}

/**
 * Pairs whose titles could reach TITLE_DUPLICATE (containment in the shorter title). A title of n
 * words needs k = ⌈0.8 n⌉ of them in the other, so at most n − k are missing there: among its
 * n − k + 2 rarest words two are shared (pigeonhole), and it probes with those words' pairs. Titles
 * share common words by the thousand, pairs of them rarely: probing by single words made candidates
 * grow with the square of the entries (750,000 at 8,000 entries for 7,000 duplicates). Long titles,
 * indexed by word, are probed with the n − k + 1 rarest words.
 */
function titleCandidates(titles: ReadonlyArray<Int32Array>, wordCount: number, add: (x: number, y: number) => void): void {
  const frequency = new Int32Array(wordCount);
  for (const title of titles) for (const n of title) frequency[n]! += 1;
  const ordered = titles.map((title) => Int32Array.from(title).sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || a - b));
  const pairKey = (u: number, v: number) => (u < v ? u * wordCount + v : v * wordCount + u);
  const byPair = new Map<number, number[]>();
  const longByWord = new Map<number, number[]>();
  ordered.forEach((title, y) => {
    if (title.length > PAIR_INDEXED) for (const word of title) pushTo(longByWord, word, y);
    else for (let i = 0; i < title.length; i++) for (let j = i + 1; j < title.length; j++) pushTo(byPair, pairKey(title[i] as number, title[j] as number), y);
  });
  /** The title that last considered each one: a candidate is passed on once per probing title. */
  const seenBy = new Int32Array(titles.length).fill(-1);
  ordered.forEach((title, x) => {
    const size = title.length;
    if (size < 2) return;
    const consider = (y: number) => {
      if (seenBy[y] === x) return;
      seenBy[y] = x;
      // Containment is measured on the shorter title: probe towards titles at least as long.
      const other = (ordered[y] as Int32Array).length;
      if (other > size || (other === size && y > x)) add(Math.min(x, y), Math.max(x, y));
    };
    const missing = size - Math.ceil(TITLE_DUPLICATE * size);
    const probe = Math.min(size, missing + 2);
    for (let i = 0; i < probe; i++) for (let j = i + 1; j < probe; j++) byPair.get(pairKey(title[i] as number, title[j] as number))?.forEach(consider);
    for (let i = 0; i <= missing; i++) longByWord.get(title[i] as number)?.forEach(consider);
  });
}

/**
 * Pairs whose descriptions' phrase sets could reach a Jaccard of DESCRIPTION_DUPLICATE (PPJoin:
 * prefix, length and positional filters). `ordered`: each set's phrases by rarity rank, ascending
 * (rarest first: a prefix is the rarest phrases); `phrases`: how many ranks there are.
 */
function descriptionCandidates(ordered: ReadonlyArray<Int32Array>, phrases: number, add: (x: number, y: number) => void): void {
  const t = DESCRIPTION_DUPLICATE;
  const bySize = ordered.map((_, i) => i).sort((a, b) => ordered[a]!.length - ordered[b]!.length || a - b);
  // Only the middle prefix is indexed: a later (larger or equal) set pairs through it or not at all.
  const indexedOf = (size: number) => (size === 0 ? 0 : size - Math.ceil(((2 * t) / (1 + t)) * size) + 1);
  // The index in two flat arrays, each phrase's entries side by side, its room counted first: a list
  // per phrase was millions of small arrays, 600 MB held through the join at a nation's size.
  const start = new Int32Array(phrases + 1);
  for (const set of ordered) for (let i = 0, n = indexedOf(set.length); i < n; i++) start[(set[i] as number) + 1]! += 1;
  for (let p = 0; p < phrases; p++) start[p + 1]! += start[p] as number;
  /** phrase rank → where its next entry goes: its entries indexed so far are entryAt[start[p]] up to there, smallest first. */
  const end = start.slice(0, phrases);
  const entryAt = new Int32Array(start[phrases] as number);
  /** …and the phrase's position in each of them. */
  const positionAt = new Int32Array(entryAt.length);
  const counts = new OverlapCounts(ordered.length);
  for (const x of bySize) {
    const set = ordered[x] as Int32Array;
    const size = set.length;
    if (size === 0) continue;
    const minSize = Math.ceil(t * size);
    const probe = prefixLength(size, t);
    for (let i = 0; i < probe; i++) {
      const phrase = set[i] as number;
      for (let k = start[phrase] as number, last = end[phrase] as number; k < last; k++) {
        const y = entryAt[k] as number;
        const other = (ordered[y] as Int32Array).length;
        if (other < minSize) continue; // too small to reach the threshold (length filter)
        counts.count(y, i, size, positionAt[k] as number, other, Math.ceil((t / (1 + t)) * (size + other)));
      }
    }
    counts.harvest(x, add);
    for (let i = 0, n = indexedOf(size); i < n; i++) {
      const at = end[set[i] as number]!++;
      entryAt[at] = x;
      positionAt[at] = i;
    }
  }
}

/** Each entry's group as a number (`groupOf`: its unit, folded, by default), so a pair of one group's entries is never reported. */
export function groupNumbers(entries: ReadonlyArray<Pick<DuplicateInput, 'unit' | 'group'>>): Int32Array {
  const groupIds = new Map<string, number>();
  return Int32Array.from(entries, (e) => {
    const key = groupOf(e);
    if (!groupIds.has(key)) groupIds.set(key, groupIds.size);
    return groupIds.get(key) as number;
  });
}

/** Whether a pair's title or description similarity makes it a likely duplicate. */
export const alike = (title: number, description: number) => title >= TITLE_DUPLICATE || description >= DESCRIPTION_DUPLICATE;

/**
 * The join over numbered text: every pair (x < y) of entries of different groups that reaches a
 * threshold, with its two similarities. `phrases`: each description's sorted distinct phrase
 * numbers, below `phraseCount`; renumbered rarest first in place (Jaccard does not change).
 */
export function joinNumbered(titles: ReadonlyArray<Int32Array>, wordCount: number, phrases: Int32Array[], phraseCount: number, groups: Int32Array, found: (x: number, y: number, title: number, description: number) => void): void {
  const frequency = new Int32Array(phraseCount);
  for (const set of phrases) for (const n of set) frequency[n]! += 1;
  // Renumbered rarest first: sorted sets are then in the join's order (and still merge for Jaccard).
  const rank = rarityRanks(frequency, phrases.length);
  const texts = phrases.map((set) => {
    for (let i = 0; i < set.length; i++) set[i] = rank[set[i] as number] as number;
    return set.sort();
  });

  // A candidate is measured as soon as the join yields it, on what made it (1: its titles, 2: its
  // descriptions), and only a pair that reaches a threshold is kept: chance candidates among
  // thousands of entries are many, the duplicates few.
  const pairs = new Map<number, number>();
  const keep = (kind: number, reaches: (x: number, y: number) => boolean) => (x: number, y: number) => {
    if (groups[x] === groups[y] || !reaches(x, y)) return;
    const key = x * titles.length + y;
    pairs.set(key, (pairs.get(key) ?? 0) | kind);
  };
  titleCandidates(titles, wordCount, keep(1, (x, y) => titleSimilarity(titles[x]!, titles[y]!) >= TITLE_DUPLICATE));
  descriptionCandidates(texts, phraseCount, keep(2, (x, y) => descriptionSimilarity(texts[x]!, texts[y]!) >= DESCRIPTION_DUPLICATE));
  for (const pair of pairs.keys()) {
    const x = Math.floor(pair / titles.length);
    const y = pair % titles.length;
    found(x, y, titleSimilarity(titles[x]!, titles[y]!), descriptionSimilarity(texts[x]!, texts[y]!));
  }
}

/** A pair as reported: `a` the one that comes first in the entries searched. */
export function duplicateOf(a: DuplicateInput, b: DuplicateInput, title: number, description: number): Duplicate {
  return {
    a: { id: a.id, unit: a.unit, title: a.title },
    b: { id: b.id, unit: b.unit, title: b.title },
    similarity: round2(Math.max(title, description)),
    titleSimilarity: round2(title),
    descriptionSimilarity: round2(description),
  };
}

/** Most alike first; ties in a fixed order (localeCompare's, through one collator: localeCompare itself was most of sorting 100,000 pairs). */
const ids = new Intl.Collator();
export const byLikeness = (p: Duplicate, q: Duplicate) => q.similarity - p.similarity || ids.compare(p.a.id, q.a.id) || ids.compare(p.b.id, q.b.id);

/** Pairs of entries of different groups (units, by default) that look like the same initiative, most alike first. */
export function findDuplicates(entries: ReadonlyArray<DuplicateInput>, prepared: PreparedText = new PreparedText()): Duplicate[] {
  const { titles, descriptions } = prepared.numbers(entries);
  const { sets, count } = phraseSets(descriptions);
  const found: Duplicate[] = [];
  joinNumbered(titles, prepared.vocabulary.wordCount, sets, count, groupNumbers(entries), (x, y, t, d) => found.push(duplicateOf(entries[x]!, entries[y]!, t, d)));
  return found.sort(byLikeness);
}
