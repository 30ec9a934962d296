/**
 * Entries' text as numbers, for the duplicate search (duplicates.ts): title words and description
 * words numbered by one vocabulary, descriptions' three-word phrases numbered densely, each set
 * sorted; typed arrays in shared buffers rather than strings, maps and a list per entry. Numbered
 * ahead where the caller can (PreparedText: the command line, as each report arrives).
 */
import { foldKey } from '../text';
import { SECTION_KEYS, type Sections } from '../types';

/** What the search reads of an entry's text. */
export interface Described {
  id: string;
  title: string;
  sections: Sections;
}

function words(text: string): string[] {
  return foldKey(text).split(' ').filter(Boolean);
}

/** A description's words: its four parts as one text. */
export function descriptionWords(entry: Pick<Described, 'sections'>): string[] {
  return words(SECTION_KEYS.map((k) => entry.sections[k] ?? '').join(' '));
}

/**
 * An entry with its description as the search reads it: its words, folded, as one text, which gives
 * the search the same words. Entries held between searches are kept so (an earlier year's, in the
 * summary worker): folded text is one byte a letter, Vietnamese as written two.
 */
export function describedForSearch<T extends Described>(entry: T): T {
  return { ...entry, sections: { thucTrang: descriptionWords(entry).join(' '), noiDung: null, hieuQua: null, tinhMoi: null } };
}

/** How full the phrase table's slots may be (linear probing, at worst: about 2 probes to find a phrase, 6 to find one missing; Knuth, TAOCP 6.4). */
const MOST_FULL = 0.7;

/**
 * Three-word phrases numbered densely: an open-addressing table over their word-number triples.
 * (A Map keyed by the triple packed in one large number hashes a heap number per lookup, and
 * every phrase of every description is looked up: it was most of the search's time.)
 */
export class PhraseTable {
  private slots: Int32Array;
  /** Each phrase's words, `width` numbers a phrase: two while every word number fits in 21 bits (`pack`), three after. */
  private triples: Int32Array;
  private width: 2 | 3 = 2;
  size = 0;

