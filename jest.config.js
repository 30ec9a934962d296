// Two jest projects: the domain code and the server run under Node; the task pane under jsdom.
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }] };

// office-addin-mock imports office-addin-manifest, whose dependencies jest cannot load (ES modules only).
const officeAddinMock = { '^office-addin-manifest$': '<rootDir>/test/stubs/office-addin-manifest.js' };

// lowdb and steno ship only as ES modules: compile them for jest too (the add-in's sync tests run a real server).
const transformIgnorePatterns = ['/node_modules/(?!(lowdb|steno)/)'];

/** @type {import('jest').Config} */
module.exports = {
  // A ceiling, not a measure: CI's two shared cores make a 3-second test take 7.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper: officeAddinMock,
      testMatch: ['<rootDir>/test/core/**/*.test.ts', '<rootDir>/test/server/**/*.test.ts'],
    },
    {
      displayName: 'addin',
      testEnvironment: '<rootDir>/test/addin/environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/addin/setup.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper: officeAddinMock,
      testMatch: ['<rootDir>/test/addin/**/*.test.ts?(x)'],
    },
    // The same suite on a host at the manifest's declared minimum (ExcelApi 1.8): every newer
    // member the add-in touches unguarded throws ApiNotFound there, as in real Excel.
    {
      displayName: 'addin@ExcelApi1.8',
      testEnvironment: '<rootDir>/test/addin/environment.js',
      setupFilesAfterEnv: ['<rootDir>/test/addin/setup.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper: officeAddinMock,
      testMatch: ['<rootDir>/test/addin/**/*.test.ts?(x)'],
      // The browser page (upload-page) does not run in Excel.
      testPathIgnorePatterns: ['/test/addin/(manifest|requirements)\\.test\\.ts$', '/test/addin/upload-page\\.test\\.tsx$'],
      globals: { PHULUC_EXCEL_API_MINOR: 8 },
    },
  ],
};
