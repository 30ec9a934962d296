// The documents a council signs, checked as LibreOffice renders them (npm run test:documents):
// Debian's LibreOffice (writer, headless) turns each .docx into a PDF and poppler's pdftotext reads
// what a reader sees. Kept out of `npm test`, which must pass on a machine without LibreOffice;
// .ci/run installs both and runs it. One file at a time: LibreOffice is heavy on 2 cores.
const e2e = require('./jest.e2e.config.js');

/** @type {import('jest').Config} */
module.exports = { ...e2e, displayName: 'documents', testMatch: ['<rootDir>/test/documents/**/*.test.ts'] };
