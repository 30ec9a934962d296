/**
 * What the server loads before it listens (issue #31, start-up): ExcelJS (about 0.2–0.3 s of module
 * loading) is for the reader threads and the summary worker, never the main thread's start. The
 * routes once imported a size limit through the workbook module, which loaded all of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths';

test('the server starts without loading ExcelJS on its main thread', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-start-'));
  try {
    const script = `
      const { startServer } = require(${JSON.stringify(path.join(ROOT, 'dist', 'server', 'serve'))});
      const pino = require('pino');
      startServer({ port: 0, dataDir: ${JSON.stringify(dir)}, logger: pino({ level: 'silent' }) }).then(async (running) => {
        const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/](exceljs|jszip)[\\\\/]/.test(f));
        await running.close();
        console.log(JSON.stringify({ loaded: loaded.length, modules: Object.keys(require.cache).length }));
        process.exit(0);
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const { loaded, modules } = JSON.parse(run.stdout.trim().split('\n').pop() as string);
    expect(modules).toBeGreaterThan(50); // the server did load (its own modules, Express, zod…)
    expect(loaded).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
