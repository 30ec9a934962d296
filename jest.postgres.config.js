// The PostgreSQL store's tests (npm run test:postgres): a real PostgreSQL cluster of their own
// (Debian's `postgresql`, which .ci/run installs), real `phuluc` processes on it. Kept out of
// `npm test`, which must pass on a machine without PostgreSQL.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } } }] };

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'postgres',
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testMatch: ['<rootDir>/test/postgres/**/*.test.ts'],
  testTimeout: 120_000,
};
