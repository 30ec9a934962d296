/**
 * The phrase table (core/consolidation/duplicate-text.ts) numbers three-word phrases densely, in
 * the order first met: checked against a Map keyed by the phrase, through growth, through word
 * numbers at the edges of the two-numbers-a-phrase layout, and through its change to three.
 */
import { PhraseTable } from '../../core/consolidation/duplicate-text';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Numbers `phrases` with `table` and with a Map; both must give each phrase the same number every time it is met. */
function expectSameNumbers(table: PhraseTable, phrases: ReadonlyArray<readonly [number, number, number]>): void {
  const reference = new Map<string, number>();
  for (const [a, b, c] of phrases) {
    const key = `${a},${b},${c}`;
    if (!reference.has(key)) reference.set(key, reference.size);
    expect(table.id(a, b, c)).toBe(reference.get(key));
  }
  expect(table.size).toBe(reference.size);
}

test('phrases are numbered in the order first met, the same number each time, through the table growing from room for one', () => {
  const next = random(7);
  const word = () => Math.floor(next() * 40);
  const phrases = Array.from({ length: 20_000 }, () => [word(), word(), word()] as const);
  expectSameNumbers(new PhraseTable(1), phrases);
});

test('word numbers at the edges of 21 bits are told apart (two numbers a phrase): no phrase is taken for another', () => {
  const edge = [0, 1, 2 ** 10, 2 ** 11 - 1, 2 ** 11, 2 ** 20, 2 ** 21 - 2, 2 ** 21 - 1];
  const phrases = edge.flatMap((a) => edge.flatMap((b) => edge.map((c) => [a, b, c] as const)));
  expectSameNumbers(new PhraseTable(4), [...phrases, ...phrases.slice().reverse()]);
});

test('a word numbered past what two numbers a phrase hold turns the table to three, every phrase keeping its number', () => {
  const next = random(11);
  const word = (most: number) => Math.floor(next() * most);
  // Below 2^21 at first (packed), then past it (three numbers a phrase from the first one), then growing on.
  const past = 2 ** 21;
  const phrases = [
    ...Array.from({ length: 3_000 }, () => [word(16), word(16), past - 1 - word(16)] as const),
    ...Array.from({ length: 6_000 }, () => [past + word(100), word(16), past * 4 + word(100)] as const),
  ];
  const table = new PhraseTable(64);
  expectSameNumbers(table, [...phrases, ...phrases]);
});
