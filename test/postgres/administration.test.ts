/** The Quản trị suite (test/server/administration-suite.ts) on PostgreSQL: each test's server on a database of its own. */
import { openPostgresStore } from '../../server/store';
import { startPostgres, type PostgresCluster } from '../helpers/postgres';
import { describeAdministration } from '../server/administration-suite';

let cluster: PostgresCluster;
let databases = 0;
beforeAll(async () => {
  cluster = await startPostgres();
});
afterAll(() => cluster?.stop());

describeAdministration('administration on PostgreSQL', async (_dir, round) => openPostgresStore(await cluster.createDatabase(`admin_${++databases}`), { round }));
