/**
 * The write-rule races (test/server/write-rules-suite.ts) on PostgreSQL: on one process, then on
 * two (a second store and app on the same database, as a second server process would be), the
 * rule's change sent to the second while the write goes to the first.
 */
import pino from "pino";
import type { Round } from "../../core/rounds/round";
import { createApp } from "../../server/app";
import { FailedAuthLimiter } from "../../server/auth";
import { openPostgresStore } from "../../server/store";
import { usePostgresCluster } from "../helpers/postgres-cluster";
import { describeWriteRules } from "../server/write-rules-suite";

jest.setTimeout(180_000);
const { newDatabase } = usePostgresCluster("rules");
let url = "";
const open = async (_dir: string, round: Round) => {
  url = await newDatabase();
  return openPostgresStore(url, { round });
};

describeWriteRules("rules inside the write, on PostgreSQL (one process)", open);
describeWriteRules(
  "rules inside the write, on PostgreSQL (two processes)",
  open,
  async (s) => {
    const store = await openPostgresStore(url);
    const app = createApp({
      store,
      logger: pino({ level: "silent" }),
      origins: [],
      now: () => s.clock.now,
      authLimiter: new FailedAuthLimiter(5, 60_000),
    });
    return { app, close: () => store.close() };
  },
);
