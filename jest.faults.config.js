// Fault injection (npm run test:faults): real server processes killed, starved of descriptors and
// disk, and raced for their lock. Loopback only; every loop is bounded. Otherwise as the browser tests.
const e2e = require('./jest.e2e.config.js');

/** @type {import('jest').Config} */
module.exports = { ...e2e, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'], testTimeout: 300_000 };
