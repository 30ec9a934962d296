/**
 * The duplicate search kept between summaries (the summary worker holds one): every entry's words
 * and phrases numbered once, and the pairs found. When a unit sends its report again, only its
 * entries are measured against the others; the first search, or one where many entries changed
 * (a new round, an earlier year added), runs the whole join (duplicates.ts). Either way the answer
 * is findDuplicates' over the same entries (a property test checks it against a fresh search).
 */
import { descriptionWords, distinctPhrases, PhraseTable, sameText, Vocabulary, WordRuns } from './duplicate-text';
import { alike, byLikeness, duplicateOf, findDuplicates, joinNumbered, phraseJaccard, titleSimilarity, groupOf, groupNumbers, type Duplicate, type DuplicateInput } from './duplicates';
import { PhrasePostings } from './phrase-postings';

interface Held {
  entry: DuplicateInput;
  /** The title's distinct word numbers, ascending. */
  title: Int32Array;
  /** How many distinct phrases its description has (the phrases themselves are in the postings only). */
  phraseCount: number;
  /** The group as compared (`groupOf`: the unit, folded, by default): entries of one group are never a pair. */
  group: string;
  /** A number no other held entry has (the phrase postings name entries by it). */
  place: number;
}

/**
 * Past this many entries changed, the whole join is the quicker: on bench text at 30,000 entries,
 * one entry measured against all the others took 65–80 ms, the whole join 12 s (about 150 entries' worth).
 */
const MEASURED_ONE_BY_ONE_AT_MOST = 100;

