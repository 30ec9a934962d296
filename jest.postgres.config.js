// The PostgreSQL store's tests (npm run test:postgres): a real PostgreSQL cluster of their own
// (Debian's `postgresql`, which .ci/run installs), real `phuluc` processes on it. Kept out of
// `npm test`, which must pass on a machine without PostgreSQL. Otherwise as the browser tests,
// but test files run side by side (each file starts a cluster of its own).
const { maxWorkers: _oneAtATime, ...e2e } = require('./jest.e2e.config.js');

/** @type {import('jest').Config} */
module.exports = { ...e2e, displayName: 'postgres', testMatch: ['<rootDir>/test/postgres/**/*.test.ts'] };
