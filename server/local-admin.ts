/**
 * `phuluc admin …` while a server runs on the same data folder: the server listens on a local
 * socket (a Unix socket in the temp folder, a named pipe on Windows) that only this machine's
 * user can open, and writes where it is, with a fresh secret, to `phuluc-admin.json` in the data
 * folder (mode 0600). The command line reads that file and asks the server over the socket, as
 * the admin LOCAL_ADMIN; the secret is good only on that socket and only until the server stops.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const ENDPOINT_FILE = 'phuluc-admin.json';

const endpointSchema = z.object({ socket: z.string(), secret: z.string(), pid: z.number().int() });
export type LocalAdminEndpoint = z.infer<typeof endpointSchema>;

export function newLocalAdminSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Serves `handler` on a local socket for the command line; resolves with how to stop it. */
export async function openLocalAdmin(dataDir: string, secret: string, handler: http.RequestListener): Promise<{ close(): Promise<void> }> {
  const name = `phuluc-${randomBytes(8).toString('hex')}`;
  const socket = process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : path.join(tmpdir(), `${name}.sock`);
  const server = http.createServer((req, res) => {
    req.phulucLocalAdmin = true;
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  if (process.platform !== 'win32') await chmod(socket, 0o600);
  const file = path.join(dataDir, ENDPOINT_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify({ socket, secret, pid: process.pid } satisfies LocalAdminEndpoint), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return {
    async close() {
      await unlink(file).catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') await unlink(socket).catch(() => undefined);
    },
  };
}

/** Where the server on `dataDir` listens for the command line, or null when none left its address. */
export async function readLocalAdmin(dataDir: string): Promise<LocalAdminEndpoint | null> {
  try {
    const parsed = endpointSchema.safeParse(JSON.parse(await readFile(path.join(dataDir, ENDPOINT_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One JSON request to the server over its local socket: the status and the parsed body. */
export function localAdminRequest(endpoint: LocalAdminEndpoint, method: string, pathname: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        socketPath: endpoint.socket,
        method,
        path: pathname,
        headers: { Authorization: `Bearer ${endpoint.secret}`, Accept: 'application/json', ...(text ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(raw);
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}
