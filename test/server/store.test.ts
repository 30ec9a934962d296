/** The lowdb store: durable, single-process, schema-checked, and a crash loses nothing acknowledged. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoRound } from '../../core/round';
import { DATA_FILE, FolderLockedError, openLowdbStore, StoreLoadError } from '../../server/store';
import { createToken, exited, startServerProcess, startServerProcessWithArgs } from '../helpers/process';
import { entries, POINTS } from '../helpers/server';
import { ROOT } from '../helpers/paths';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lowdb store', () => {
  test('a new folder gets the demo round; a write is in the file when it resolves', async () => {
    const store = await openLowdbStore(dir);
    expect(store.data.round.id).toBe('quan-3-2024');
    await store.write((d) => {
      d.extensions['Phường 1'] = '2030-01-01T00:00:00Z';
    });
    expect(JSON.parse(readFileSync(path.join(dir, DATA_FILE), 'utf8')).extensions).toEqual({ 'Phường 1': '2030-01-01T00:00:00Z' });
    await store.close();
  });

  test('changes made together are committed in one file write', async () => {
    const store = await openLowdbStore(dir);
    const before = store.fileWrites;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write((d) => (d.extensions[`u${i}`] = 'x'))));
    expect(store.fileWrites - before).toBeLessThanOrEqual(2);
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, DATA_FILE), 'utf8')).extensions)).toHaveLength(50);
    await store.close();
  });

  test('audit and idempotency logs are appended, and records past the commit point (a crash) are dropped', async () => {
    const store = await openLowdbStore(dir);
    await store.write((d) => {
      d.audit.push({ at: 'a', actor: 'x', action: 'one', target: 't', before: null, after: null });
      d.idempotency.push({ accountId: 'x', key: 'k-00000001', fingerprint: 'f', status: 200, body: {}, at: 'a' });
    });
    await store.close();
    const auditLog = path.join(dir, 'phuluc.audit.jsonl');
    const idemLog = path.join(dir, 'phuluc.idempotency.jsonl');
    expect(readFileSync(auditLog, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(path.join(dir, DATA_FILE), 'utf8')).not.toContain('"action"'); // the log is not in the data file
    // A crash after appending the next change's records but before the data file was replaced:
    const committedAudit = readFileSync(auditLog, 'utf8');
    writeFileSync(auditLog, `${committedAudit}${JSON.stringify({ at: 'b', actor: 'x', action: 'two', target: 't', before: null, after: null })}\n{"at":"c","act`);
    writeFileSync(idemLog, `${readFileSync(idemLog, 'utf8')}${JSON.stringify({ accountId: 'x', key: 'k-00000002', fingerprint: 'f', status: 200, body: {}, at: 'b' })}\n`);
    const reopened = await openLowdbStore(dir);
    expect(reopened.data.audit.map((a) => a.action)).toEqual(['one']);
    expect(reopened.data.idempotency.map((r) => r.key)).toEqual(['k-00000001']); // a retry is applied again, not answered from a change that never landed
    expect(readFileSync(auditLog, 'utf8')).toBe(committedAudit);
    await reopened.write((d) => d.audit.push({ at: 'd', actor: 'x', action: 'three', target: 't', before: null, after: null }));
    await reopened.close();
    const last = await openLowdbStore(dir);
    expect(last.data.audit.map((a) => a.action)).toEqual(['one', 'three']);
    await last.close();
  });

  test('a second store on the same folder refuses to open while the first is open', async () => {
    const first = await openLowdbStore(dir);
    await expect(openLowdbStore(dir)).rejects.toBeInstanceOf(FolderLockedError);
    await first.close();
    const again = await openLowdbStore(dir);
    await again.close();
  });

  test('a corrupt file stops start-up with a clear message and is never overwritten', async () => {
    const file = path.join(dir, DATA_FILE);
    writeFileSync(file, '{"format": 1, "round": ');
    await expect(openLowdbStore(dir)).rejects.toThrow(StoreLoadError);
    await expect(openLowdbStore(dir)).rejects.toThrow(/bị hỏng.*không ghi đè/);
    expect(readFileSync(file, 'utf8')).toBe('{"format": 1, "round": ');
    writeFileSync(file, JSON.stringify({ format: 1, round: demoRound(), accounts: 'none' }));
    await expect(openLowdbStore(dir)).rejects.toThrow(/không đúng cấu trúc/);
  });

  test('the server command refuses a corrupt data folder with the message and exit status 1', () => {
    writeFileSync(path.join(dir, DATA_FILE), 'không phải JSON');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'phuluc.js'), 'serve', '--port', '0', '--data', dir], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bị hỏng/);
    expect(readFileSync(path.join(dir, DATA_FILE), 'utf8')).toBe('không phải JSON');
  });
});

describe('server processes', () => {
  test('a second server on the same data folder refuses to start', async () => {
    const first = await startServerProcess(dir);
    try {
      const second = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'phuluc.js'), 'serve', '--port', '0', '--data', dir], { encoding: 'utf8', timeout: 20_000 });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/đang được một máy chủ Phụ lục dùng \(tiến trình \d+\)/);
    } finally {
      first.child.kill('SIGTERM');
      await exited(first.child);
    }
    expect(existsSync(path.join(dir, '.lock'))).toBe(false); // released on a graceful stop
  }, 30_000);

  test('SIGKILL mid-load: after a restart every acknowledged write is there and the file parses', async () => {
    const officer = createToken(dir, 'officer', 'Phường 2');
    const reviewer = createToken(dir, 'reviewer', 'Phòng Tư pháp');
    const server = await startServerProcess(dir);
    const headers = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
    const submitted = await fetch(`${server.url}/api/submissions/${encodeURIComponent('Phường 2')}`, {
      method: 'PUT',
      headers: headers(officer),
      body: JSON.stringify({ entries: entries('Phường 2', Array.from({ length: 300 }, (_, i) => `Mô hình ${i + 1}`)) }),
    });
    expect(submitted.status).toBe(200);
    const ids: string[] = ((await submitted.json()) as { entries: Array<{ id: string }> }).entries.map((e) => e.id);

    const acknowledged = new Map<string, number>();
    let killed = false;
    const sendAll = ids.map(async (id, i) => {
      await new Promise((r) => setTimeout(r, i * 2)); // a steady stream of writes
      try {
        const res = await fetch(`${server.url}/api/scores/${id}`, { method: 'PUT', headers: headers(reviewer), body: JSON.stringify({ points: { ...POINTS, khaThi: i % 21 } }) });
        if (res.status === 200) acknowledged.set(id, i % 21);
        if (acknowledged.size >= 60 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      } catch {
        // the connection died with the process: not acknowledged
      }
    });
    await Promise.all(sendAll);
    await exited(server.child);
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);
    expect(acknowledged.size).toBeLessThan(ids.length); // killed mid-load, not after

    JSON.parse(readFileSync(path.join(dir, DATA_FILE), 'utf8')); // the file parses
    const restarted = await startServerProcess(dir); // takes over the dead process's lock
    try {
      const res = await fetch(`${restarted.url}/api/scores`, { headers: headers(reviewer) });
      const scores = ((await res.json()) as { scores: Array<{ entryId: string; points: { khaThi: number } }> }).scores;
      const stored = new Map(scores.map((s) => [s.entryId, s.points.khaThi]));
      for (const [id, khaThi] of acknowledged) expect(stored.get(id)).toBe(khaThi);
    } finally {
      restarted.child.kill('SIGTERM');
      await exited(restarted.child);
    }
  }, 60_000);
});

describe('phuluc serve --round', () => {
  test("a new data folder takes the district's own round; a folder with another round refuses it", async () => {
    const round = { ...demoRound(), id: 'quan-3-2025', name: 'Đợt năm 2025', year: 2025 };
    const file = path.join(dir, 'dot.json');
    writeFileSync(file, JSON.stringify(round));
    const data = path.join(dir, 'data');
    const cli = path.join(ROOT, 'bin', 'phuluc.js');
    const token = (() => {
      const made = spawnSync(process.execPath, [cli, 'admin', 'token', '--data', path.join(dir, 'other'), '--role', 'admin'], { encoding: 'utf8' });
      return made.stdout.trim().split('\n').at(-1);
    })();
    expect(token).toMatch(/^pl_/);
    const first = await startServerProcessWithArgs(data, ['--round', file]);
    first.child.kill('SIGTERM');
    await exited(first.child);
    const store = await openLowdbStore(data);
    expect(store.data.round).toMatchObject({ id: 'quan-3-2025', year: 2025 });
    await store.close();
    // 'other' was created with the demo round: the 2025 round is refused there.
    const refused = spawnSync(process.execPath, [cli, 'serve', '--port', '0', '--data', path.join(dir, 'other'), '--round', file], { encoding: 'utf8', timeout: 20_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('đã có đợt báo cáo');
  }, 30_000);
});
