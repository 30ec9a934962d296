/**
 * Realistic description text for benchmarks: an order-1 Markov chain over the words of the seed
 * documents (../shared/seeds/), so the plan's boilerplate recurs between entries as it does in
 * real reports (words that share no phrase would hide how the duplicate search grows), mixed with
 * sentences of each entry's own so that about half its phrases recur elsewhere, as measured on
 * real reports. Seeded: every run writes the same text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './measure';

const SEEDS = process.env.PHULUC_SEEDS ?? path.resolve(ROOT, '..', 'shared', 'seeds');
const END = '.';

/** A small seeded generator, so every run writes the same text. */
export function random(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return state / 4294967296;
  };
}

interface Chain {
  starts: string[];
  next: Map<string, string[]>;
  /** Every distinct word, for the entry's own sentences. */
  vocabulary: string[];
}

let chain: Chain | null = null;

/** The chain of every sentence of the seed documents: each word → the words that follow it (with repeats). */
function seedChain(): Chain {
  if (chain) return chain;
  const text = readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(path.join(SEEDS, f), 'utf8'))
    .join('\n');
  const starts: string[] = [];
  const next = new Map<string, string[]>();
  for (const sentence of text.normalize('NFC').split(/[.;:!?\n]+/)) {
    const words = sentence.replace(/[*“”"()]/g, ' ').split(/\s+/).filter((w) => /\p{L}/u.test(w));
    if (words.length < 4) continue;
    starts.push(words[0] as string);
    words.forEach((w, i) => {
      const list = next.get(w) ?? [];
      list.push(words[i + 1] ?? END);
      next.set(w, list);
    });
  }
  chain = { starts, next, vocabulary: [...next.keys()] };
  return chain;
}

/** One sentence walked from the chain (at most `max` words), capitalised, with its full stop. */
export function markovSentence(next: () => number, max = 28): string {
  const { starts, next: follows } = seedChain();
  const pick = <T>(list: ReadonlyArray<T>) => list[Math.floor(next() * list.length)] as T;
  const words = [pick(starts)];
  while (words.length < max) {
    const word = pick(follows.get(words[words.length - 1] as string) ?? [END]);
    if (word === END) break;
    words.push(word);
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A sentence of the entry's own: words of the documents in an order of its own (its phrases rarely recur). */
function ownSentence(next: () => number): string {
  const { vocabulary } = seedChain();
  const words = Array.from({ length: 8 + Math.floor(next() * 12) }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * About `words` words: half the sentences walked from the chain (the plan's boilerplate, shared
 * with other entries), half the entry's own, so that about half an entry's three-word phrases
 * recur in other entries, as measured on real reports.
 */
export function markovText(next: () => number, words: number): string {
  const out: string[] = [];
  let count = 0;
  while (count < words) {
    const sentence = next() < 0.5 ? markovSentence(next) : ownSentence(next);
    out.push(sentence);
    count += sentence.split(' ').length;
  }
  return out.join(' ');
}

/** A description of 150–450 words in its four parts, as real reports write it. */
export function markovDescription(next: () => number): { thucTrang: string; noiDung: string; hieuQua: string; tinhMoi: string } {
  const total = 150 + Math.floor(next() * 300);
  return {
    thucTrang: markovText(next, Math.round(total * 0.25)),
    noiDung: markovText(next, Math.round(total * 0.4)),
    hieuQua: markovText(next, Math.round(total * 0.25)),
    tinhMoi: markovText(next, Math.round(total * 0.1)),
  };
}

/** A title of 6–12 words, walked from the chain from any word (titles name their own initiative). */
export function markovTitle(next: () => number): string {
  const { next: follows, vocabulary } = seedChain();
  const length = 6 + Math.floor(next() * 7);
  const words = [vocabulary[Math.floor(next() * vocabulary.length)] as string];
  while (words.length < length) {
    const list = follows.get(words[words.length - 1] as string) ?? [END];
    const word = list[Math.floor(next() * list.length)] as string;
    words.push(word === END ? (vocabulary[Math.floor(next() * vocabulary.length)] as string) : word);
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
