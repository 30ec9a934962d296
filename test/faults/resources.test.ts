/**
 * No client can take the server down (issue #11): idle connections cannot use up its descriptors,
 * a commit that fails for want of one is rolled back and the store stays writable, and two
 * processes starting together over a stale lock never both get the folder.
 */
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createToken } from '../helpers/process';
import { ROOT } from '../helpers/paths';
import { entries, POINTS } from '../helpers/server';
import { call, kill, serve } from './harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Opens `count` TCP connections from `localAddress` and resolves with those the server kept: each
 * asks for /api/health once, and a connection the server dropped answers nothing but its close.
 */
async function idleConnections(port: number, localAddress: string, count: number): Promise<net.Socket[]> {
  const held = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket | null>((resolve) => {
          const socket = net.connect({ port, host: '127.0.0.1', localAddress });
          socket.once('connect', () => socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n'));
          socket.once('data', () => resolve(socket));
          socket.once('close', () => resolve(null));
          socket.once('error', () => resolve(null));
        }),
    ),
  );
  return held.filter((s): s is net.Socket => s !== null);
}

const closeAll = (sockets: net.Socket[]) => Promise.all(sockets.map((s) => new Promise((resolve) => (s.destroyed ? resolve(null) : (s.once('close', resolve), s.destroy())))));

test('1,100 idle connections from one address hold at most its share, and everyone else is still served', async () => {
  const officer = createToken(dir, 'officer', 'Phường 2');
  const server = await serve(dir, { openFiles: 256 });
  try {
    const held = await idleConnections(server.port, '127.0.0.2', 1_100);
    expect(held.length).toBeLessThanOrEqual(48); // (256 − 64 reserved) / 4
    const res = await call(server.url, 'PUT', `/api/submissions/${encodeURIComponent('Phường 2')}`, officer, { entries: entries('Phường 2', ['Hồ sơ không hẹn']) });
    expect(res.status).toBe(200);
    await closeAll(held);
  } finally {
    await kill(server);
  }
});

test('with every descriptor taken, a score still commits (the journal is kept open), its retry is a replay, and the store goes on once they return', async () => {
  const officer = createToken(dir, 'officer', 'Phường 2');
  const reviewer = createToken(dir, 'reviewer', 'Phòng Tư pháp');
  // Caps lifted, so the connections can use up every descriptor, as before the caps.
  const server = await serve(dir, { openFiles: 128, args: ['--max-connections', '10000', '--max-connections-per-address', '10000'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const sent = await call(server.url, 'PUT', `/api/submissions/${encodeURIComponent('Phường 2')}`, officer, { entries: entries('Phường 2', ['Hồ sơ không hẹn']) }, {}, agent);
    const entryId = sent.body.entries[0].id as string;
    // The reviewer's connection is open before the descriptors run out.
    expect((await call(server.url, 'GET', '/api/scores', reviewer, undefined, {}, agent)).status).toBe(200);
    const flood: net.Socket[] = [];
    for (let round = 0; round < 20; round++) flood.push(...(await idleConnections(server.port, `127.0.0.${3 + round}`, 20)));
    const key = `emfile-${randomUUID()}`;
    const write = () => call(server.url, 'PUT', `/api/scores/${entryId}`, reviewer, { points: POINTS }, { 'Idempotency-Key': key }, agent);
    const starved = await write();
    expect(starved).toMatchObject({ status: 200, replay: false });
    expect(starved.body.score.version).toBe(1);
    expect(await write()).toMatchObject({ status: 200, replay: true });
    await closeAll(flood);
    const next = await call(server.url, 'PUT', `/api/scores/${entryId}`, reviewer, { points: { ...POINTS, khaThi: 3 } }, { 'Idempotency-Key': `emfile-${randomUUID()}` }, agent);
    expect(next).toMatchObject({ status: 200, replay: false });
    expect(next.body.score.version).toBe(2);
    expect((await call(server.url, 'GET', '/api/scores', reviewer, undefined, {}, agent)).body.scores).toHaveLength(1);
  } finally {
    agent.destroy();
    await kill(server);
  }
});

/** A process that takes the folder's lock and says whether it got it, then holds it until killed. */
function contender(folder: string): { result: Promise<'GOT' | 'NO'>; stop: () => void } {
  const script = `require(${JSON.stringify(path.join(ROOT, 'dist', 'server', 'store', 'lock.js'))}).lockFolder(${JSON.stringify(folder)}).then(() => { process.stdout.write('GOT'); setInterval(() => {}, 1000); }, () => { process.stdout.write('NO'); })`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const result = new Promise<'GOT' | 'NO'>((resolve) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out === 'GOT' || out === 'NO') resolve(out);
    });
  });
  return { result, stop: () => child.kill('SIGKILL') };
}

/** The pid of a process that has ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.once('exit', () => resolve(child.pid as number));
  });
}

test('two processes starting together over a stale lock: exactly one gets it (20 trials)', async () => {
  for (let trial = 0; trial < 20; trial++) {
    const folder = path.join(dir, `t${trial}`);
    mkdirSync(folder);
    writeFileSync(path.join(folder, '.lock'), JSON.stringify({ pid: await deadPid(), start: '1' }));
    const a = contender(folder);
    const b = contender(folder);
    const results = await Promise.all([a.result, b.result]);
    a.stop();
    b.stop();
    expect(results.sort()).toEqual(['GOT', 'NO']);
  }
});

test('a lock naming a live pid that another program now holds is taken over', async () => {
  writeFileSync(path.join(dir, '.lock'), JSON.stringify({ pid: process.pid, start: 'not-this-process' }));
  const c = contender(dir);
  expect(await c.result).toBe('GOT');
  c.stop();
});
