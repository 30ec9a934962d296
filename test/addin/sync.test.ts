/**
 * @jest-environment node
 *
 * The outbox against the real server on loopback: a report sent offline is queued, survives a
 * reload of the task pane, and is delivered exactly once when the server is back, even when an
 * answer was lost on the way; the server's refusals (422, 412, 401) are kept for the officer and
 * never retried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { fetchMe, ApiFailure, type FetchLike } from '../../addin/sync/api';
import { Outbox } from '../../addin/sync/outbox';
import { loadConnection, saveConnection, serverUrlProblem, tokenProblem, type KeyValueStore } from '../../addin/sync/settings';
import { addAccount } from '../../server/auth';
import { startServer, type RunningServer } from '../../server/serve';
import type { LowdbStore } from '../../server/store';
import { entries } from '../helpers/server';

/** The task pane's localStorage: it outlives a task pane (an Outbox instance) like the real one. */
class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

let dir: string;
let server: RunningServer | null;
let port: number;
let officer: string;

async function start(): Promise<RunningServer> {
  server = await startServer({ port, dataDir: dir, logger: pino({ level: 'silent' }) });
  return server;
}

async function stop(): Promise<void> {
  await server?.close();
  server = null;
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-sync-'));
  port = 0;
  const first = await start();
  port = Number(new URL(first.url).port);
  officer = await first.store.write((data) => addAccount(data, { role: 'officer', unit: 'Phường 1' }, new Date()).token);
});

afterEach(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

const connection = () => ({ serverUrl: `http://127.0.0.1:${port}`, token: officer });
const report = (titles: string[]) => ({ entries: entries('Phường 1', titles) });
const versions = () => (server!.store as LowdbStore).data.submissions.filter((s) => s.unit === 'Phường 1').length;

describe('the outbox', () => {
  test('online: delivered once, with the ids the server gave', async () => {
    const delivered: unknown[] = [];
    const outbox = new Outbox(new MemoryStore(), connection, { onDelivered: (i) => delivered.push(i.answer) });
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo của Phường 1', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Một cửa', 'Hai cửa']) });
    await outbox.flush();
    expect(outbox.items().map((i) => i.state)).toEqual(['delivered']);
    expect(delivered).toEqual([expect.objectContaining({ version: 1, entries: [expect.objectContaining({ row: 9 }), expect.objectContaining({ row: 10 })] })]);
    expect(versions()).toBe(1);
  });

  test('offline → queued → the task pane reloads → the server is back → delivered exactly once', async () => {
    const storage = new MemoryStore();
    await stop();
    const first = new Outbox(storage, connection);
    first.enqueue({ kind: 'submission', label: 'Báo cáo của Phường 1', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Một cửa']) });
    await first.flush();
    const [queued] = first.items();
    expect(queued).toMatchObject({ state: 'pending', attempts: 1, error: { status: 'offline' } });
    expect(queued!.error!.message).toMatch(/Không kết nối được/);

    // The task pane is closed and opened again: a new outbox over the same storage.
    await start();
    const second = new Outbox(storage, connection);
    expect(second.pending()).toHaveLength(1);
    await second.flush({ force: true });
    expect(second.items().map((i) => i.state)).toEqual(['delivered']);
    await second.flush({ force: true });
    expect(versions()).toBe(1);
  });

  test('an answer lost on the way: the retry carries the same Idempotency-Key and the server applies it once', async () => {
    let lose = true;
    const lossy: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      if (lose) {
        lose = false;
        throw new TypeError('connection reset'); // the server wrote it; the answer never arrived
      }
      return response;
    };
    const outbox = new Outbox(new MemoryStore(), connection, { fetch: lossy });
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Một cửa']) });
    await outbox.flush();
    expect(outbox.pending()).toHaveLength(1);
    expect(versions()).toBe(1);
    await outbox.flush({ force: true });
    expect(outbox.items()[0]).toMatchObject({ state: 'delivered', answer: { version: 1 } });
    expect(versions()).toBe(1);
  });

  test('422 (errors left) and 412 (a newer version exists) are kept for the officer, never retried', async () => {
    const requests: string[] = [];
    const counting: FetchLike = (url, init) => {
      requests.push(String(init.method));
      return fetch(url, init);
    };
    const outbox = new Outbox(new MemoryStore(), connection, { fetch: counting });
    const bad = report(['Một cửa']);
    bad.entries[0]!.title = '';
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: bad });
    await outbox.flush();
    const [refused] = outbox.items();
    expect(refused).toMatchObject({ state: 'rejected', error: { status: 422, code: 'invalid-report' } });
    expect(refused!.error!.message).toMatch(/còn 1 lỗi/);
    expect((refused!.error!.body as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ code: 'missing-title' })]);

    await outbox.flush({ force: true });
    expect(requests).toHaveLength(1);

    // Someone else sent version 1 meanwhile; this pane last saw none (0).
    await new Outbox(new MemoryStore(), connection).flush();
    const other = new Outbox(new MemoryStore(), connection);
    other.enqueue({ kind: 'submission', label: 'Báo cáo', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Một cửa']) });
    await other.flush();
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Khác']), ifMatch: 0 });
    await outbox.flush();
    expect(outbox.items()).toEqual([expect.objectContaining({ state: 'rejected', error: expect.objectContaining({ status: 412, code: 'version-conflict' }) })]);
    expect(versions()).toBe(1);
  });

  test('a revoked or wrong token is a verdict too (401), in Vietnamese', async () => {
    const outbox = new Outbox(new MemoryStore(), () => ({ ...connection(), token: 'pl_' + 'x'.repeat(43) }));
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Một cửa']) });
    await outbox.flush();
    expect(outbox.items()[0]).toMatchObject({ state: 'rejected', error: { status: 401 } });
  });
});