  /**
   * Sized for `most` phrases: a search knows how many it may meet, and rehashing as it fills was a
   * third of the numbering's time. A table kept between searches (DuplicateIndex) grows when full.
   */
  constructor(most: number) {
    // At most 70 % full (phrase number + 1; 0: empty): at half full, the rounding up to a power of two left a kept table's slots a quarter full, 33 MB more at a nation's size.
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(most / MOST_FULL + 1)));
    this.triples = new Int32Array(this.width * Math.max(1, most));
  }

  /** The distinct numbers of the three-word phrases of `words` (word numbers), ascending, in `into` (its length: the phrases'). */
  phraseSet(words: Int32Array, into: Int32Array = new Int32Array(Math.max(0, words.length - 2))): Int32Array {
    for (let i = 0; i < into.length; i++) into[i] = this.id(words[i] as number, words[i + 1] as number, words[i + 2] as number);
    return sortedSet(into);
  }

  /**
   * The phrase sets of many texts (word numbers), each a view of one buffer `all`: freed as one
   * when the last view goes, where a buffer per text left the memory allocator holding the pieces
   * (a nation's whole search left the summary worker 130 MB larger than what it kept).
   */
  phraseSets(texts: ReadonlyArray<Int32Array>): { all: Int32Array; sets: Int32Array[] } {
    const all = new Int32Array(phrasesWritten(texts));
    let at = 0;
    const sets = texts.map((w) => this.phraseSet(w, all.subarray(at, (at += Math.max(0, w.length - 2)))));
    return { all, sets };
  }

  /** Phrase `id`'s three word numbers, into `out`, from `triples` laid out `width` a phrase. */
  private static wordsOf(triples: Int32Array, width: 2 | 3, id: number, out: Int32Array): void {
    if (width === 3) return void out.set(triples.subarray(3 * id, 3 * id + 3));
    const hi = triples[2 * id] as number;
    const lo = triples[2 * id + 1] as number;
    out[0] = hi >>> 10;
    out[1] = ((hi & 0x3ff) << 11) | (lo >>> 21);
    out[2] = lo & 0x1fffff;
  }

  /** The phrases laid out again, `width` numbers each, in `room` phrases' room, each keeping its number; the slots made again for them. */
  private layOut(width: 2 | 3, room: number, slotCount: number): void {
    const [before, widthBefore] = [this.triples, this.width];
    this.width = width;
    this.triples = new Int32Array(width * room);
    this.slots = new Int32Array(slotCount);
    const mask = slotCount - 1;
    const w = new Int32Array(3);
    for (let id = 0; id < this.size; id++) {
      PhraseTable.wordsOf(before, widthBefore, id, w);
      this.write(id, w[0] as number, w[1] as number, w[2] as number);
      let slot = tripleHash(w[0] as number, w[1] as number, w[2] as number) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }

  private write(id: number, a: number, b: number, c: number): void {
    if (this.width === 3) {
      this.triples[3 * id] = a;
      this.triples[3 * id + 1] = b;
      this.triples[3 * id + 2] = c;
    } else {
      this.triples[2 * id] = (a << 10) | (b >>> 11);
      this.triples[2 * id + 1] = ((b & 0x7ff) << 21) | c;
    }
  }

  private same(id: number, a: number, b: number, c: number): boolean {
    const t = this.triples;
    if (this.width === 3) return t[3 * id] === a && t[3 * id + 1] === b && t[3 * id + 2] === c;
    return t[2 * id] === ((a << 10) | (b >>> 11)) && t[2 * id + 1] === (((b & 0x7ff) << 21) | c);
  }

  id(a: number, b: number, c: number): number {
    // A word numbered past what two numbers a phrase hold (two million words: never seen in a round) turns the table to three.
    if (this.width === 2 && (a >= PACKED_BELOW || b >= PACKED_BELOW || c >= PACKED_BELOW)) this.layOut(3, this.triples.length / 2, this.slots.length);
    const mask = this.slots.length - 1;
    for (let slot = tripleHash(a, b, c) & mask; ; slot = (slot + 1) & mask) {
      const id = (this.slots[slot] as number) - 1;
      if (id === -1) {
        if (this.width * this.size === this.triples.length) {
          this.layOut(this.width, (2 * this.triples.length) / this.width, 2 * this.slots.length); // twice the room, every phrase keeping its number
          return this.id(a, b, c);
        }
        this.write(this.size, a, b, c);
        this.slots[slot] = this.size + 1;
        return this.size++;
      }
      if (this.same(id, a, b, c)) return id;
    }
  }
}

/** Word numbers below this fit two numbers a phrase (21 bits each: 2^21 words, 63 bits). */
const PACKED_BELOW = 2 ** 21;

/** How many three-word phrases `texts` (word numbers) write, repeats counted: the most a table of them can number. */
const phrasesWritten = (texts: ReadonlyArray<Int32Array>) => texts.reduce((sum, w) => sum + Math.max(0, w.length - 2), 0);

/** Three word numbers hashed together (the phrase table's slots; mixed further where every bit must count). */
function tripleHash(a: number, b: number, c: number): number {
  return Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d);
}

/**
 * About how many distinct three-word phrases `described` (word numbers) hold: a HyperLogLog count
 * (Flajolet et al., 2007) over 2^14 registers, within about 1 % (its standard error is 0.8 %). A
 * table kept between searches is sized from it rather than for every phrase written, which at a
 * nation's size is twice as many (10 million written, 4.5 million distinct: 125 MB of table saved).
 */
