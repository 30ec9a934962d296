/** Reports sent to the real server (supertest over Express, a real lowdb file in a temp folder). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { report } from '../helpers/paths';
import { auth, entries, entry, NOW, testServer, type TestServer, onDisk } from '../helpers/server';
import { demoRound } from '../../core/rounds/round';
import { CONTENT_TYPES, makeZip } from '../helpers/zip';
import { LIMITS } from '../../server/xlsx';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const put = (unit: string, token: string, body: unknown) =>
  request(s.app).put(`/api/submissions/${encodeURIComponent(unit)}`).set(auth(token)).send(body as object);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it expects
const disk = (): Promise<any> => onDisk(s.dir);

describe('PUT /api/submissions/:unit', () => {
  test('a valid report becomes version 1, is on disk, and its ids come back', async () => {
    const res = await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Hồ sơ không hẹn', 'Mã QR']) });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(1);
    expect(res.body.entries).toEqual([{ id: expect.any(String), row: 9 }, { id: expect.any(String), row: 10 }]);
    const stored = (await disk()).submissions;
    expect(stored).toHaveLength(1);
    expect(stored[0].entries.map((e: { title: string }) => e.title)).toEqual(['Hồ sơ không hẹn', 'Mã QR']);
  });

  test('ids are stable across versions: sent back, or matched by normalised title, whatever the order', async () => {
    const first = await put('Phường 1', s.tokens.officer1, { entries: entries('Phường 1', ['Hồ sơ không hẹn', 'Mã QR', 'Tủ sách']) });
    const [a, b, c] = first.body.entries.map((e: { id: string }) => e.id);
    const second = await put('Phường 1', s.tokens.officer1, {
      entries: [
        entry('Phường 1', 'Tủ sách pháp luật', { id: c, row: 9 }),
        entry('Phường 1', 'HỒ SƠ  KHÔNG HẸN', { row: 10, stt: '2' }),
        entry('Phường 1', 'Mới hoàn toàn', { row: 11, stt: '3' }),
      ],
    });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(2);
    const ids = second.body.entries.map((e: { id: string }) => e.id);
    expect(ids[0]).toBe(c);
    expect(ids[1]).toBe(a);
    expect(ids[2]).not.toBe(b);
    expect(new Set([a, b, c, ids[2]]).size).toBe(4);
  });

  test('an error-severity finding is 422 with the issues, and nothing is stored', async () => {
    const bad = entry('Phường 1', 'Thiếu tính mới', { sections: { thucTrang: 'a', noiDung: 'b', hieuQua: 'c', tinhMoi: null } });
    const res = await put('Phường 1', s.tokens.officer1, { entries: [bad] });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid-report', message: expect.stringContaining('1 lỗi') });
    expect(res.body.issues).toContainEqual(expect.objectContaining({ code: 'missing-section', section: 'tinhMoi', cell: 'E9' }));
    expect((await disk()).submissions).toEqual([]);
  });

  test('an empty report is refused as no-entries; another unit named in an entry is wrong-unit', async () => {
    expect((await put('Phường 1', s.tokens.officer1, { entries: [] })).body.issues[0].code).toBe('no-entries');
    const res = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 2', 'Của phường khác')] });
    expect(res.status).toBe(422);
    expect(res.body.issues[0]).toMatchObject({ code: 'wrong-unit', cell: 'B9' });
    // The officer is told whose account sends it, and both ways out: sign in as the other unit, or fix the cell.
    expect(res.body.issues[0].message).toMatch(/nhưng báo cáo đang được gửi bằng tài khoản của Phường 1\. Nếu đây là báo cáo của .+: đăng nhập bằng mã của .+ \(Cài đặt → Xóa kết nối trên máy này, rồi nhập mã\)\. Nếu đây là báo cáo của Phường 1: sửa tên đơn vị ở ô B9\./);
  });

  test('a loosely written field is stored canonical, with the warning returned', async () => {
    const res = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một', { field: 'Cải cách TTHC' })] });
    expect(res.status).toBe(200);
    expect(res.body.issues).toEqual([expect.objectContaining({ code: 'field-normalized', canonical: 'Cải cách thủ tục hành chính' })]);
    expect((await disk()).submissions[0].entries[0].field).toBe('Cải cách thủ tục hành chính');
  });

  test('the unit in the path may be written any way; unknown units are 404', async () => {
    const res = await put('phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một')] });
    expect(res.status).toBe(200);
    expect((await put('Phường 99', s.tokens.admin, { entries: [] })).status).toBe(404);
  });

  test('outside the window an officer gets 403 with the dates; the admin can extend it for one unit', async () => {
    s.clock.now = new Date(Date.parse(s.store.data.round.window.closes) + 86_400_000);
    const late = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một')] });
    expect(late.status).toBe(403);
    expect(late.body.error.code).toBe('round-closed');
    expect(late.body.error.message).toMatch(/hết hạn.*\d{2}\/\d{2}\/\d{4}/);
    const until = new Date(s.clock.now.getTime() + 86_400_000).toISOString();
    expect((await request(s.app).put('/api/extensions/Phường 1').set(auth(s.tokens.admin)).send({ until })).status).toBe(200);
    expect((await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một')] })).status).toBe(200);
    expect((await put('Phường 2', s.tokens.officer2, { entries: [entry('Phường 2', 'Hai')] })).status).toBe(403);
  });

  test('If-Match: a stale version is 412 carrying the current record', async () => {
    await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một')] });
    const stale = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Hai')] }).set('If-Match', '"0"');
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ version: 1, unit: 'Phường 1' });
    const fresh = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Hai')] }).set('If-Match', '"1"');
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(2);
  });

  test('Idempotency-Key: a retry writes nothing and gets the first answer; another body is 409', async () => {
    const body = { entries: [entry('Phường 1', 'Một')] };
    const first = await put('Phường 1', s.tokens.officer1, body).set('Idempotency-Key', 'gui-bao-cao-0001');
    const again = await put('Phường 1', s.tokens.officer1, body).set('Idempotency-Key', 'gui-bao-cao-0001');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect((await disk()).submissions).toHaveLength(1);
    const other = await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Khác')] }).set('Idempotency-Key', 'gui-bao-cao-0001');
    expect(other.status).toBe(409);
    expect((await disk()).submissions).toHaveLength(1);
  });

  test('the audit log records who submitted what, before and after', async () => {
    await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Một')] });
    await put('Phường 1', s.tokens.officer1, { entries: [entry('Phường 1', 'Hai')] });
    const res = await request(s.app).get('/api/audit').set(auth(s.tokens.admin));
    const submits = res.body.audit.filter((a: { action: string }) => a.action === 'submit');
    expect(submits[1]).toMatchObject({ target: 'Phường 1', before: { version: 1, titles: ['Một'] }, after: { version: 2, titles: ['Hai'] } });
  });
});

describe('POST /api/submissions/:unit/xlsx', () => {
  const upload = (unit: string, token: string, bytes: Buffer, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') =>
    request(s.app).post(`/api/submissions/${encodeURIComponent(unit)}/xlsx`).set(auth(token)).set('Content-Type', type).send(bytes);

  test('a ward workbook is read, stored as a version, and kept as a file beside the data', async () => {
    const res = await upload('Phường 1', s.tokens.officer1, readFileSync(report('phuong-1.xlsx')));
    expect(res.status).toBe(200);
    expect(res.body.entries).toHaveLength(3);
    expect((await disk()).submissions[0]).toMatchObject({ source: 'xlsx', file: expect.stringMatching(/\.xlsx$/) });
    expect(readdirSync(path.join(s.dir, 'uploads'))).toEqual([(await disk()).submissions[0].file]);
    for (const name of readdirSync(s.dir).filter((n) => n.startsWith('phuluc-'))) expect(readFileSync(path.join(s.dir, name), 'utf8')).not.toContain('UEsDB'); // no workbook inside the data
  });

  test('a workbook with errors is 422 with the reader findings and cells', async () => {
    const res = await upload('Phường 2', s.tokens.officer2, readFileSync(report('phuong-2.xlsx')));
    expect(res.status).toBe(422);
    expect(res.body.issues).toContainEqual(expect.objectContaining({ code: 'missing-section', cell: 'E10' }));
  });

  test('a zip bomb is refused as unreadable-file, nothing stored; a wrong type is 415; too large is 413', async () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(LIMITS.uncompressedBytes + 1024, 0x20), declaredSize: 100 },
    ]);
    const res = await upload('Phường 1', s.tokens.officer1, bomb);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unreadable-file');
    expect((await disk()).submissions).toEqual([]);
    expect(readdirSync(path.join(s.dir, 'uploads'))).toEqual([]);
    expect((await upload('Phường 1', s.tokens.officer1, Buffer.from('a,b'), 'text/csv')).status).toBe(415);
    expect((await upload('Phường 1', s.tokens.officer1, Buffer.alloc(LIMITS.fileBytes + 10))).status).toBe(413);
  }, 30_000);
});

describe('bad input', () => {
  test.each([
    ['malformed JSON', (r: request.Test) => r.set('Content-Type', 'application/json').send('{"entries": ['), 400, 'bad-json'],
    ['unknown fields', (r: request.Test) => r.send({ entries: [], extra: 1 }), 400, 'bad-request'],
    ['an oversized body (over 10 MB)', (r: request.Test) => r.send({ entries: [entry('Phường 1', 'x'.repeat(11 * 1024 * 1024))] }), 413, 'too-large'],
    ['a title over the limit', (r: request.Test) => r.send({ entries: [entry('Phường 1', 'x'.repeat(1001))] }), 400, 'bad-request'],
    ['a non-JSON content type', (r: request.Test) => r.set('Content-Type', 'text/plain').send('entries'), 415, 'unsupported-media-type'],
  ])('%s is refused with a Vietnamese message and no stack trace; nothing stored', async (_name, send, status, code) => {
    const res = await send(request(s.app).put('/api/submissions/Phường 1').set(auth(s.tokens.officer1)));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[àáảãạăâđêôơư]/i);
    expect(JSON.stringify(res.body)).not.toMatch(/\s+at\s+\S+\s+\(|node_modules/);
    expect((await disk()).submissions).toEqual([]);
  });
});

test('the same workbook uploaded twice at once is stored once as a file, as two versions', async () => {
  const s2 = await testServer();
  try {
    const bytes = readFileSync(report('phuong-1.xlsx'));
    const send = () =>
      request(s2.app)
        .post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`)
        .set(auth(s2.tokens.officer1))
        .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(bytes);
    const results = await Promise.all([send(), send()]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2]);
    expect(readdirSync(path.join(s2.dir, 'uploads'))).toHaveLength(1);
  } finally {
    await s2.close();
  }
});

describe('GET /api/submissions', () => {
  test("a round's hundreds of latest reports come whole, in the round's order, in pieces (not one string); an officer gets only their own", async () => {
    const demo = demoRound(NOW);
    const round = { ...demo, units: [...demo.units, ...Array.from({ length: 200 }, (_, n) => ({ id: `xã ${n + 1}`, name: `Xã ${n + 1}`, kind: 'xa' as const }))] };
    const big = await testServer(round);
    try {
      await big.store.write((tx) => {
        for (const [n, unit] of round.units.entries())
          for (const version of [1, 2]) tx.addSubmission(round.id, { unit: unit.name, version, submittedAt: NOW.toISOString(), by: 'x', source: 'json', entries: [{ ...entry(unit.name, `Mô hình ${n} bản ${version}`), id: `${n}-${version}` }], issues: [] });
      });
      const all = await request(big.app).get('/api/submissions').set(auth(big.tokens.admin)).expect(200);
      expect(all.headers['content-length']).toBeUndefined();
      expect(all.body.submissions.map((x: { unit: string; version: number }) => `${x.unit}@${x.version}`)).toEqual(round.units.map((u) => `${u.name}@2`));
      expect(all.body.submissions[150].entries[0]).toMatchObject({ id: '150-2', title: 'Mô hình 150 bản 2' });
      const own = await request(big.app).get('/api/submissions').set(auth(big.tokens.officer2)).expect(200);
      expect(own.body.submissions.map((x: { unit: string }) => x.unit)).toEqual(['Phường 2']);
    } finally {
      await big.close();
    }
  });
});
