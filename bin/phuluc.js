#!/usr/bin/env node
'use strict';
// The compiled command line lives in dist/ (built by `npm ci` through the prepare script).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'server', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('Chưa biên dịch chương trình: hãy chạy "npm run build" trong thư mục dự án.\n');
  process.exit(2);
}
// Output piped into a command that stops reading (| head) ends the command quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
