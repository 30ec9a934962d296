/**
 * Several server processes on one PostgreSQL database (issue #18): 20 reviewers write through
 * two servers at once, each retry of an unanswered write going to the other server with the same
 * Idempotency-Key, while one server or the other is SIGKILLed and started again. Every write
 * acknowledged by either is there exactly once, and a retry that lands on the other server (also
 * one racing its first request) is a replay, never a second write.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { ROOT } from '../helpers/paths';
import { expectEachOnce, scoreOf, submitted, type Ack, type Write } from './acknowledged';
import { CLI, kill, serve, type Served } from './harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-pg-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `phuluc admin token --database …`: the token. */
function token(url: string, role: string, unit?: string): string {
  const out = execFileSync(process.execPath, [CLI, 'admin', 'token', '--database', url, '--role', role, ...(unit ? ['--unit', unit] : [])], { cwd: ROOT, encoding: 'utf8' });
  return out.trim().split('\n').at(-1) as string;
}

describe('two servers on one database', () => {
  const { newDatabase } = usePostgresCluster('faults');

  test('SIGKILL of one server or the other, 6 times, under 20 writers retrying across both: every acknowledged write is there exactly once', async () => {
    const url = await newDatabase();
    const start = () => serve(dir, { args: ['--database', url] });
    const servers: Served[] = [await start(), await start()];
    const officer = token(url, 'officer', 'Phường 2');
    const admin = token(url, 'admin');
    const reviewers = Array.from({ length: 20 }, () => token(url, 'reviewer', 'Phòng Tư pháp'));
    const ids = await submitted(servers[0]!, officer, 40);
    const acks: Ack[] = [];
    const unanswered = new Map<number, Write>();
    let n = 0;
    try {
      for (let cycle = 0; cycle < 6; cycle++) {
        const victim = cycle % 2;
        const alive = [true, true];
        const killAfter = 10 + Math.floor(Math.random() * 60);
        const enough = killAfter + 40; // writes go on through the survivor after the kill
        let answered = 0;
        await Promise.all(
          reviewers.map(async (reviewerToken, w) => {
            let at = w % 2; // the server this writer is talking to
            while (answered < enough) {
              const write = unanswered.get(w) ?? { key: `k-${randomUUID()}`, token: reviewerToken, entryId: ids[Math.floor(Math.random() * ids.length)] as string, khaThi: n++ % 21 };
              unanswered.set(w, write);
              if (!alive[at]) at = 1 - at;
              try {
                const res = await scoreOf(servers[at]!, write);
                if (res.status !== 200) throw new Error(`answered ${res.status}`);
                unanswered.delete(w);
                acks.push({ write, reviewerId: res.body.score.reviewerId, version: res.body.score.version, replay: res.replay });
                if (++answered === killAfter) {
                  alive[victim] = false;
                  await kill(servers[victim]!);
                }
              } catch {
                at = 1 - at; // the connection died with its server, or it was busy: the same write, with its key, to the other one
              }
            }
          }),
        );
        servers[victim] = await start();
      }
      for (const [, write] of unanswered) {
        const res = await scoreOf(servers[0]!, write);
        expect(res.status).toBe(200);
        acks.push({ write, reviewerId: res.body.score.reviewerId, version: res.body.score.version, replay: res.replay });
      }
      // A write sent to both servers at once (a retry racing its first request on another process): written once.
      for (let trial = 0; trial < 10; trial++) {
        const write = { key: `race-${randomUUID()}`, token: reviewers[trial] as string, entryId: ids[trial] as string, khaThi: trial };
        const both = await Promise.all(servers.map((s) => scoreOf(s, write)));
        expect(both.map((r) => r.status)).toEqual([200, 200]);
        expect(both.filter((r) => !r.replay)).toHaveLength(1);
        expect(both[0]!.body.score.version).toBe(both[1]!.body.score.version);
        acks.push({ write, reviewerId: both[0]!.body.score.reviewerId, version: both[0]!.body.score.version, replay: false });
      }
      // Earlier acknowledged writes retried on both servers: replays of the first answer, whichever server gave it.
      for (const earlier of acks.filter((a) => !a.replay).slice(0, 10)) {
        for (const s of servers) {
          const res = await scoreOf(s, earlier.write);
          expect(res).toMatchObject({ status: 200, replay: true });
          expect(res.body.score.version).toBe(earlier.version);
        }
      }
      expect(acks.length).toBeGreaterThan(300);
      await expectEachOnce(servers[0]!, admin, acks);
      await expectEachOnce(servers[1]!, admin, acks);
    } finally {
      for (const s of servers) await kill(s);
    }
  });
});
