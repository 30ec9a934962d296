/** The jest side of test/helpers/postgres.ts (which bench/store uses outside jest, so it holds no hooks). */
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
