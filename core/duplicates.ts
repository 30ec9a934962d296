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
 * entry's shorter "middle" prefix is indexed. Titles, a few words each, probe with their rarest
 * words. A property test checks the whole against comparing every pair.
 */
import { foldKey } from './text';
import { SECTION_KEYS, type Sections } from './types';

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

function words(text: string): string[] {
  return foldKey(text).split(' ').filter(Boolean);
}

/**
 * Three-word phrases numbered densely: an open-addressing table over their word-number triples.
 * (A Map keyed by the triple packed in one large number hashes a heap number per lookup, and
 * every phrase of every description is looked up: it was most of the search's time.)
 */
class PhraseTable {
  private slots = new Int32Array(1 << 12).fill(-1);
  private triples = new Int32Array(3 * (1 << 11));
  size = 0;

  private static hash(a: number, b: number, c: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d)) >>> 0;
  }

  id(a: number, b: number, c: number): number {
    const mask = this.slots.length - 1;
    for (let slot = PhraseTable.hash(a, b, c) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] as number;
      if (id === -1) {
        if (2 * (this.size + 1) > this.slots.length) {
          this.grow();
          return this.id(a, b, c);
        }
        if (3 * this.size + 3 > this.triples.length) {
          const more = new Int32Array(this.triples.length * 2);
          more.set(this.triples);
          this.triples = more;
        }
        this.triples.set([a, b, c], 3 * this.size);
        this.slots[slot] = this.size;
        return this.size++;
      }
      if (this.triples[3 * id] === a && this.triples[3 * id + 1] === b && this.triples[3 * id + 2] === c) return id;
    }
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = PhraseTable.hash(this.triples[3 * id] as number, this.triples[3 * id + 1] as number, this.triples[3 * id + 2] as number) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

/**
 * Title words and description phrases (three words in a row) as dense numbers, so pairs are
 * compared by merging sorted arrays and the index is plain arrays, not string-keyed maps. A phrase
 * is keyed by its three word numbers (PhraseTable), not by a joined string.
 */
class Vocabulary {
  private readonly wordNumbers = new Map<string, number>();
  private readonly phraseNumbers = new PhraseTable();

  private numbers(text: string): number[] {
    return words(text).map((w) => {
      let n = this.wordNumbers.get(w);
      if (n === undefined) {
        n = this.wordNumbers.size;
        this.wordNumbers.set(w, n);
      }
      return n;
    });
  }

  /** The distinct words of a title. */
  words(text: string): Int32Array {
    return sortedSet(this.numbers(text));
  }

  /** The distinct three-word phrases (shingles) of a description. */
  phrases(text: string): Int32Array {
    const w = this.numbers(text);
    const out = new Int32Array(Math.max(0, w.length - 2));
    for (let i = 0; i < out.length; i++) out[i] = this.phraseNumbers.id(w[i] as number, w[i + 1] as number, w[i + 2] as number);
    return sortedSet(out);
  }

  get wordCount(): number {
    return this.wordNumbers.size;
  }

  get phraseCount(): number {
    return this.phraseNumbers.size;
  }
}

/** The distinct numbers, ascending: sorted natively, repeats dropped in place (no Set per description). */
function sortedSet(numbers: ArrayLike<number>): Int32Array {
  const sorted = Int32Array.from(numbers).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n);
}

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
function titleSimilarity(a: Int32Array, b: Int32Array): number {
  const short = Math.min(a.length, b.length);
  return short < 2 ? 0 : sharedCount(a, b) / short;
}

/** Jaccard similarity of two descriptions' 3-word shingles; skipped when the sizes alone rule it out. */
function descriptionSimilarity(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (Math.min(a.length, b.length) / Math.max(a.length, b.length) < DESCRIPTION_DUPLICATE) return 0;
  const shared = sharedCount(a, b);
  return shared / (a.length + b.length - shared);
}

/** How many of a set's rarest items must include a shared one for the pair to reach `threshold` (pigeonhole). */
function prefixLength(size: number, threshold: number): number {
  return size - Math.ceil(threshold * size) + 1;
}

export interface DuplicateInput {
  id: string;
  unit: string;
  title: string;
  sections: Sections;
}

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

/**
 * Pairs whose titles could reach TITLE_DUPLICATE (containment in the shorter title): each title
 * probes, with its rarest words, the titles at least as long that hold them, counting shared words
 * and dropping a title that could no longer share enough (positional filter).
 */
