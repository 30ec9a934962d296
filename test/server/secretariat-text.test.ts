/**
 * The secretariat's own text is cleaned as the officers' is (issue #27): a control character typed
 * or pasted into a round's name, its organiser, a field, a unit or an account's name is gone before
 * it is stored, so the summary workbook and the .docx documents stay well-formed XML, and a folder
 * an earlier version wrote with one is cleaned as it loads.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { parseStringPromise } from 'xml2js';
import { demoRound } from '../../core/rounds/round';
import { openLowdbStore } from '../../server/store';
import { auth, entries, NOW, testServer, type TestServer } from '../helpers/server';

let s: TestServer;
beforeEach(async () => {
  s = await testServer();
});
afterEach(() => s.close());

const binary = (res: request.Response, cb: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const CONTROLS = '\u0000\u0001\u0008\u001F\uFFFE';

test('control characters in a round, its fields and units and an account are gone; the workbook and the documents parse', async () => {
  const demo = demoRound(NOW);
  const round = {
    ...demo,
    id: 'co-ky-tu-la',
    name: `Đợt${CONTROLS} 2025`,
    organiser: `Sở Nội vụ\u0007`,
    fields: demo.fields.map((f, i) => (i === 0 ? { name: `${f.name}\u0002` } : f)),
    units: demo.units.map((u, i) => (i === 0 ? { ...u, name: `${u.name}\u0003` } : u)),
  };
  const admin = (r: request.Test) => r.set(auth(s.tokens.admin));
  const made = await admin(request(s.app).post('/api/rounds')).send(round).expect(201);
  expect(made.body.round.name).toBe('Đợt 2025');
  expect(made.body.round.organiser).toBe('Sở Nội vụ');
  await admin(request(s.app).post(`/api/rounds/${round.id}/activate`)).expect(200);
  const account = await admin(request(s.app).post('/api/accounts')).send({ role: 'reviewer', name: `Lê\u0008 Văn\u001B C` }).expect(201);
  expect(account.body.account.name).toBe('Lê Văn C');
  expect(JSON.stringify(s.store.data.round)).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);

  await admin(request(s.app).put(`/api/submissions/${encodeURIComponent('Phường 2')}`)).send({ entries: entries('Phường 2', ['Một cửa']) }).expect(200);
  const workbook = await admin(request(s.app).get('/api/summary.xlsx')).buffer(true).parse(binary).expect(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook.body as unknown as ArrayBuffer);
  expect(book.worksheets.length).toBeGreaterThan(1);
  for (const name of ['bao-cao-ket-qua', 'danh-sach-khen-thuong']) {
    const doc = await admin(request(s.app).get(`/api/summary/documents/${name}`)).buffer(true).parse(binary).expect(200);
    const xml = await (await JSZip.loadAsync(doc.body as Buffer)).file('word/document.xml')!.async('string');
    await expect(parseStringPromise(xml)).resolves.toBeDefined();
  }
});

test('a folder an earlier version wrote with a NUL in a round’s name loads cleaned', async () => {
  const round = { ...s.store.data.round, name: 'Đợt\u0000 cũ' };
  await s.store.write((tx) => tx.putRound(round)); // as an earlier version stored it, unchecked
  await s.store.close();
  s.store = await openLowdbStore(s.dir);
  expect(s.store.data.round.name).toBe('Đợt cũ');
});
