/**
 * Cutting work into syncs by bytes, not rows: Excel on the web refuses a request over 5 MB, so
 * writers queue commands until an estimated budget is reached, then sync.
 */

/** Under Excel on the web's 5 MB per request, with room for the request's own overhead. */
export const MAX_SYNC_BYTES = 4_000_000;

/** Consecutive parts of `items` of at most `maxBytes` each by `bytesOf` (a larger single item is its own part). */
export function byBytes<T>(items: ReadonlyArray<T>, bytesOf: (item: T) => number, maxBytes = MAX_SYNC_BYTES): T[][] {
  const parts: T[][] = [];
  let part: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = bytesOf(item);
    if (part.length > 0 && size + bytes > maxBytes) {
      parts.push(part);
      part = [];
      size = 0;
    }
    part.push(item);
    size += bytes;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

const utf8 = new TextEncoder();

/** Rows of cell values cut into blocks of at most `maxBytes` of JSON each. */
export function rowBlocks<Row>(rows: ReadonlyArray<Row>, maxBytes = MAX_SYNC_BYTES): Row[][] {
  return byBytes(rows, (row) => utf8.encode(JSON.stringify(row)).length + 1, maxBytes);
}
