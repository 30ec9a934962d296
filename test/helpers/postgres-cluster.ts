/** The jest side of test/helpers/postgres.ts (which bench/store uses outside jest, so it holds no hooks). */
import { Client } from 'pg';
import { openPostgresStore, type PostgresStore } from '../../server/store';
import { startPostgres, type PostgresCluster } from './postgres';

/**
 * One cluster for the test file (started before its tests, stopped after) and new databases on it,
 * named `prefix_1`, `prefix_2` …: what every PostgreSQL test file sets up the same way.
 */
export function usePostgresCluster(prefix: string): { readonly cluster: PostgresCluster; newDatabase(): Promise<string> } {
  let cluster: PostgresCluster | undefined;
  let databases = 0;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.stop());
  return {
    get cluster() {
      if (!cluster) throw new Error('the cluster starts in beforeAll');
      return cluster;
    },
    newDatabase: () => (cluster as PostgresCluster).createDatabase(`${prefix}_${++databases}`),
  };
}

/**
 * For each test: a new database, a plain SQL connection to it (`sql`), and stores opened on it
 * (`open`, each as a server process would be), closed after the test; others it opened itself go
 * in `opened` to be closed too. The SQL connection's open transaction, if any, is taken back first,
 * so that no store is left waiting for a lock it held.
 */
export function useOneDatabase(newDatabase: () => Promise<string>) {
  let url = '';
  let sql: Client | undefined;
  const opened: Array<{ close(): Promise<void> }> = [];
  beforeEach(async () => {
    url = await newDatabase();
    sql = new Client({ connectionString: url });
    sql.on('error', () => undefined); // terminated by a test that shuts the database out
    await sql.connect();
  });
  afterEach(async () => {
    await sql?.query('ROLLBACK').catch(() => undefined);
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await sql?.end().catch(() => undefined);
  });
  return {
    get url() {
      return url;
    },
    get sql(): Client {
      if (!sql) throw new Error('the database is made in beforeEach');
      return sql;
    },
    opened,
    open: async (): Promise<PostgresStore> => {
      const store = await openPostgresStore(url);
      opened.push(store);
      return store;
    },
  };
}
