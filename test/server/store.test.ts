/**
 * The lowdb store: a snapshot and a journal of record-level commits, compacted in a worker,
 * schema-checked, migrated from format 2, and a crash loses nothing acknowledged. The contract
 * every store keeps is tested in store-contract.ts; this file holds what is lowdb's own.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoRound } from '../../core/rounds/round';
import { writeSnapshot } from '../../server/store/files';
import { FolderLockedError, FORMAT_2_BACKUP, FORMAT_2_FILE, openLowdbStore, segmentFile, SNAPSHOT_FILE, StoreLoadError, type Score } from '../../server/store';
import { createToken, exited, startServerProcess, startServerProcessWithArgs } from '../helpers/process';
import { entries, onDisk, POINTS } from '../helpers/server';
import { ROOT } from '../helpers/paths';
import { describeStoreContract } from './store-contract';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Each test's own folder (`dir`, made before the contract's beforeEach runs).
describeStoreContract('lowdb', () => ({
  fresh: () => openLowdbStore(dir),
  reopen: async (store) => {
    await store.close();
    return openLowdbStore(dir);
  },
}));

const AT = '2024-08-21T03:00:00.000Z';
const score = (i: number): Score => ({
  id: `s${i}`,
  entryId: `e${i}`,
  reviewerId: `r${i % 30}`,
  unit: 'Phường 1',
  points: { ...POINTS, khaThi: i % 21 },
  comment: '',
  version: 1,
  updatedAt: AT,
  entryFingerprint: 'f',
  stale: false,
});
const journal = (n = 1) => path.join(dir, segmentFile(n));

describe('lowdb store', () => {
  test('a new folder gets the demo round; a write is on disk when it resolves', async () => {
    const store = await openLowdbStore(dir);
    expect(store.data.round.id).toBe('quan-3-2024');
    await store.write((tx) => tx.putExtension(tx.data.round.id, 'Phường 1', '2030-01-01T00:00:00Z'));
    expect((await onDisk(dir)).extensions).toEqual({ 'Phường 1': '2030-01-01T00:00:00Z' });
    await store.close();
  });

  test('changes made together are committed in one flush', async () => {
    const store = await openLowdbStore(dir);
    const before = store.commits;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write((tx) => tx.putExtension(tx.data.round.id, `u${i}`, 'x'))));
    expect(store.commits - before).toBeLessThanOrEqual(2);
    expect(Object.keys((await onDisk(dir)).extensions)).toHaveLength(50);
    await store.close();
  });

  test('a commit appends what changed, not the data: one score beside 20,000 others adds one short line', async () => {
    const store = await openLowdbStore(dir);
    const id = store.data.round.id;
    await store.write((tx) => {
      for (let i = 0; i < 20_000; i++) tx.putScore(id, score(i));
    });
    const before = statSync(journal()).size;
    await store.write((tx) => tx.putScore(id, { ...score(7), version: 2 }));
    const added = statSync(journal()).size - before;
    expect(added).toBeLessThan(600);
    expect(readFileSync(journal(), 'utf8').trimEnd().split('\n').at(-1)).toContain('"version":2');
    expect(readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8')).not.toContain('"e7"'); // the snapshot was not rewritten
    await store.close();
  });

  test('a commit a crash cut off (a torn last line) is dropped, and the next commit goes after the last whole one', async () => {
    const store = await openLowdbStore(dir);
    const id = store.data.round.id;
    await store.write((tx) => tx.putScore(id, score(1)));
    await store.close();
    const whole = readFileSync(journal(), 'utf8');
    appendFileSync(journal(), '0123456789abcdef {"changes":[{"kind":"score","roundId":"quan');
    const reopened = await openLowdbStore(dir);
    expect(reopened.data.scores.map((s) => s.entryId)).toEqual(['e1']);
    await reopened.write((tx) => tx.putScore(id, score(2)));
    await reopened.close();
    expect(readFileSync(journal(), 'utf8').startsWith(whole)).toBe(true);
    expect((await onDisk(dir)).scores.map((s) => s.entryId)).toEqual(['e1', 'e2']);
  });

  test('a damaged commit before the last stops start-up with a clear message, and the journal is left as it is', async () => {
    const store = await openLowdbStore(dir);
    const id = store.data.round.id;
    await store.write((tx) => tx.putScore(id, score(1)));
    await store.write((tx) => tx.putScore(id, score(2)));
    await store.close();
    const damaged = readFileSync(journal(), 'utf8').replace('"e1"', '"e9"');
    writeFileSync(journal(), damaged);
    await expect(openLowdbStore(dir)).rejects.toThrow(/phuluc-journal-000001\.jsonl hỏng ở dòng 1.*không ghi đè/);
    expect(readFileSync(journal(), 'utf8')).toBe(damaged);
  });

  test('a long journal is folded into a new snapshot by a worker; the state reads the same after reopening', async () => {
    const store = await openLowdbStore(dir, { compactAfterBytes: 20_000 });
    const id = store.data.round.id;
    for (let i = 0; i < 300; i++) await store.write((tx) => tx.putScore(id, score(i)));
    await store.settled();
    expect(store.compactions).toBeGreaterThan(0);
    const segments = readdirSync(dir).filter((n) => n.startsWith('phuluc-journal-'));
    expect(segments.length).toBeLessThanOrEqual(2); // the folded ones are gone
    expect(segments).not.toContain(segmentFile(1));
    await store.close();
    const reopened = await openLowdbStore(dir);
    expect(reopened.data.scores.map((s) => s.entryId)).toEqual(Array.from({ length: 300 }, (_, i) => `e${i}`));
    await reopened.write((tx) => tx.putScore(id, score(300)));
    await reopened.close();
    expect((await onDisk(dir)).scores).toHaveLength(301);
  });

  test('a compaction that fails says why, keeps the journal, and the store goes on writing', async () => {
    const failures: string[] = [];
    const store = await openLowdbStore(dir, { onCompactionFailed: (reason) => failures.push(reason) });
    const id = store.data.round.id;
    for (let i = 0; i < 3; i++) await store.write((tx) => tx.putScore(id, score(i)));
    // The journal damaged in place (the same length), as a disk's fault would: the compaction's worker cannot read it.
    const journal = path.join(dir, segmentFile(1));
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, `x${text.slice(1)}`);
    // Asked right after a write was answered, while its flush ends: it was dropped then.
    store.compactNow();
    await store.settled();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(segmentFile(1));
    expect(store.compactions).toBe(0);
    expect(existsSync(journal)).toBe(true);
    await store.write((tx) => tx.putScore(id, score(3)));
    expect(store.data.scores).toHaveLength(4);
    await store.close();
  });

  test('a compaction cut off at any step loses nothing: before its rename, and after it but before the folded segments went', async () => {
    const store = await openLowdbStore(dir);
    const id = store.data.round.id;
    for (let i = 0; i < 5; i++) await store.write((tx) => tx.putScore(id, score(i)));
    await store.close();
    const copy = path.join(dir, 'copy');
    mkdirSync(copy);
    for (const name of readdirSync(dir).filter((n) => n.startsWith('phuluc-'))) writeFileSync(path.join(copy, name), readFileSync(path.join(dir, name)));
    // Cut before the rename: a half-written temp snapshot beside the old one.
    writeFileSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`), '{"format":3,"through":1,"da');
    const cutEarly = await openLowdbStore(dir);
    expect(cutEarly.data.scores).toHaveLength(5);
    await cutEarly.close();
    expect(existsSync(path.join(dir, `${SNAPSHOT_FILE}.tmp`))).toBe(false);
    // Cut after the rename: the new snapshot holds segment 1, which is still there.
    await writeSnapshot(copy, await onDisk(copy), 1);
    const cutLate = await openLowdbStore(copy);
    expect(cutLate.data.scores).toHaveLength(5); // segment 1 not applied twice
    await cutLate.write((tx) => tx.putScore(id, score(5)));
    await cutLate.close();
    expect(readdirSync(copy)).not.toContain(segmentFile(1));
    expect((await onDisk(copy)).scores).toHaveLength(6);
  });

  test('a data folder of format 2 is migrated on first start: nothing lost, the old files kept aside, and a migration cut off is finished', async () => {
    const round = demoRound(new Date('2024-08-20T03:00:00Z'));
    const audit = { at: AT, actor: 'x', action: 'submit', target: 'Phường 1', before: null, after: null };
    const key = { accountId: 'a1', key: 'key-00000001', fingerprint: 'f', status: 200, body: { ok: true }, at: AT };
    writeFileSync(
      path.join(dir, FORMAT_2_FILE),
      JSON.stringify({ format: 2, round, submissions: [], scores: [score(1)], extensions: { 'Phường 2': AT }, refusals: [], rounds: [], accounts: [], logged: { audit: 1, idempotency: 1 } }),
    );
    // A second audit record past `logged`: a change the old store never committed.
    writeFileSync(path.join(dir, 'phuluc.audit.jsonl'), `${JSON.stringify(audit)}\n${JSON.stringify({ ...audit, action: 'never' })}\n`);
    writeFileSync(path.join(dir, 'phuluc.idempotency.jsonl'), `${JSON.stringify(key)}\n`);
    const store = await openLowdbStore(dir);
    expect(store.data.scores.map((s) => s.entryId)).toEqual(['e1']);
    expect(store.data.extensions).toEqual({ 'Phường 2': AT });
    expect(store.data.audit.map((a) => a.action)).toEqual(['submit']);
    expect(await store.idempotency('a1', 'key-00000001')).toEqual(key);
    await store.close();
    expect(readdirSync(dir)).not.toContain(FORMAT_2_FILE);
    expect(readdirSync(path.join(dir, FORMAT_2_BACKUP)).sort()).toEqual(['phuluc.audit.jsonl', 'phuluc.idempotency.jsonl', 'phuluc.json']);
    // Cut after the snapshot, before the old files were moved: they are moved now, and not read again.
    writeFileSync(path.join(dir, FORMAT_2_FILE), readFileSync(path.join(dir, FORMAT_2_BACKUP, FORMAT_2_FILE)));
    const again = await openLowdbStore(dir);
    expect(again.data.scores).toHaveLength(1);
    await again.close();
    expect(readdirSync(dir)).not.toContain(FORMAT_2_FILE);
  });

  test('the snapshot keeps scores as tables (format 4): every field comes back, a format-3 snapshot is still read and the next compaction rewrites it', async () => {
    const round = demoRound();
    const odd: Score = { ...score(1), points: JSON.parse('{"__proto__":3,"tiêu chí":1.5}'), comment: 'Rất tốt', stale: true, staleReason: 'withdrawn' };
    const kept = { round: { ...round, id: 'nam-truoc' }, submissions: [], scores: [score(7), { ...score(8), stale: true, staleReason: 'changed' as const }], extensions: {}, refusals: [] };
    const data = { format: 2 as const, round, submissions: [], scores: [score(0), odd, score(2)], extensions: {}, refusals: [], rounds: [kept], accounts: [], idempotency: [], audit: [] };
    await writeSnapshot(dir, data, 0);
    const text = readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 4, data: { scores: [], rounds: [{ kept: { reports: 0, scores: 2 } }] } });
    expect(text.match(/r1"/g)).toHaveLength(1); // a reviewer's id is written once, not with each score
    // A kept round's scores are a table in its own file.
    const keptText = readFileSync(path.join(dir, JSON.parse(text).data.rounds[0].kept.file), 'utf8');
    expect(JSON.parse(keptText).scores).toMatchObject({ reviewers: ['r7', 'r8'], entryId: ['e7', 'e8'] });
    const read = await onDisk(dir);
    expect(read.scores).toEqual(data.scores);
    expect(Object.keys(read.scores[1]?.points ?? {})).toEqual(['__proto__', 'tiêu chí']); // a criterion named like a prototype stays a criterion
    expect(read.rounds[0]?.scores).toEqual(kept.scores);
    // A folder of the last version: its format-3 snapshot is read, and compaction writes format 4.
    writeFileSync(path.join(dir, SNAPSHOT_FILE), JSON.stringify({ format: 3, through: 0, data }));
    const store = await openLowdbStore(dir, { compactAfterBytes: 2_000 });
    expect(store.data.scores).toEqual(data.scores);
    for (let i = 10; i < 30; i++) await store.write((tx) => tx.putScore(round.id, score(i)));
    await store.settled();
    expect(store.compactions).toBeGreaterThan(0);
    await store.close();
    expect(JSON.parse(readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8')).format).toBe(4);
    expect((await onDisk(dir)).scores.map((s) => s.entryId)).toEqual([...data.scores, ...Array.from({ length: 20 }, (_, i) => score(i + 10))].map((s) => s.entryId));
  });

  test('a score table that does not hold together stops start-up with a clear message, and the file is kept', async () => {
    const store = await openLowdbStore(dir);
    await store.close();
    await writeSnapshot(dir, { ...(await onDisk(dir)), scores: [score(0), score(1)] }, 0);
    const file = path.join(dir, SNAPSHOT_FILE);
    type Snapshot = { scores: Array<Record<string, unknown[]>> };
    const column = (s: Snapshot, name: string) => s.scores[0]?.[name] as unknown[];
    const damages: Array<(s: Snapshot) => unknown> = [
      (s) => (column(s, 'reviewer')[1] = 5), // a reviewer past the list
      (s) => column(s, 'comment').pop(), // a column cut short
      (s) => column(s, 'points').pop(), // a score's points cut short
      (s) => s.scores.push(s.scores[0] as Snapshot['scores'][number]), // a table for a round that is not there
      (s) => (column(s, 'entryFingerprint')[0] = 7), // a fingerprint that is not text: the data schema's own check
    ];
    const snapshot = readFileSync(file, 'utf8');
    for (const damage of damages) {
      const damaged = JSON.parse(snapshot) as Snapshot;
      damage(damaged);
      writeFileSync(file, JSON.stringify(damaged));
      await expect(openLowdbStore(dir)).rejects.toThrow(/không đúng cấu trúc.*không ghi đè/);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(damaged);
    }
  });

  test('a second store on the same folder refuses to open while the first is open', async () => {
    const first = await openLowdbStore(dir);
    await expect(openLowdbStore(dir)).rejects.toBeInstanceOf(FolderLockedError);
    await first.close();
    const again = await openLowdbStore(dir);
    await again.close();
  });

  test('a corrupt snapshot stops start-up with a clear message and is never overwritten', async () => {
    const file = path.join(dir, SNAPSHOT_FILE);
    writeFileSync(file, '{"format": 3, "through": ');
    await expect(openLowdbStore(dir)).rejects.toThrow(StoreLoadError);
    await expect(openLowdbStore(dir)).rejects.toThrow(/bị hỏng.*không ghi đè/);
    expect(readFileSync(file, 'utf8')).toBe('{"format": 3, "through": ');
    writeFileSync(file, JSON.stringify({ format: 3, through: 0, data: { format: 2, round: demoRound(), accounts: 'none' } }));
    await expect(openLowdbStore(dir)).rejects.toThrow(/không đúng cấu trúc/);
  });

  test('the server command refuses a corrupt data folder with the message and exit status 1', () => {
    writeFileSync(path.join(dir, SNAPSHOT_FILE), 'không phải JSON');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'phuluc.js'), 'serve', '--port', '0', '--data', dir], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bị hỏng/);
    expect(readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8')).toBe('không phải JSON');
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

    await onDisk(dir); // the folder reads
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
