/** Structured logs from a real server process: one line per request, and never a token. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/paths';
import { createToken, exited } from '../helpers/process';

test('request logs are JSON lines with method, path, status and account id, and contain no token', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-log-'));
  const token = createToken(dir, 'officer', 'Phường 1');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'phuluc.js'), 'serve', '--port', '0', '--data', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve) =>
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /đang chạy tại (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1] as string);
    }),
  );
  try {
    await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    await fetch(`${url}/api/me`, { headers: { Authorization: 'Bearer pl_mot-ma-sai-de-thu' } });
    await fetch(`${url}/api/submissions/Phường 1?token=${token}`, { headers: { Authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    child.kill('SIGTERM');
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  const requests = lines.filter((l) => l.msg === 'request');
  expect(requests.map((l) => [l.method, l.status])).toEqual([['GET', 200], ['GET', 401], ['GET', 404]]);
  expect(requests[0]).toMatchObject({ path: '/api/me', account: expect.any(String) });
  expect(out).not.toContain(token);
  expect(out).not.toContain('pl_mot-ma-sai-de-thu');
  expect(out.toLowerCase()).not.toContain('authorization');
}, 30_000);
