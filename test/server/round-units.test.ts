/**
 * The round's units travel once (issue #31): /api/me names their version, GET /api/round/units
 * gives the list with that version as its ETag (304 to a pane that has it), and a change of the
 * round's units is a new version. A nation's 3,400 units were 200 KB in every /api/me.
 */
import request from 'supertest';
import { auth, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(async () => {
  await s.close();
});

test('/api/me names the units’ version; /api/round/units gives them to any account, and answers 304 to the version it has', async () => {
  const me = await request(s.app).get('/api/me').set(auth(s.tokens.officer1)).expect(200);
  expect(me.body.round.units).toBeUndefined();
  const version = me.body.round.unitsVersion as string;
  expect(version).toMatch(/^[A-Za-z0-9_-]{22}$/);
  for (const token of [s.tokens.officer1, s.tokens.reviewer, s.tokens.admin]) {
    const units = await request(s.app).get('/api/round/units').set(auth(token)).expect(200);
    expect(units.body).toEqual({ version, units: s.store.data.round.units });
    expect(units.headers.etag).toBe(`"${version}"`);
  }
  const again = await request(s.app).get('/api/round/units').set(auth(s.tokens.officer1)).set('If-None-Match', `"${version}"`).expect(304);
  expect(again.text).toBe('');
  expect((await request(s.app).get('/api/round/units')).status).toBe(401);
});

test('a unit added to the round is a new version: the old one is answered in full', async () => {
  const before = (await request(s.app).get('/api/me').set(auth(s.tokens.officer1))).body.round.unitsVersion as string;
  const round = s.store.data.round;
  const added = { ...round, units: [...round.units, { name: 'Phường Mới', kind: 'phuong' as const }] };
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send(added).expect(200);
  const after = (await request(s.app).get('/api/me').set(auth(s.tokens.officer1))).body.round.unitsVersion as string;
  expect(after).not.toBe(before);
  const units = await request(s.app).get('/api/round/units').set(auth(s.tokens.officer1)).set('If-None-Match', `"${before}"`).expect(200);
  expect(units.body.version).toBe(after);
  expect(units.body.units.map((u: { name: string }) => u.name)).toContain('Phường Mới');
});

test('the units’ contacts go to the secretariat only: an officer and a reviewer get names and ids, and a version of their own list', async () => {
  const round = s.store.data.round;
  const contact = { person: 'Trần Thị Mai', phone: '0912 345 678' };
  const withContact = { ...round, units: [...round.units, { name: 'Phường Mới', kind: 'phuong' as const, contact }] };
  await request(s.app).put(`/api/rounds/${round.id}`).set(auth(s.tokens.admin)).send(withContact).expect(200);
  const admin = (await request(s.app).get('/api/round/units').set(auth(s.tokens.admin)).expect(200)).body;
  expect(admin.units.find((u: { name: string }) => u.name === 'Phường Mới').contact).toEqual(contact);
  for (const token of [s.tokens.officer1, s.tokens.reviewer]) {
    const theirs = (await request(s.app).get('/api/round/units').set(auth(token)).expect(200)).body;
    expect(theirs.units.find((u: { name: string }) => u.name === 'Phường Mới')).toMatchObject({ name: 'Phường Mới' });
    expect(JSON.stringify(theirs)).not.toContain('0912 345 678');
    expect(theirs.version).not.toBe(admin.version);
    expect((await request(s.app).get('/api/me').set(auth(token))).body.round.unitsVersion).toBe(theirs.version);
  }
});
