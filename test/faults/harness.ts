/** Real `phuluc serve` processes for the fault-injection suite: killed, starved and filled on purpose. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { ROOT } from '../helpers/paths';

export const CLI = path.join(ROOT, 'bin', 'phuluc.js');

export interface Served {
  child: ChildProcess;
  url: string;
  port: number;
}

export interface ServeFaultOptions {
  /** Soft and hard limit on open files for the server process. */
  openFiles?: number;
  args?: string[];
  env?: Record<string, string>;
  port?: number;
}

/** Starts a server on `dataDir` and resolves once it listens. */
export function serve(dataDir: string, options: ServeFaultOptions = {}): Promise<Served> {
  const argv = [CLI, 'serve', '--port', String(options.port ?? 0), '--data', dataDir, ...(options.args ?? [])];
  const child = options.openFiles
    ? spawn('prlimit', [`--nofile=${options.openFiles}:${options.openFiles}`, process.execPath, ...argv], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PHULUC_LOG_LEVEL: 'silent', ...options.env } })
    : spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PHULUC_LOG_LEVEL: 'silent', ...options.env } });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /đang chạy tại (http:\/\/[^\s]+)/.exec(err);
      if (m) resolve({ child, url: m[1] as string, port: Number(new URL(m[1] as string).port) });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

export function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function kill(served: Served): Promise<void> {
  served.child.kill('SIGKILL');
  await stopped(served.child);
}

export interface Answer {
  status: number;
  replay: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it expects
  body: any;
}

/** One JSON request over its own connection (or `agent`'s); rejects when the connection dies. */
export function call(url: string, method: string, route: string, token: string, body?: unknown, headers: Record<string, string> = {}, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${url}${route}`,
      {
        method,
        agent: agent ?? false,
        headers: { Authorization: `Bearer ${token}`, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, replay: res.headers['idempotent-replay'] === 'true', body: text ? JSON.parse(text) : null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
