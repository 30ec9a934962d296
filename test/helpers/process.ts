/** Real `phuluc serve` processes for tests that need a process boundary (crash, lock). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths';

const CLI = path.join(ROOT, 'bin', 'phuluc.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

/** Starts `phuluc serve --port 0` on `dataDir` and resolves with its URL once it listens. */
export function startServerProcess(dataDir: string): Promise<ServerProcess> {
  return startServerProcessWithArgs(dataDir, []);
}

export function startServerProcessWithArgs(dataDir: string, extra: string[], port = 0): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--data', dataDir, ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PHULUC_LOG_LEVEL: 'silent' },
    });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /đang chạy tại (https?:\/\/[^\s]+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${err}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** `phuluc admin token …` on a data folder; returns the token (the last line of stdout). */
export function createToken(dataDir: string, role: string, unit?: string): string {
  const args = [CLI, 'admin', 'token', '--data', dataDir, '--role', role, ...(unit ? ['--unit', unit] : [])];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return out.trim().split('\n').at(-1) as string;
}
