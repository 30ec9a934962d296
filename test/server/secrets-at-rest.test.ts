/**
 * No secret at rest (issue #27): a new account's token is shown once and kept nowhere in the data
 * folder, not even in the answer kept for a retried request; tokens an earlier version kept there
 * are purged on start.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { openLowdbStore, type LowdbStore } from '../../server/store';
import { auth, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

/** Every file of the data folder, as text. */
function folderText(dir: string): string {
  let all = '';
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    all += statSync(file).isDirectory() ? folderText(file) : readFileSync(file, 'latin1');
  }
  return all;
}

test('a new account’s token is nowhere in the data folder; a retried creation answers the account and says the code was shown once', async () => {
  const create = () => request(s.app).post('/api/accounts').set(auth(s.tokens.admin)).set('Idempotency-Key', 'tao-tai-khoan-1').send({ role: 'officer', unit: 'Phường 3', name: 'Lê Văn C' });
  const made = await create().expect(201);
  const token = made.body.token as string;
  expect(token).toMatch(/^pl_/);
  const replay = await create().expect(201);
  expect(replay.headers['idempotent-replay']).toBe('true');
  expect(replay.body.account.id).toBe(made.body.account.id);
  expect(replay.body.token).toBeNull();
  expect(replay.body.tokenNote).toMatch(/chỉ hiển thị một lần/);
  await s.store.close();
  s.store = await openLowdbStore(s.dir);
  expect(folderText(s.dir)).not.toContain(token);
  expect(s.store.data.accounts.some((a) => a.name === 'Lê Văn C')).toBe(true);
});

test('tokens an earlier version kept in the folder are purged on start, and the replay no longer carries them', async () => {
  const token = `pl_${'A'.repeat(43)}`;
  // What an earlier version wrote: the whole answer, token included.
  await s.store.write((tx) =>
    tx.addIdempotency({ accountId: 'admin-cu', key: 'khoa-cu-123', fingerprint: 'f', status: 201, body: { account: { id: 'x' }, token }, at: '2024-08-20T03:00:00.000Z' }),
  );
  await s.store.close();
  expect(folderText(s.dir)).toContain(token);
  const reopened: LowdbStore = await openLowdbStore(s.dir);
  s.store = reopened;
  await reopened.settled();
  expect(folderText(s.dir)).not.toContain(token);
  expect((await reopened.idempotency('admin-cu', 'khoa-cu-123'))?.body).toEqual({ account: { id: 'x' }, token: null, tokenNote: expect.stringMatching(/một lần/) });
  // And it stays purged across another restart.
  await reopened.close();
  s.store = await openLowdbStore(s.dir);
  expect(folderText(s.dir)).not.toContain(token);
});
