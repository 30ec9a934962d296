/** Names like Object.prototype's members (test/server/prototype-names-suite.ts) on PostgreSQL: a second server opens the database. */
import type { Round } from "../../core/rounds/round";
import { openPostgresStore } from "../../server/store";
import { usePostgresCluster } from "../helpers/postgres-cluster";
import { describePrototypeNames } from "../server/prototype-names-suite";

jest.setTimeout(120_000);
const { newDatabase } = usePostgresCluster("names");
let url = "";
describePrototypeNames(
  "names from outside, on PostgreSQL",
  async (_dir: string, round: Round) => {
    url = await newDatabase();
    return openPostgresStore(url, { round });
  },
  async (s) => {
    await s.store.close();
    return openPostgresStore(url);
  },
);
