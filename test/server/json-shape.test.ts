/**
 * Hostile JSON (issue #27): a body nested a million deep, or one flat array of millions of items,
 * is refused on its bytes before JSON.parse or zod walks it; every ordinary body passes.
 */
import fc from "fast-check";
import request from "supertest";
import { jsonShapeProblem } from "../../server/json-shape";
import { auth, entries, testServer, type TestServer } from "../helpers/server";

/** Arrays and objects inside each other in `value`, as the scan counts them. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === "object")
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}
function widestOf(value: unknown): number {
  if (Array.isArray(value))
    return Math.max(value.length, ...value.map(widestOf));
  if (value !== null && typeof value === "object")
    return Math.max(
      Object.keys(value).length,
      ...Object.values(value).map(widestOf),
    );
  return 0;
}

test("the scan agrees with the parsed value on depth and width, whatever the strings hold", () => {
  fc.assert(
    fc.property(
      fc.jsonValue({ maxDepth: 8 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 6 }),
      (value, depth, items) => {
        const bytes = Buffer.from(JSON.stringify(value));
        const problem = jsonShapeProblem(bytes, { depth, items });
        expect(problem !== null).toBe(
          depthOf(value) > depth || widestOf(value) > items,
        );
      },
    ),
    { numRuns: 500 },
  );
});

describe("on the server", () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await testServer();
  });
  afterEach(() => s.close());
  const put = (body: string) =>
    request(s.app)
      .put("/api/submissions/Phường 1")
      .set(auth(s.tokens.officer1))
      .type("application/json")
      .send(body);

  test("a 5 MB body nested deep and a flat array of 2.5 million items are refused in Vietnamese; brackets inside text are only text", async () => {
    const deep = `{"entries":${"[".repeat(2_500_000)}${"]".repeat(2_500_000)}}`;
    const nested = await put(deep);
    expect(nested.status).toBe(400);
    expect(nested.body.error).toEqual({
      code: "bad-json-shape",
      message:
        "Nội dung gửi lên không hợp lệ: dữ liệu lồng nhau quá sâu (quá 32 tầng).",
    });
    const flat = await put(
      `{"entries":[${Array(2_500_000).fill("1").join(",")}]}`,
    );
    expect(flat.status).toBe(400);
    expect(flat.body.error.message).toMatch(/quá nhiều phần tử/);
    const bracketed = entries("Phường 1", [
      `${"[{".repeat(100)} Mô hình ${"}]".repeat(100)}`,
    ]);
    expect((await put(JSON.stringify({ entries: bracketed }))).status).toBe(
      200,
    );
  });
});
