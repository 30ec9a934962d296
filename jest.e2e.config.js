// Browser tests (npm run test:e2e): the production task pane in Debian's Chromium, driven by
// playwright-core, against a real `phuluc serve`, with office.js answered by the simulated host.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } } }] };

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'e2e',
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(lowdb|steno)/)'],
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
