/**
 * The shape of a JSON body, checked on its bytes before it is parsed: how deeply it nests and how
 * many items one array or object holds. JSON.parse and zod walk a body recursively and item by
 * item, so a 5 MB body nested a million deep, or a flat array of two million numbers, would hold
 * the event loop for seconds; no request of this API needs more than a few levels or a few
 * thousand items, so such a body is refused after one linear pass.
 */

export interface JsonShapeLimits {
  /** Arrays and objects inside each other. */
  depth: number;
  /** Items of one array, or members of one object. */
  items: number;
}

export const JSON_SHAPE_LIMITS: JsonShapeLimits = { depth: 32, items: 20_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }
const COMMA = 0x2c;

/** What is wrong with the body's shape, in Vietnamese, or null. Malformed JSON is left to the parser. */
export function jsonShapeProblem(
  bytes: Uint8Array,
  limits: JsonShapeLimits = JSON_SHAPE_LIMITS,
): string | null {
  const items: number[] = [];
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (OPEN.has(b)) {
      if (items.length >= limits.depth)
        return `dữ liệu lồng nhau quá sâu (quá ${limits.depth} tầng)`;
      items.push(1);
    } else if (CLOSE.has(b)) items.pop();
    else if (b === COMMA && items.length > 0) {
      const count = (items[items.length - 1] as number) + 1;
      if (count > limits.items)
        return `một danh sách có quá nhiều phần tử (quá ${limits.items.toLocaleString("vi-VN")})`;
      items[items.length - 1] = count;
    }
  }
  return null;
}