describe('the connection', () => {
  test('fetchMe tells who the token belongs to and the round', async () => {
    const me = await fetchMe(connection());
    expect(me).toMatchObject({ role: 'officer', unit: 'Phường 1', round: { id: 'quan-3-2024' } });
    await stop();
    await expect(fetchMe(connection())).rejects.toMatchObject({ status: 'offline' });
    await start();
    await expect(fetchMe({ ...connection(), token: 'pl_' + 'y'.repeat(43) })).rejects.toBeInstanceOf(ApiFailure);
  });

  test('fetchMe brings the round’s units once: kept from last time while the server’s version is the same, fetched again when it is not', async () => {
    const asked: string[] = [];
    const counting: FetchLike = (url, init) => {
      asked.push(new URL(String(url)).pathname);
      return fetch(url, init);
    };
    const first = await fetchMe(connection(), counting);
    const units = (server!.store as LowdbStore).data.round.units;
    expect(first.round.units).toEqual(units);
    expect(asked).toEqual(['/api/me', '/api/round/units']);
    // What the pane kept (loadIdentity): the units are not downloaded again.
    asked.length = 0;
    expect((await fetchMe(connection(), counting, first)).round.units).toEqual(units);
    expect(asked).toEqual(['/api/me']);
    // Kept units of another version (the round's units changed since): fetched again.
    asked.length = 0;
    const stale = { ...first, round: { ...first.round, unitsVersion: 'phien-ban-cu', units: units.slice(0, 1) } };
    expect((await fetchMe(connection(), counting, stale)).round.units).toEqual(units);
    expect(asked).toEqual(['/api/me', '/api/round/units']);
  });

  test('settings are checked and kept in the pane storage, never a bad address', () => {
    const store = new MemoryStore();
    expect(serverUrlProblem('phuluc.quan3')).toMatch(/chưa đúng/);
    expect(serverUrlProblem('http://phuluc.quan3.gov.vn')).toMatch(/https/);
    expect(serverUrlProblem('http://localhost:3000')).toBeNull();
    expect(tokenProblem('abc')).toMatch(/pl_/);
    expect(tokenProblem('  ')).toBe('Hãy nhập mã truy cập do cơ quan tổ chức đợt báo cáo cấp (bắt đầu bằng pl_).'); // empty is not "wrong"
    saveConnection(store, { serverUrl: 'https://phuluc.quan3.gov.vn/duong/dan', token: ` ${officer} ` });
    expect(loadConnection(store)).toEqual({ serverUrl: 'https://phuluc.quan3.gov.vn', token: officer });
    store.setItem('phuluc.connection', '{"serverUrl":"ftp://x","token":"pl_zzzzzzzzzzzzzzzzzzzzzzzz"}');
    expect(loadConnection(store)).toBeNull();
  });
});

describe('the outbox belongs to the account that made each item (issue #27)', () => {
  test('reviewer A’s item waits while B is signed in on the same pane, is never sent with B’s token, and goes when A is back', async () => {
    const storage = new MemoryStore();
    const tokenA = officer;
    const tokenB = await server!.store.write((data) => addAccount(data, { role: 'officer', unit: 'Phường 1', name: 'Cán bộ B' }, new Date()).token);
    const who = { token: tokenA, owner: 'account-a' };
    const sent: string[] = [];
    const fetchAs: FetchLike = (url, init) => {
      sent.push(String((init?.headers as Record<string, string>).Authorization));
      return fetch(url, init);
    };
    const outbox = new Outbox(storage, () => ({ serverUrl: `http://127.0.0.1:${port}`, token: who.token }), { owner: () => who.owner, fetch: fetchAs });
    await stop();
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo của Phường 1', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Của A']) });
    await outbox.flush({ force: true });
    expect(outbox.items()).toEqual([expect.objectContaining({ owner: 'account-a', state: 'pending' })]);

    // A signs out keeping the item; B signs in on the same pane, and the server is back.
    await start();
    who.token = tokenB;
    who.owner = 'account-b';
    sent.length = 0;
    await outbox.flush({ force: true });
    expect(sent).toEqual([]);
    expect(versions()).toBe(0);
    expect(outbox.mine()).toEqual([]);
    expect(outbox.othersWaiting()).toHaveLength(1);
    // B's own item for the same report does not replace A's.
    outbox.enqueue({ kind: 'submission', label: 'Báo cáo của Phường 1', path: '/api/submissions/Ph%C6%B0%E1%BB%9Dng%201', body: report(['Của B']) });
    await outbox.flush({ force: true });
    expect(sent).toEqual([`Bearer ${tokenB}`]);
    expect(outbox.items().map((i) => [i.owner, i.state])).toEqual([
      ['account-a', 'pending'],
      ['account-b', 'delivered'],
    ]);

    // A signs in again: A's item goes, with A's token.
    who.token = tokenA;
    who.owner = 'account-a';
    sent.length = 0;
    await outbox.flush({ force: true });
    expect(sent).toEqual([`Bearer ${tokenA}`]);
    expect(versions()).toBe(2);
  });
});
