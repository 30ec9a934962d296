/**
 * Every rule that guards a write is checked inside the write, on the state it commits to (issue
 * #27): each test races a write against the change of its rule, many times, and checks the order
 * the store committed them in (the audit log is written in the same transaction as each change).
 * Run on lowdb by write-rules.test.ts and on PostgreSQL (one process and two) by
 * test/postgres/write-rules.test.ts.
 */
import request from "supertest";
import type { Express } from "express";
import { entryFingerprint } from "../../core/rounds/submission";
import type { Round } from "../../core/rounds/round";
import type { AuditRecord } from "../../server/store";
import {
  auth,
  entries,
  entry,
  POINTS,
  testServer,
  type TestServer,
} from "../helpers/server";
import type { AnyStore } from "./administration-suite";

const TRIALS = 20;

/** The audit actions in commit order. */
async function actions(s: TestServer<AnyStore>): Promise<AuditRecord[]> {
  return s.store.audit({ limit: 10_000 });
}

/**
 * `second`: another app on the same data (a second server process on PostgreSQL); the rule's
 * change is sent to it while the write goes to the first.
 */
export function describeWriteRules(
  name: string,
  openStore?: (dir: string, round: Round) => Promise<AnyStore>,
  second?: (
    s: TestServer<AnyStore>,
  ) => Promise<{ app: Express; close(): Promise<void> }>,
): void {
  describe(name, () => {
    let s: TestServer<AnyStore>;
    let other: { app: Express; close(): Promise<void> } | null;
    beforeEach(async () => {
      s = await testServer<AnyStore>(undefined, openStore ? { openStore } : {});
      other = second ? await second(s) : null;
    });
    afterEach(async () => {
      await other?.close();
      await s.close();
    });
    const ruleApp = () => other?.app ?? s.app;
    const send = async (
      token: string,
      unit: string,
      titles: string[],
      text = "Bố trí quầy riêng.",
    ) =>
      request(s.app)
        .put(`/api/submissions/${unit}`)
        .set(auth(token))
        .send({
          entries: entries(unit, titles).map((e) => ({
            ...e,
            sections: { ...e.sections, noiDung: text },
          })),
        });

    test("Chốt điểm: no score is committed after the lock that the admin was told about", async () => {
      const ids = (
        await send(s.tokens.officer1, "Phường 1", ["Một", "Hai"])
      ).body.entries.map((e: { id: string }) => e.id);
      const roundId = s.store.data.round.id;
      for (let trial = 0; trial < TRIALS; trial++) {
        await request(ruleApp())
          .post(`/api/rounds/${roundId}/unlock-scores`)
          .set(auth(s.tokens.admin))
          .expect(200);
        const [scored, locked] = await Promise.all([
          request(s.app)
            .put(`/api/scores/${ids[trial % 2]}`)
            .set(auth(s.tokens.reviewer))
            .send({ points: { ...POINTS, tinhMoi: trial % 30 } }),
          request(ruleApp())
            .post(`/api/rounds/${roundId}/lock-scores`)
            .set(auth(s.tokens.admin)),
        ]);
        expect(locked.status).toBe(200);
        expect([200, 423]).toContain(scored.status);
      }
      // In commit order, a score never follows a lock without an unlock between them.
      let isLocked = false;
      for (const record of await actions(s)) {
        if (record.action === "scores-lock") isLocked = true;
        if (record.action === "scores-unlock") isLocked = false;
        if (record.action === "score")
          expect({ trialScoredWhileLocked: isLocked }).toEqual({
            trialScoredWhileLocked: false,
          });
      }
    });

    test("a score racing a resubmission that changes its entry is stale exactly when its fingerprint is not the entry’s current one", async () => {
      for (let trial = 0; trial < TRIALS; trial++) {
        const id = (
          await send(
            s.tokens.officer1,
            "Phường 1",
            ["Một"],
            `Nội dung ${trial}a`,
          )
        ).body.entries[0].id as string;
        await Promise.all([
          request(s.app)
            .put(`/api/scores/${id}`)
            .set(auth(s.tokens.reviewer))
            .send({ points: POINTS }),
          send(s.tokens.officer1, "Phường 1", ["Một"], `Nội dung ${trial}b`),
        ]);
        const data = await s.store.readWithScores();
        const latest = data.submissions
          .filter((x) => x.unit === "Phường 1")
          .sort((a, b) => b.version - a.version)[0]!;
        const current = latest.entries.find((e) => e.id === id)!;
        const stored = data.scores.find(
          (x) => x.entryId === id && x.reviewerId !== undefined,
        )!;
        expect({ trial, stale: stored.stale }).toEqual({
          trial,
          stale: stored.entryFingerprint !== entryFingerprint(current),
        });
      }
    });

    test("the scoring deadline: no score is committed after the change of settings that closed scoring", async () => {
      const id = (await send(s.tokens.officer1, "Phường 1", ["Một"])).body
        .entries[0].id as string;
      const round = s.store.data.round;
      const past = new Date(s.clock.now.getTime() - 60_000).toISOString();
      const future = new Date(s.clock.now.getTime() + 86_400_000).toISOString();
      for (let trial = 0; trial < TRIALS; trial++) {
        await request(ruleApp())
          .put(`/api/rounds/${round.id}`)
          .set(auth(s.tokens.admin))
          .send({
            ...round,
            rubric: { ...round.rubric, scoringCloses: future },
          })
          .expect(200);
        const [scored, closed] = await Promise.all([
          request(s.app)
            .put(`/api/scores/${id}`)
            .set(auth(s.tokens.reviewer))
            .send({ points: { ...POINTS, tinhMoi: trial } }),
          request(ruleApp())
            .put(`/api/rounds/${round.id}`)
            .set(auth(s.tokens.admin))
            .send({
              ...round,
              rubric: { ...round.rubric, scoringCloses: past },
            }),
        ]);
        expect(closed.status).toBe(200);
        expect([200, 403]).toContain(scored.status);
      }
      let open = true;
      for (const record of await s.store.audit({ limit: 10_000 })) {
        if (record.action === "round-update") open = closesOf(record) !== past;
        if (record.action === "score")
          expect({ scoredAfterClosing: !open }).toEqual({
            scoredAfterClosing: false,
          });
      }
    });

    test("the active round: a report checked against one round never lands in another", async () => {
      // Next year's round has other units: a report of Phường 1 has no place in it.
      const round = s.store.data.round;
      const next: Round = {
        ...round,
        id: "thanh-pho-2025",
        name: "Đợt 2025",
        year: 2025,
        units: round.units.filter((u) => u.name !== "Phường 1"),
      };
      await request(ruleApp())
        .post("/api/rounds")
        .set(auth(s.tokens.admin))
        .send(next)
        .expect(201);
      for (let trial = 0; trial < TRIALS; trial++) {
        await request(ruleApp())
          .post(`/api/rounds/${round.id}/activate`)
          .set(auth(s.tokens.admin))
          .expect(200);
        const [sent] = await Promise.all([
          request(s.app)
            .put("/api/submissions/Phường 1")
            .set(auth(s.tokens.admin))
            .send({ entries: [entry("Phường 1", `Mô hình ${trial}`)] }),
          request(ruleApp())
            .post(`/api/rounds/${next.id}/activate`)
            .set(auth(s.tokens.admin))
            .expect(200),
        ]);
        expect([200, 404, 409]).toContain(sent.status);
      }
      const data = await s.store.read();
      const nextData =
        data.round.id === next.id
          ? data
          : data.rounds.find((r) => r.round.id === next.id)!;
      expect(nextData.submissions.map((x) => x.unit)).not.toContain("Phường 1");
    });
  });
}

/** The scoring deadline a round-update audit record set. */
function closesOf(record: AuditRecord): string | undefined {
  return (record.after as { scoringCloses?: string } | null)?.scoringCloses;
}
