/**
 * No secret at rest on PostgreSQL (issue #27): a new account's token is in no table, not even in
 * the answer kept for its Idempotency-Key; tokens an earlier version kept there are purged when a
 * server opens the database. The whole database is read back with pg_dump.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import request from "supertest";
import { openPostgresStore, type PostgresStore } from "../../server/store";
import { MIGRATIONS } from "../../server/store/postgres/migrations";
import { auth, testServer } from "../helpers/server";
import { usePostgresCluster } from "../helpers/postgres-cluster";

jest.setTimeout(120_000);
const postgres = usePostgresCluster("secrets");
const dump = (url: string) =>
  execFileSync(
    path.join(postgres.cluster.bin, "pg_dump"),
    ["--data-only", url],
    { encoding: "utf8" },
  );

test("a created account’s token is in no table; an earlier version’s kept token is purged on open", async () => {
  let url = "";
  const s = await testServer<PostgresStore>(undefined, {
    openStore: async (_dir, round) => {
      url = await postgres.newDatabase();
      return openPostgresStore(url, { round });
    },
  });
  try {
    const create = () =>
      request(s.app)
        .post("/api/accounts")
        .set(auth(s.tokens.admin))
        .set("Idempotency-Key", "tao-tai-khoan-1")
        .send({ role: "reviewer", name: "Trần Thị D" });
    const token = (await create().expect(201)).body.token as string;
    const replay = await create().expect(201);
    expect(replay.body.token).toBeNull();
    expect(dump(url)).not.toContain(token);

    // What an earlier version kept (a database of schema 3, before the purge became a migration): the whole answer, token included.
    const old = `pl_${"B".repeat(43)}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query("DELETE FROM phuluc_schema WHERE version >= 4");
    await client.query(
      "INSERT INTO phuluc_idempotency (account_id, key, fingerprint, status, body, at) VALUES ('admin-cu', 'khoa-cu-123', 'f', 201, $1, '2024-08-20')",
      [JSON.stringify({ account: { id: "x" }, token: old })],
    );
    await client.end();
    expect(dump(url)).toContain(old);
    const second = await openPostgresStore(url);
    await second.close();
    expect(dump(url)).not.toContain(old);
    // Once: a later start reads no answer for it (a token written there by hand now is left; the answer loses it as it is read).
    const schema = new Client({ connectionString: url });
    await schema.connect();
    expect((await schema.query<{ v: number }>("SELECT max(version) AS v FROM phuluc_schema")).rows[0]!.v).toBe(MIGRATIONS.at(-1)!.version);
    await schema.end();
  } finally {
    await s.close();
  }
});

test('the secretariat’s text with control characters and a NUL is stored cleaned on PostgreSQL (it was a misleading 503)', async () => {
  const s = await testServer<PostgresStore>(undefined, { openStore: async (_dir, round) => openPostgresStore(await postgres.newDatabase(), { round }) });
  try {
    const round = { ...s.store.data.round, id: 'co-nul', name: 'Đợt\u0000 2025\u0001', organiser: 'Sở Nội vụ\u0007' };
    const made = await request(s.app).post('/api/rounds').set(auth(s.tokens.admin)).send(round);
    expect(made.status).toBe(201);
    expect(made.body.round).toMatchObject({ name: 'Đợt 2025', organiser: 'Sở Nội vụ' });
    const account = await request(s.app).post('/api/accounts').set(auth(s.tokens.admin)).send({ role: 'reviewer', name: 'Lê\u0000 Văn C' });
    expect(account.status).toBe(201);
    expect(account.body.account.name).toBe('Lê Văn C');
  } finally {
    await s.close();
  }
});
