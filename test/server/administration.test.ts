/**
 * Live administration (issue #16) on the embedded store: the Quản trị suite
 * (administration-suite.ts), then a restart that keeps every round, account and refusal, and a
 * folder of the first format upgraded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoRound } from '../../core/rounds/round';
import { FORMAT_2_FILE, openLowdbStore } from '../../server/store';
import { entries, NOW, onDisk } from '../helpers/server';
import { describeAdministration } from './administration-suite';

describeAdministration('administration on lowdb', undefined, (context) => {
  describe('a restart', () => {
    test('after a restart every round, account and refusal is still there; a data folder of the first format is upgraded', async () => {
      const { s, as, nextYear } = context;
      const admin = as(s.tokens.admin);
      await as(s.tokens.officer1).put('/api/submissions/Phường 1', { entries: entries('Phường 1', ['Hồ sơ không hẹn']) }).expect(200);
      await admin.post('/api/rounds', nextYear()).expect(201);
      await s.store.close();
      const reopened = await openLowdbStore(s.dir);
      try {
        expect(reopened.data.rounds.map((r) => r.round.id)).toEqual(['quan-3-2025']);
        expect(reopened.data.submissions).toHaveLength(1);
      } finally {
        await reopened.close();
      }
      // A folder written before several rounds existed (format 1, one file) is migrated, nothing lost.
      const oldDir = mkdtempSync(path.join(tmpdir(), 'phuluc-format-1-'));
      const { rounds: _r, refusals: _f, audit: _a, idempotency: _i, ...formatOne } = { ...(await onDisk(s.dir)), format: 1 };
      writeFileSync(path.join(oldDir, FORMAT_2_FILE), JSON.stringify({ ...formatOne, logged: { audit: 0, idempotency: 0 } }));
      const upgraded = await openLowdbStore(oldDir);
      try {
        expect(upgraded.data.format).toBe(2);
        expect(upgraded.data.rounds).toEqual([]);
        expect(upgraded.data.submissions).toHaveLength(1);
        expect(upgraded.data.round.id).toBe(demoRound(NOW).id);
      } finally {
        await upgraded.close();
        rmSync(oldDir, { recursive: true, force: true });
      }
      s.store = await openLowdbStore(s.dir); // for afterEach
    });
  });
});
