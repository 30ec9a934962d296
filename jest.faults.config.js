// Fault injection (npm run test:faults): real server processes killed, starved of descriptors and
// disk, and raced for their lock. Loopback only; every loop is bounded.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } } }] };

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'faults',
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
