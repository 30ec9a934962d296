/**
 * Connections a client reuses (issue #31): an idle keep-alive connection is kept longer than
 * clients and proxies keep one to reuse (65 s, not Node's 5 s, after which a reuse got "socket
 * hang up"), and the server says so in its Keep-Alive header; answers carry no ETag, which Express
 * would compute by hashing every body (a summary of many megabytes) on the main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../server/serve';

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-keepalive-'));
  server = await startServer({ port: 0, dataDir: dir, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, agent: http.Agent, token?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
    }).on('error', reject);
  });
}

test('an idle connection is kept 65 s for the next request, said in Keep-Alive; the same socket serves two requests', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  agent.on('free', (socket) => sockets.add(socket));
  const first = await get(`${server.url}/api/health`, agent);
  expect(first.headers['keep-alive']).toBe('timeout=65');
  await get(`${server.url}/api/health`, agent);
  expect(sockets.size).toBe(1);
  agent.destroy();
});

test('an answer carries no ETag hashed over its body', async () => {
  const agent = new http.Agent();
  const token = server.firstAdminToken!;
  const res = await get(`${server.url}/api/summary`, agent, token);
  expect(res.statusCode).toBe(200);
  expect(res.headers.etag).toBeUndefined();
});
