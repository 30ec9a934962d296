/** The Quản trị suite (test/server/administration-suite.ts) on PostgreSQL: each test's server on a database of its own. */
import { openPostgresStore } from '../../server/store';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { describeAdministration } from '../server/administration-suite';

const { newDatabase } = usePostgresCluster('admin');

describeAdministration('administration on PostgreSQL', async (_dir, round) => openPostgresStore(await newDatabase(), { round }));
