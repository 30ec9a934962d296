#!/usr/bin/env node
// npm run dev: the task pane rebuilt on every change (webpack --watch) and served, with the API,
// by `phuluc serve` on https://localhost:3000 using office-addin-dev-certs' localhost certificate
// (installed and trusted on first run; Windows and macOS ask for permission). Where it cannot be
// installed, the server runs over HTTP on localhost, which a browser accepts but Excel does not.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const port = process.env.PORT ?? '3000';
const children = [];

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  children.push(child);
  child.on('exit', (code) => {
    if (code) shutdown(code);
  });
  return child;
}

function shutdown(code = 0) {
  for (const child of children) child.kill();
  process.exit(code);
}
process.on('SIGINT', () => shutdown());
process.on('SIGTERM', () => shutdown());

async function certificate() {
  try {
    const certs = require('office-addin-dev-certs');
    const defaults = require('office-addin-dev-certs/lib/defaults');
    await certs.ensureCertificatesAreInstalled();
    return ['--cert', defaults.localhostCertificatePath, '--key', defaults.localhostKeyPath];
  } catch (error) {
    console.warn(`Không cài được chứng chỉ HTTPS cho localhost (${error.message.split('\n')[0]}). Máy chủ chạy HTTP: thử được trên trình duyệt, nhưng Excel cần HTTPS.`);
    return [];
  }
}

(async () => {
  const tls = await certificate();
  run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']).on('exit', (code) => {
    if (code) return;
    run(process.execPath, [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'development', '--watch']);
    const bundle = path.join(root, 'dist', 'taskpane', 'taskpane.html');
    const wait = setInterval(() => {
      if (!existsSync(bundle)) return;
      clearInterval(wait);
      run(process.execPath, [path.join(root, 'bin', 'phuluc.js'), 'serve', '--port', port, '--data', './data', ...tls]);
    }, 500);
  });
})();
