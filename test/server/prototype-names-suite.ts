/**
 * Names from outside are never object keys that reach Object.prototype (issue #27): a round whose
 * units and criteria are named like its members works end to end, and the server starts again on
 * its data.
 */
import request from "supertest";
import { demoRound, type Round } from "../../core/rounds/round";
import type { AnyStore } from "./administration-suite";
import {
  auth,
  entry,
  NOW,
  testServer,
  type TestServer,
} from "../helpers/server";

const NAMES = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
];

function hostileRound(): Round {
  const demo = demoRound(NOW);
  return {
    ...demo,
    id: "ten-la",
    name: "Đợt có tên lạ",
    units: [
      ...NAMES.map((name) => ({ name, kind: "phuong" as const })),
      { name: "Phòng Tư pháp", kind: "co-quan-chuyen-mon" as const },
    ],
    rubric: {
      ...demo.rubric,
      criteria: [
        {
          key: "constructor",
          label: "Tính mới",
          max: 50,
          weight: 1,
          bands: [],
        },
        { key: "toString", label: "Hiệu quả", max: 50, weight: 1, bands: [] },
      ],
      tieBreak: ["constructor"],
      minReviewers: 1,
    },
  };
}

/** Run by prototype-names.test.ts (lowdb) and test/postgres/prototype-names.test.ts; `reopen` restarts the server's store. */
export function describePrototypeNames(
  name: string,
  openStore: ((dir: string, round: Round) => Promise<AnyStore>) | undefined,
  reopen: (s: TestServer<AnyStore>) => Promise<AnyStore>,
): void {
  describe(name, () => {
    let s: TestServer<AnyStore>;
    beforeEach(async () => {
      s = await testServer<AnyStore>(undefined, openStore ? { openStore } : {});
    });
    afterEach(() => s.close());

    test("units and criteria named constructor, __proto__, toString, hasOwnProperty, valueOf: reports, extensions, scores, progress, summary, and a restart", async () => {
      const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
      const round = hostileRound();
      await admin(request(s.app).post("/api/rounds")).send(round).expect(201);
      await admin(
        request(s.app).post(`/api/rounds/${round.id}/activate`),
      ).expect(200);
      const reviewer = (
        await admin(request(s.app).post("/api/accounts"))
          .send({ role: "reviewer", unit: "Phòng Tư pháp" })
          .expect(201)
      ).body.token as string;
      const ids: string[] = [];
      for (const unit of NAMES) {
        const officer = (
          await admin(request(s.app).post("/api/accounts"))
            .send({ role: "officer", unit })
            .expect(201)
        ).body.token as string;
        const sent = await request(s.app)
          .put(`/api/submissions/${encodeURIComponent(unit)}`)
          .set(auth(officer))
          .send({ entries: [entry(unit, `Mô hình của ${unit}`)] });
        expect({
          unit,
          status: sent.status,
          body: sent.status === 200 ? null : sent.body,
        }).toEqual({ unit, status: 200, body: null });
        ids.push(sent.body.entries[0].id);
        await admin(
          request(s.app).put(`/api/extensions/${encodeURIComponent(unit)}`),
        )
          .send({ until: "2024-12-31T00:00:00Z" })
          .expect(200);
        expect(
          (await request(s.app).get("/api/me").set(auth(officer))).body.round
            .window.extendedUntil,
        ).toBe("2024-12-31T00:00:00Z");
      }
      for (const id of ids) {
        const scored = await request(s.app)
          .put(`/api/scores/${id}`)
          .set(auth(reviewer))
          .send({ points: { constructor: 40, toString: 30 } });
        expect({
          status: scored.status,
          body: scored.status === 200 ? null : scored.body,
        }).toEqual({ status: 200, body: null });
      }
      // A score that leaves a criterion out is refused, whatever its name.
      expect(
        (
          await request(s.app)
            .put(`/api/scores/${ids[0]}`)
            .set(auth(reviewer))
            .send({ points: { toString: 30 } })
        ).status,
      ).toBe(422);
      expect(
        (
          await request(s.app)
            .put(`/api/scores/${ids[0]}`)
            .set(auth(reviewer))
            .send({
              points: JSON.parse(
                '{"constructor": 1, "toString": 1, "__proto__": 5}',
              ),
            })
        ).status,
      ).toBe(422);

      const progress = (
        await admin(request(s.app).get("/api/progress")).expect(200)
      ).body;
      expect(JSON.stringify(progress)).toContain("hasOwnProperty");
      const summary = await admin(request(s.app).get("/api/summary"));
      expect(summary.status).toBe(200);
      const body = summary.body.summary ?? summary.body;
      expect(
        body.entries.map(
          (e: {
            unit: string;
            scores: { mean: Record<string, number> } | null;
          }) => [e.unit, e.scores?.mean.constructor, e.scores?.mean.toString],
        ),
      ).toEqual(expect.arrayContaining(NAMES.map((unit) => [unit, 40, 30])));
      expect(body.missing).toEqual(["Phòng Tư pháp"]);

      s.store = await reopen(s);
      expect(s.store.data.round.id).toBe(round.id);
      expect(Object.keys(s.store.data.extensions).sort()).toEqual(
        [...NAMES].sort(),
      );
      expect(s.store.data.submissions).toHaveLength(NAMES.length);
    });
  });
}
