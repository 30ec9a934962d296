/**
 * Jest suites that need PostgreSQL: run where it is installed; skipped with a note where it is
 * not, unless PHULUC_REQUIRE_POSTGRES=1 (set by .ci/run, which installs it) makes that a failure.
 */
import { postgresBinaries } from './postgres';

const postgresRequired = process.env.PHULUC_REQUIRE_POSTGRES === '1';

/** `describe` when PostgreSQL can run here (or must), `describe.skip` with a note otherwise. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (postgresBinaries() || postgresRequired) return describe(name, body);
  console.warn(`${name}: bỏ qua, máy này không có PostgreSQL (apt-get install postgresql; .ci/run cài sẵn).`);
  describe.skip(name, body);
}

