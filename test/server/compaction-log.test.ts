/**
 * A compaction that fails is in the server's log, with its reason (it was dropped, and a journal
 * growing for want of room went unseen); the journal is kept and the server goes on.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startServer } from '../../server/serve';
import { segmentFile, type LowdbStore } from '../../server/store';
import { scoreRecord } from '../helpers/score';

test('a compaction that fails is logged with its reason, and the server goes on serving', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-compaction-log-'));
  const lines: string[] = [];
  const server = await startServer({ port: 0, dataDir: dir, logger: pino({ level: 'info' }, { write: (line: string) => void lines.push(line) }) });
  try {
    const store = server.store as LowdbStore;
    const id = (await store.read()).round.id;
    await store.write((tx) => tx.putScore(id, scoreRecord('e1', 'r1', 1)));
    // The journal damaged in place, as a disk's fault would: the compaction's worker cannot read it.
    const journal = path.join(dir, segmentFile(1));
    writeFileSync(journal, `x${readFileSync(journal, 'utf8').slice(1)}`);
    store.compactNow();
    await store.settled();
    const failed = lines.map((line) => JSON.parse(line) as { level: number; msg: string; reason?: string }).filter((l) => l.msg === 'compaction failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.level).toBe(50); // error
    expect(failed[0]!.reason).toContain(segmentFile(1));
    expect((await fetch(`${server.url}/api/me`)).status).toBe(401);
    await store.write((tx) => tx.putScore(id, scoreRecord('e2', 'r1', 1)));
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
