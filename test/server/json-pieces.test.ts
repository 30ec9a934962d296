/** The summary's JSON written in pieces (issue #31) is the very text JSON.stringify writes, whatever the value. */
import fc from 'fast-check';
import { jsonListPieces, jsonPieces } from '../../server/json-pieces';

const joined = (value: unknown) => Buffer.concat([...jsonPieces(value)]).toString('utf8');

test('any value: the same text as JSON.stringify, undefined left out of objects and null in arrays as it does', () => {
  const leaf = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string(), fc.double({ noNaN: false }), fc.date({ noInvalidDate: true }));
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 6 }), fc.dictionary(fc.string(), tie('node'), { maxKeys: 6 })),
  })).node;
  fc.assert(fc.property(tree, (value) => expect(joined(value)).toBe(JSON.stringify(value) ?? 'null')), { numRuns: 500 });
});

test('a large answer comes in pieces of about a megabyte, the whole the same text', () => {
  const summary = { provisional: true, summary: { entries: Array.from({ length: 3000 }, (_, i) => ({ id: `e${i}`, title: 'Một cửa liên thông '.repeat(40), scores: { total: i / 7 } })) } };
  const pieces = [...jsonPieces(summary)];
  expect(pieces.length).toBeGreaterThan(2);
  for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeLessThan(4 << 20);
  expect(Buffer.concat(pieces).toString('utf8')).toBe(JSON.stringify(summary));
});

describe('jsonListPieces', () => {
  const pieces = async (slices: unknown[][]) => {
    async function* given() {
      yield* slices;
    }
    const out: Buffer[] = [];
    for await (const piece of jsonListPieces('scores', given())) out.push(piece);
    return out;
  };

  test('the same text as JSON.stringify of the whole list, whatever the slices (empty ones too), in more than one piece when long', async () => {
    const items = Array.from({ length: 1_234 }, (_, n) => ({ n, text: `Ý kiến “${n}”\n\u0000`, nested: { a: [n, null] } }));
    for (const cut of [[0, 1_234], [0, 0, 17, 17, 600, 1_234], [0, 1, 2, 1_234]]) {
      const slices = cut.slice(1).map((end, i) => items.slice(cut[i], end));
      const out = await pieces(slices);
      expect(Buffer.concat(out).toString('utf8')).toBe(JSON.stringify({ scores: items }));
      expect(out.length).toBeGreaterThan(3); // never one string: 500 items at most a piece
    }
    expect(Buffer.concat(await pieces([])).toString('utf8')).toBe('{"scores":[]}');
    expect(Buffer.concat(await pieces([[], []])).toString('utf8')).toBe('{"scores":[]}');
  });
});