/** Two lists sorted most alike first, as one. */
function mergeSorted(a: Duplicate[], b: Duplicate[]): Duplicate[] {
  if (b.length === 0) return a;
  const out: Duplicate[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && byLikeness(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!);
  return out;
}

/** Whether an entry's text and unit are those already measured. */
function measuredAsIs(held: Held | undefined, e: DuplicateInput): boolean {
  return held !== undefined && held.entry.unit === e.unit && held.entry.group === e.group && sameText(held.entry, e);
}

export class DuplicateIndex {
  private vocabulary = new Vocabulary();
  private phrases = new PhraseTable(1 << 12);
  private readonly held = new Map<string, Held>();
  private postings = new PhrasePostings();
  private places = 0;
  /** Each entry's likely duplicates, both ways: the other's id → its title and description similarity. */
  private readonly pairs = new Map<string, Map<string, [number, number]>>();
  /** How many searches ran the whole join; how many entries were measured one by one against the rest. */
  wholeSearches = 0;
  entriesMeasured = 0;
  /** How many times the phrase postings were listed afresh (after a whole search, and after many entries came and went). */
  get postingsListed(): number {
    return this.postings.listings;
  }
  /** The last answer, and the order of the entries it was for (a pair's `a` is the one that comes first). */
  private last: { ids: string[]; found: Duplicate[] } | null = null;

  /** The likely duplicates among `entries` (ids unique), most alike first, as findDuplicates finds them. */
  search(entries: ReadonlyArray<DuplicateInput>): Duplicate[] {
    const position = new Map<string, number>();
    entries.forEach((e, i) => position.set(e.id, i));
    // Pairs are kept by id: entries without ids of their own cannot be followed.
    if (position.size < entries.length) return findDuplicates(entries);
    const changed = entries.filter((e) => !measuredAsIs(this.held.get(e.id), e));
    const removed = [...this.held.keys()].filter((id) => !position.has(id));
    if (this.wholeSearches === 0 || changed.length + removed.length > MEASURED_ONE_BY_ONE_AT_MOST) {
      this.whole(entries);
      return this.answer(entries, position, null);
    }
    const touched = new Set([...removed, ...changed.map((e) => e.id)]);
    for (const id of touched) this.forget(id);
    for (const e of changed) this.measure(e);
    if (this.postings.worn) this.postings.relist(this.phrases.size);
    return this.answer(entries, position, touched);
  }

  /**
   * The pairs as found, most alike first. When the entries that did not change are in the same
   * order as last time, the last answer is kept but for the pairs of `touched` entries, and the
   * pairs measured now are merged in: sorting 100,000 pairs again took longer than measuring.
   */
  private answer(entries: ReadonlyArray<DuplicateInput>, position: ReadonlyMap<string, number>, touched: ReadonlySet<string> | null): Duplicate[] {
    const pairOf = (x: number, y: number, [title, description]: [number, number]) => duplicateOf(entries[x]!, entries[y]!, title, description);
    const last = this.last;
    let found: Duplicate[];
    if (touched?.size === 0 && last && this.sameOrder(last.ids, position, touched)) found = last.found;
    else if (touched && last && this.sameOrder(last.ids, position, touched)) {
      const fresh: Duplicate[] = [];
      for (const id of touched) {
        const x = position.get(id);
        if (x === undefined) continue;
        for (const [other, measured] of this.pairs.get(id) ?? []) {
          const y = position.get(other) as number;
          // A pair of two touched entries once, from the first.
          if (!touched.has(other) || x < y) fresh.push(x < y ? pairOf(x, y, measured) : pairOf(y, x, measured));
        }
      }
      found = mergeSorted(
        last.found.filter((d) => !touched.has(d.a.id) && !touched.has(d.b.id)),
        fresh.sort(byLikeness),
      );
    } else {
      found = [];
      for (const [id, partners] of this.pairs) {
        const x = position.get(id) as number;
        for (const [other, measured] of partners) {
          const y = position.get(other) as number;
          if (x < y) found.push(pairOf(x, y, measured));
        }
      }
      found.sort(byLikeness);
    }
    this.last = { ids: entries.map((e) => e.id), found };
    return found;
  }

  /** Whether the entries kept from last time are in the same order now (each pair's `a` still the one first). */
  private sameOrder(ids: ReadonlyArray<string>, position: ReadonlyMap<string, number>, touched: ReadonlySet<string>): boolean {
    let previous = -1;
    for (const id of ids) {
      if (touched.has(id)) continue;
      const now = position.get(id);
      if (now === undefined || now < previous) return false;
      previous = now;
    }
    return true;
  }

  /** An entry as held, its description of `phraseCount` distinct phrases (held by the postings alone once it is listed). */
  private heldOf(e: DuplicateInput, phraseCount: number): Held {
    return { entry: e, group: groupOf(e), title: this.vocabulary.titleSet(e.title).slice(), phraseCount, place: this.places++ };
  }

  /**
   * Every entry numbered afresh, into a phrase table sized for their distinct phrases (with room to
   * spare; it grows if ever short), not for every phrase written. Each description's word numbers
   * are a view of one buffer, its phrases of another (`all`): the words go when this returns, the
   * phrases once listed, each buffer freed whole.
   */
  private numberedAll(entries: ReadonlyArray<DuplicateInput>): { held: Held[]; all: Int32Array; sets: Int32Array[] } {
    const runs = new WordRuns();
    for (const e of entries) runs.add(descriptionWords(e), this.vocabulary);
    const described = entries.map((_, i) => runs.run(i));
    this.phrases = new PhraseTable(Math.ceil(1.1 * distinctPhrases(described)) + 1024);
    const { all, sets } = this.phrases.phraseSets(described);
    return { held: entries.map((e, i) => this.heldOf(e, sets[i]!.length)), all, sets };
  }

  private pair(a: string, b: string, title: number, description: number): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const partners = this.pairs.get(x);
      if (partners) partners.set(y, [title, description]);
      else this.pairs.set(x, new Map([[y, [title, description]]]));
    }
  }

  private forget(id: string): void {
    const held = this.held.get(id);
    if (held) this.postings.forget(held.place);
    for (const other of this.pairs.get(id)?.keys() ?? []) this.pairs.get(other)?.delete(id);
    this.pairs.delete(id);
    this.held.delete(id);
  }

  /**
   * One entry against the others held: a pair is kept when it reaches a threshold, as the join keeps
   * it. Every title is looked at (a few words each); how many phrases each description shares with
   * this one is counted through the postings, each of its phrases' lists walked once (merging its
   * phrases with each of a nation's 30,000 descriptions took 65–80 ms an entry).
   */
  private measure(e: DuplicateInput): void {
    const phrases = this.phrases.phraseSet(Int32Array.from(descriptionWords(e), (w) => this.vocabulary.number(w))).slice();
    const x = this.heldOf(e, phrases.length);
    this.postings.countShared(phrases);
    // In the held entries' order, as before: pairs alike to the last digit keep their order.
    for (const [id, y] of this.held) {
      if (y.group === x.group) continue;
      const title = titleSimilarity(y.title, x.title);
      const description = phraseJaccard(y.phraseCount, x.phraseCount, this.postings.sharedWith(y.place));
      if (alike(title, description)) this.pair(id, e.id, title, description);
    }
    this.held.set(e.id, x);
    this.postings.add({ place: x.place, phrases });
    this.entriesMeasured++;
  }

  /** Everything afresh: numbered again (words no entry uses any more are dropped), then the whole join. */
  private whole(entries: ReadonlyArray<DuplicateInput>): void {
    this.wholeSearches++;
    this.held.clear();
    this.pairs.clear();
    // Places name entries in arrays the postings size by the highest: numbered from 0 again, they do not grow with every whole search the server runs.
    this.places = 0;
    // The last search's tables go first: at a nation's size the phrase table and the postings are hundreds of MB, not to be held twice.
    this.postings = new PhrasePostings();
    this.phrases = new PhraseTable(0);
    this.vocabulary = new Vocabulary();
    const { held, all, sets } = this.numberedAll(entries);
    held.forEach((h) => this.held.set(h.entry.id, h));
    // The join renumbers the phrase sets in place: it is given a copy of them, one buffer too.
    const copy = all.slice();
    joinNumbered(
      held.map((h) => h.title),
      this.vocabulary.wordCount,
      sets.map((set) => copy.subarray(set.byteOffset / 4, set.byteOffset / 4 + set.length)),
      this.phrases.size,
      groupNumbers(entries),
      (x, y, title, description) => this.pair(entries[x]!.id, entries[y]!.id, title, description),
    );
    // Listed after the join, once its own arrays can go; the phrase sets go after, the postings holding them since.
    this.postings.list(
      held.map((h, i) => ({ place: h.place, phrases: sets[i]! })),
      this.phrases.size,
    );
  }
}
