/**
 * Nothing acknowledged is ever lost (issue #11): SIGKILL at random moments under 20 writers, a
 * retry racing its first request, a disk that fills. A 2xx — a replay included — means on disk.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SNAPSHOT_FILE } from '../../server/store';
import { createToken } from '../helpers/process';
import { expectEachOnce, scoreOf, submitted, type Ack, type Write } from './acknowledged';
import { call, kill, serve, stopped } from './harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['', {}],
  // A compaction every few commits, so kills land before, during and after them.
  [' while the journal is compacted every few commits', { PHULUC_COMPACT_AFTER_BYTES: '4000' }],
])('SIGKILL at random moments under 20 writers, 10 times%s: every acknowledged write, replays included, is there exactly once', async (_title, env: Record<string, string>) => {
  const officer = createToken(dir, 'officer', 'Phường 2');
  const admin = createToken(dir, 'admin');
  const reviewers = Array.from({ length: 20 }, () => createToken(dir, 'reviewer', 'Phòng Tư pháp'));
  let server = await serve(dir, { env });
  const ids = await submitted(server, officer, 40);
  const acks: Ack[] = [];
  // A write whose answer was lost with the process is retried with its key after the restart.
  const unanswered = new Map<number, Write>();
  let n = 0;
  for (let cycle = 0; cycle < 10; cycle++) {
    if (cycle > 0) server = await serve(dir, { env });
    const killAfter = 10 + Math.floor(Math.random() * 120);
    let answered = 0;
    let killed = false;
    const current = server;
    await Promise.all(
      reviewers.map(async (token, w) => {
        while (!killed) {
          const write = unanswered.get(w) ?? { key: `k-${randomUUID()}`, token, entryId: ids[Math.floor(Math.random() * ids.length)] as string, khaThi: n++ % 21 };
          unanswered.set(w, write);
          try {
            const res = await scoreOf(current, write);
            if (res.status !== 200) continue; // 503 while the disk is busy: retried with the same key
            unanswered.delete(w);
            acks.push({ write, reviewerId: res.body.score.reviewerId, version: res.body.score.version, replay: res.replay });
            if (++answered >= killAfter && !killed) {
              killed = true;
              await kill(current);
            }
          } catch {
            break; // the connection died with the process
          }
        }
      }),
    );
    await stopped(current.child);
  }
  server = await serve(dir, { env });
  try {
    for (const [, write] of unanswered) {
      const res = await scoreOf(server, write);
      expect(res.status).toBe(200);
      acks.push({ write, reviewerId: res.body.score.reviewerId, version: res.body.score.version, replay: res.replay });
    }
    // Retries of writes acknowledged before a kill: each is a replay of the stored answer, never applied again.
    for (const earlier of acks.filter((a) => !a.replay).slice(0, 5)) {
      const res = await scoreOf(server, earlier.write);
      expect(res).toMatchObject({ status: 200, replay: true });
      expect(res.body.score.version).toBe(earlier.version);
      acks.push({ ...earlier, replay: res.replay });
    }
    expect(acks.length).toBeGreaterThan(100);
    expect(acks.some((a) => a.replay)).toBe(true); // retries of writes that had landed before the kill
    await expectEachOnce(server, admin, acks);
    if (env.PHULUC_COMPACT_AFTER_BYTES) {
      // The journal the kills left is compacted by the last server (started with it long): wait for it.
      const through = () => JSON.parse(readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8')).through as number;
      while (through() === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await kill(server);
      server = await serve(dir, { env });
      await expectEachOnce(server, admin, acks); // the same after a restart from the new snapshot
    }
  } finally {
    await kill(server);
  }
});

test('a retry racing its first request is answered only once the first is on disk (10 trials with a kill on the first answer)', async () => {
  const officer = createToken(dir, 'officer', 'Phường 2');
  const reviewer = createToken(dir, 'reviewer', 'Phòng Tư pháp');
  let server = await serve(dir);
  const ids = await submitted(server, officer, 10);
  for (let trial = 0; trial < 10; trial++) {
    const write: Write = { key: `race-${trial}-${randomUUID()}`, token: reviewer, entryId: ids[trial] as string, khaThi: trial };
    const current = server;
    let acknowledged = false;
    const attempt = async () => {
      try {
        const res = await scoreOf(current, write);
        if (res.status === 200 && !acknowledged) {
          acknowledged = true;
          current.child.kill('SIGKILL'); // the moment the client hears 200, the server dies
        }
      } catch {
        // cut by the kill
      }
    };
    await Promise.all([attempt(), attempt()]);
    if (!acknowledged) current.child.kill('SIGKILL');
    await stopped(current.child);
    server = await serve(dir);
    const scores = (await call(server.url, 'GET', '/api/scores', reviewer)).body.scores as Array<{ entryId: string; points: { khaThi: number } }>;
    if (acknowledged) expect(scores.find((s) => s.entryId === write.entryId)?.points.khaThi).toBe(trial);
  }
  await kill(server);
});

/** A small filesystem of its own, or null where this process may not mount one. */
function smallDisk(folder: string): (() => void) | null {
  if (process.env.PHULUC_FAULTS_NO_MOUNT) return null; // to try the injected ENOSPC where mounting works
  try {
    mkdirSync(folder, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', folder], { stdio: 'ignore' });
    return () => execFileSync('umount', ['-l', folder], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

/** Fills the disk under `folder` to the last byte; returns the filler's path. */
function fill(folder: string): string {
  const filler = path.join(folder, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  const fd = openSync(filler, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return filler;
}

test('a disk that fills: the write is refused (503), its retry too, nothing half-written stays, and once space returns the store is writable', async () => {
  const mounted = path.join(dir, 'disk');
  const unmount = smallDisk(mounted);
  const data = unmount ? path.join(mounted, 'data') : path.join(dir, 'data');
  const flag = path.join(dir, 'disk-full');
  const preload = { NODE_OPTIONS: `--require ${path.join(__dirname, 'enospc-preload.js')}`, PHULUC_FAULT_DISK_FULL: flag };
  try {
    const officer = createToken(data, 'officer', 'Phường 2');
    const reviewer = createToken(data, 'reviewer', 'Phòng Tư pháp');
    let server = await serve(data, unmount ? {} : { env: preload });
    const ids = await submitted(server, officer, 5);
    const write: Write = { key: `full-${randomUUID()}`, token: reviewer, entryId: ids[0] as string, khaThi: 7 };

    const filler = unmount ? fill(mounted) : (writeFileSync(flag, ''), flag);
    const refused = await scoreOf(server, write);
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/chưa được lưu/);
    const retried = await scoreOf(server, write);
    expect(retried.status).toBe(503); // never "200 replay" for a write that is not on disk
    expect((await call(server.url, 'GET', '/api/scores', reviewer)).body.scores).toEqual([]);

    unlinkSync(filler);
    const landed = await scoreOf(server, write);
    expect(landed).toMatchObject({ status: 200, replay: false });
    const again = await scoreOf(server, { ...write, key: `full-${randomUUID()}`, khaThi: 8 });
    expect(again.status).toBe(200);
    await kill(server);
    server = await serve(data, unmount ? {} : { env: preload });
    const scores = (await call(server.url, 'GET', '/api/scores', reviewer)).body.scores as Array<{ entryId: string; version: number; points: { khaThi: number } }>;
    expect(scores).toEqual([expect.objectContaining({ entryId: ids[0], version: 2, points: expect.objectContaining({ khaThi: 8 }) })]);
    await kill(server);
    expect(readdirSync(data).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  } finally {
    unmount?.();
  }
});