function titleCandidates(titles: ReadonlyArray<Int32Array>, wordCount: number, add: (x: number, y: number) => void): void {
  const frequency = new Int32Array(wordCount);
  for (const title of titles) for (const n of title) frequency[n]! += 1;
  const ordered = titles.map((title) => Array.from(title).sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || a - b));
  /** word → every title holding it, each followed by the word's position in that title's order. */
  const postings: number[][] = Array.from({ length: wordCount }, () => []);
  ordered.forEach((title, entry) => title.forEach((n, position) => (postings[n] as number[]).push(entry, position)));
  const counts = new OverlapCounts(titles.length);
  ordered.forEach((title, x) => {
    const size = title.length;
    if (size < 2) return;
    const needed = Math.ceil(TITLE_DUPLICATE * size);
    for (let i = 0; i < prefixLength(size, TITLE_DUPLICATE); i++) {
      const list = postings[title[i] as number] as number[];
      for (let k = 0; k < list.length; k += 2) {
        const y = list[k] as number;
        const other = (ordered[y] as number[]).length;
        // Containment is measured on the shorter title: probe towards titles at least as long.
        if (other > size || (other === size && y > x)) counts.count(y, i, size, list[k + 1] as number, other, needed);
      }
    }
    counts.harvest(x, add);
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
  /** phrase rank → the entries indexed so far, smallest first, each followed by the phrase's position in it. */
  const index: Array<number[] | undefined> = new Array(phrases);
  const counts = new OverlapCounts(ordered.length);
  for (const x of bySize) {
    const set = ordered[x] as Int32Array;
    const size = set.length;
    if (size === 0) continue;
    const minSize = Math.ceil(t * size);
    const probe = prefixLength(size, t);
    for (let i = 0; i < probe; i++) {
      const list = index[set[i] as number];
      if (!list) continue;
      for (let k = 0; k < list.length; k += 2) {
        const y = list[k] as number;
        const other = (ordered[y] as Int32Array).length;
        if (other < minSize) continue; // too small to reach the threshold (length filter)
        counts.count(y, i, size, list[k + 1] as number, other, Math.ceil((t / (1 + t)) * (size + other)));
      }
    }
    counts.harvest(x, add);
    // Only the middle prefix is indexed: a later (larger or equal) set pairs through it or not at all.
    const indexed = size - Math.ceil(((2 * t) / (1 + t)) * size) + 1;
    for (let i = 0; i < indexed; i++) {
      const phrase = set[i] as number;
      let list = index[phrase];
      if (!list) index[phrase] = list = [];
      list.push(x, i);
    }
  }
}

/** Pairs of entries of different units that look like the same initiative, most alike first. */
export function findDuplicates(entries: ReadonlyArray<DuplicateInput>): Duplicate[] {
  const vocabulary = new Vocabulary();
  const unitIds = new Map<string, number>();
  const units = entries.map((e) => {
    const key = foldKey(e.unit);
    if (!unitIds.has(key)) unitIds.set(key, unitIds.size);
    return unitIds.get(key) as number;
  });
  const titles = entries.map((e) => vocabulary.words(e.title));
  const numbered = entries.map((e) => vocabulary.phrases(SECTION_KEYS.map((k) => e.sections[k] ?? '').join(' ')));
  const frequency = new Int32Array(vocabulary.phraseCount);
  for (const set of numbered) for (const n of set) frequency[n]! += 1;
  // Renumbered rarest first: sorted sets are then in the join's order (and still merge for Jaccard).
  const rank = rarityRanks(frequency, entries.length);
  const texts = numbered.map((set) => {
    const ranked = new Int32Array(set.length);
    for (let i = 0; i < set.length; i++) ranked[i] = rank[set[i] as number] as number;
    return ranked.sort();
  });

  // Candidate pairs, with what made each one (1: its titles, 2: its descriptions): a pair is first
  // measured on what made it, and the other similarity is computed only for a pair that is reported.
  const pairs = new Map<number, number>();
  const add = (kind: number) => (x: number, y: number) => {
    if (units[x] === units[y]) return;
    const key = x * entries.length + y;
    pairs.set(key, (pairs.get(key) ?? 0) | kind);
  };
  titleCandidates(titles, vocabulary.wordCount, add(1));
  descriptionCandidates(texts, vocabulary.phraseCount, add(2));

  const found: Duplicate[] = [];
  for (const [pair, kind] of pairs) {
    const x = Math.floor(pair / entries.length);
    const y = pair % entries.length;
    let t = kind & 1 ? titleSimilarity(titles[x]!, titles[y]!) : -1;
    let d = kind & 2 ? descriptionSimilarity(texts[x]!, texts[y]!) : -1;
    if (t < TITLE_DUPLICATE && d < DESCRIPTION_DUPLICATE) continue;
    if (t < 0) t = titleSimilarity(titles[x]!, titles[y]!);
    if (d < 0) d = descriptionSimilarity(texts[x]!, texts[y]!);
    const [a, b] = [entries[x]!, entries[y]!];
    found.push({
      a: { id: a.id, unit: a.unit, title: a.title },
      b: { id: b.id, unit: b.unit, title: b.title },
      similarity: round2(Math.max(t, d)),
      titleSimilarity: round2(t),
      descriptionSimilarity: round2(d),
    });
  }
  return found.sort((p, q) => q.similarity - p.similarity || p.a.id.localeCompare(q.a.id) || p.b.id.localeCompare(q.b.id));
}
