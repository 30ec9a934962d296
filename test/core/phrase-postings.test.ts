/**
 * The phrase postings the kept duplicate search counts shared phrases with (issue #31): after any
 * run of entries listed, added, forgotten and listed again from the lists themselves, the count for
 * each held entry is the size of its phrase set's intersection with the one asked about, and an
 * entry forgotten before a listing is no longer in the lists.
 */
import fc from 'fast-check';
import { PhrasePostings } from '../../core/consolidation/phrase-postings';

const PHRASES = 40;
const phraseSet = fc.uniqueArray(fc.nat(PHRASES - 1), { maxLength: 25 }).map((p) => Int32Array.from(p).sort());
const step = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), phrases: phraseSet }),
  fc.record({ kind: fc.constant('forget' as const), at: fc.nat() }),
  fc.constant({ kind: 'relist' as const }),
);
const sharedCount = (a: Int32Array, b: Int32Array) => a.filter((p) => b.includes(p)).length;

test('each held entry is counted with the phrases it shares; an entry forgotten is gone from the lists once they are listed again', () => {
  fc.assert(
    fc.property(fc.array(phraseSet, { maxLength: 12 }), fc.array(step, { maxLength: 20 }), phraseSet, (first, steps, asked) => {
      const postings = new PhrasePostings();
      let place = 0;
      const held = new Map(first.map((phrases) => [place++, phrases]));
      postings.list([...held].map(([p, phrases]) => ({ place: p, phrases })), PHRASES);
      const forgotten = new Set<number>();
      for (const s of steps) {
        if (s.kind === 'add') {
          postings.add({ place, phrases: s.phrases });
          held.set(place++, s.phrases);
        } else if (s.kind === 'forget' && held.size > 0) {
          const gone = [...held.keys()][s.at % held.size]!;
          postings.forget(gone);
          held.delete(gone);
          forgotten.add(gone);
        } else if (s.kind === 'relist') {
          postings.relist(PHRASES);
          postings.countShared(Int32Array.from({ length: PHRASES }, (_, p) => p));
          for (const gone of forgotten) expect(postings.sharedWith(gone)).toBe(0);
        }
        postings.countShared(asked);
        for (const [p, phrases] of held) expect(postings.sharedWith(p)).toBe(sharedCount(phrases, asked));
      }
    }),
    { numRuns: 300 },
  );
});

test('a phrase first met after the listing is counted, and kept when listed again', () => {
  const postings = new PhrasePostings();
  postings.list([{ place: 0, phrases: Int32Array.of(1, 2) }], 3);
  postings.add({ place: 1, phrases: Int32Array.of(2, 5) });
  postings.countShared(Int32Array.of(2, 5));
  expect([postings.sharedWith(0), postings.sharedWith(1)]).toEqual([1, 2]);
  postings.relist(6);
  postings.countShared(Int32Array.of(5));
  expect([postings.sharedWith(0), postings.sharedWith(1)]).toEqual([0, 1]);
});
