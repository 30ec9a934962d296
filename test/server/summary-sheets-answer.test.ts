/** The pane's Tổng hợp is sent what it writes (the sheets, the dashboard, what to settle), not every entry's record a second time. */
import request from 'supertest';
import { auth, entry, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeAll(async () => {
  s = await testServer();
});
afterAll(() => s.close());

test('the sheets answer holds the same tables and dashboard as the full JSON, in far fewer bytes', async () => {
  const long = (unit: string, i: number) => ({
    ...entry(unit, `Mô hình ${i} của ${unit}`),
    sections: { thucTrang: `Thực trạng ${i}: ${'người dân phải đi lại nhiều lần '.repeat(40)}`, noiDung: `Nội dung ${i}: ${'tiếp nhận hồ sơ trực tuyến '.repeat(40)}`, hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
  });
  for (const [token, unit] of [
    [s.tokens.officer1, 'Phường 1'],
    [s.tokens.officer2, 'Phường 2'],
  ] as const) {
    await request(s.app).put(`/api/submissions/${unit}`).set(auth(token)).send({ entries: [1, 2, 3].map((i) => long(unit, i)) }).expect(200);
  }
  const full = await request(s.app).get('/api/summary').set(auth(s.tokens.admin)).expect(200);
  const sheets = await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.admin)).expect(200);
  expect(sheets.body.tables).toEqual(full.body.tables);
  expect(sheets.body.dashboard).toEqual(full.body.dashboard);
  expect(sheets.body.provisional).toBe(true);
  expect(Object.keys(sheets.body.summary).sort()).toEqual(['divergent', 'underScored']);
  expect(sheets.body.summary.underScored).toBe(full.body.summary.underScored);
  expect(sheets.text.length).toBeLessThan(full.text.length * 0.7);
  expect((await request(s.app).get('/api/summary/sheets').set(auth(s.tokens.officer1))).status).toBe(403);
});
