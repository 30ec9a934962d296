/**
 * JSON.stringify's text, written in pieces of about a megabyte: a nation's summary (100 MB of
 * JSON) never exists as one string, its first bytes leave while the rest is written, and no one
 * buffer the main thread receives is large. Objects and arrays near the top are walked; from
 * `WHOLE_AT` levels down (an entry, a row) each value is stringified whole.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

const WHOLE_AT = 4;
const PIECE_CHARS = 1 << 20;

function* walk(value: unknown, depth: number): Generator<string> {
  const json = value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  if (json === null || typeof json !== 'object' || depth >= WHOLE_AT) {
    yield JSON.stringify(json) ?? 'null';
    return;
  }
  if (Array.isArray(json)) {
    yield '[';
    for (let i = 0; i < json.length; i++) {
      if (i > 0) yield ',';
      const item: unknown = json[i];
      // As JSON.stringify writes them in an array: undefined, functions and symbols are null.
      yield* walk(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, depth + 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(json)) {
    // As JSON.stringify leaves them out of an object.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* walk(item, depth + 1);
  }
  yield '}';
}

/** `value` as JSON (the same text as JSON.stringify), in UTF-8 pieces of about a megabyte. */
export function* jsonPieces(value: unknown): Generator<Buffer> {
  let held: string[] = [];
  let chars = 0;
  for (const piece of walk(value, 0)) {
    held.push(piece);
    chars += piece.length;
    if (chars >= PIECE_CHARS) {
      yield Buffer.from(held.join(''));
      held = [];
      chars = 0;
    }
  }
  if (held.length > 0) yield Buffer.from(held.join(''));
}

/** `list` a slice of `size` at a time (for `jsonListPieces`, which serves the event loop between them). */
export async function* slicesOf<T>(list: ReadonlyArray<T>, size: number): AsyncGenerator<ReadonlyArray<T>> {
  for (let at = 0; at < list.length; at += size) yield list.slice(at, at + size);
}

/**
 * Items written at most between two turns of the event loop: a store's slice of 2,000 scores
 * (650 KB of JSON) written whole held another user's request up to 67–117 ms at a nation's size on
 * PostgreSQL, 28–45 ms in pieces of 500 (for 10–20 % more time to send them all).
 */
const ITEMS_A_PIECE = 500;

/**
 * `{"<name>":[…]}`, the items of `slices` in order, written a piece at a time (the same text as
 * JSON.stringify of the whole): no answer is one string, and the event loop is served between
 * pieces, which a store may give from memory without waiting.
 */
export async function* jsonListPieces<T>(name: string, slices: AsyncIterable<ReadonlyArray<T>>): AsyncGenerator<Buffer> {
  yield Buffer.from(`{${JSON.stringify(name)}:[`);
  let first = true;
  for await (const slice of slices) {
    for (let at = 0; at < slice.length; at += ITEMS_A_PIECE) {
      yield Buffer.from((first ? '' : ',') + slice.slice(at, at + ITEMS_A_PIECE).map((item) => JSON.stringify(item)).join(','));
      first = false;
      await nextTurn();
    }
  }
  yield Buffer.from(']}');
}