export function distinctPhrases(described: ReadonlyArray<Int32Array>): number {
  const bits = 14;
  const m = 1 << bits;
  const registers = new Uint8Array(m);
  for (const w of described) {
    for (let i = 0; i + 2 < w.length; i++) {
      // the phrase table's hash, then murmur3's finaliser: every bit depends on all three numbers
      let h = tripleHash(w[i] as number, w[i + 1] as number, w[i + 2] as number);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
      const register = h >>> (32 - bits);
      const rank = Math.clz32((h << bits) | (1 << (bits - 1))) + 1;
      if (rank > (registers[register] as number)) registers[register] = rank;
    }
  }
  let sum = 0;
  let zeros = 0;
  for (const r of registers) {
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const raw = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
  // Small counts: linear counting over the empty registers is the better estimate.
  return raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw;
}

/**
 * Words as dense numbers (title words, and description phrases of three of them), so pairs are
 * compared by merging sorted arrays and the index is plain arrays, not string-keyed maps. A phrase
 * is keyed by its three word numbers (PhraseTable), not by a joined string.
 */
export class Vocabulary {
  private readonly wordNumbers = new Map<string, number>();

  number(word: string): number {
    let n = this.wordNumbers.get(word);
    if (n === undefined) {
      n = this.wordNumbers.size;
      this.wordNumbers.set(word, n);
    }
    return n;
  }

  get wordCount(): number {
    return this.wordNumbers.size;
  }

  /** A title's distinct word numbers, ascending. */
  titleSet(title: string): Int32Array {
    return sortedSet(Int32Array.from(words(title), (w) => this.number(w)));
  }
}

/** Whether two entries' texts (title and the four parts) are the same. */
export function sameText(a: Described, b: Described): boolean {
  return a.title === b.title && SECTION_KEYS.every((k) => (a.sections[k] ?? '') === (b.sections[k] ?? ''));
}

/**
 * Many texts' word numbers one after another in one buffer. Held as an array per text until every
 * text was numbered, they were copied by each young-generation collection: 0.7 s of 2.3 s at 8,000
 * entries, and more per entry the more entries; and once freed, the memory allocator kept the pieces.
 */
export class WordRuns {
  private data = new Int32Array(1 << 16);
  private length = 0;
  private readonly ends: number[] = [];

  /** Adds a text's words; returns its number among the texts. */
  add(words: ReadonlyArray<string>, vocabulary: Vocabulary): number {
    if (this.length + words.length > this.data.length) {
      const more = new Int32Array(2 ** Math.ceil(Math.log2(this.length + words.length)));
      more.set(this.data.subarray(0, this.length));
      this.data = more;
    }
    for (const word of words) this.data[this.length++] = vocabulary.number(word);
    return this.ends.push(this.length) - 1;
  }

  /** Text `i`'s word numbers, as a view of the buffer (valid until the next `add`). */
  run(i: number): Int32Array {
    return this.data.subarray(i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
  }
}

/**
 * Entries' words numbered ahead of the search: the command line numbers each report's entries as
 * the report arrives from the reader thread (its main thread waits meanwhile), so the search starts
 * from the numbers. An entry is known by its id and its text; one the search is given that was not
 * prepared (or whose text differs) is numbered then.
 */
export class PreparedText {
  readonly vocabulary = new Vocabulary();
  private readonly described = new WordRuns();
  private readonly byId = new Map<string, { entry: Described; title: Int32Array; run: number }>();

  add(entry: Described): void {
    const title = this.vocabulary.titleSet(entry.title);
    const run = this.described.add(descriptionWords(entry), this.vocabulary);
    this.byId.set(entry.id, { entry, title, run });
  }

  /** Each entry's title words and description words, numbered (now, for those not prepared yet). */
  numbers(entries: ReadonlyArray<Described>): { titles: Int32Array[]; descriptions: Int32Array[] } {
    const slots = entries.map((e) => {
      const known = this.byId.get(e.id);
      if (!known || !sameText(known.entry, e)) this.add(e);
      return this.byId.get(e.id)!;
    });
    return { titles: slots.map((s) => s.title), descriptions: slots.map((s) => this.described.run(s.run)) };
  }
}

/**
 * Each text's distinct three-word phrases (shingles), numbered densely across all of them; the
 * sets are views of one buffer too.
 */
export function phraseSets(texts: ReadonlyArray<Int32Array>): { sets: Int32Array[]; count: number } {
  const table = new PhraseTable(phrasesWritten(texts));
  return { sets: table.phraseSets(texts).sets, count: table.size };
}

/** The distinct numbers, ascending: sorted natively in place, repeats dropped in place (no Set per description). */
function sortedSet(numbers: Int32Array): Int32Array {
  const sorted = numbers.sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n);
}
