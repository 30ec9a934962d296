/**
 * Workbooks that cost a reader far more than their size (issue #11): each is refused with a clear
 * Vietnamese unreadable-file, read in a worker with bounded heap and time, while the server keeps
 * answering everyone else; the command line reports every file of a folder that holds them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { assignEntryIds, type StoredEntry } from '../../core/rounds/submission';
import { LIMITS } from '../../server/xlsx';
import { ReadAbandonedError, ReadersBusyError, workbookReaders } from '../../server/xlsx/reader-pool';
import { runCli } from '../helpers/cli';
import { cellsBomb, farCells, mergeBomb, repeatedTextBomb, sharedStringsBomb, stylesBomb } from '../helpers/hostile-workbooks';
import { report } from '../helpers/paths';
import { CONTENT_TYPES, makeZip } from '../helpers/zip';
import { reportWorkbook } from '../helpers/report-workbook';
import { auth, entries, entry, testServer, type TestServer } from '../helpers/server';

// Workers start and read real workbooks: generous on a busy two-core machine.
jest.setTimeout(60_000);

const CORPUS: Array<[string, () => Buffer, RegExp]> = [
  ['400 sheets, each with a cell in BH50000', () => farCells(400), /400 trang tính/],
  ['a shared-strings bomb', () => sharedStringsBomb(600_000), /đoạn chữ/],
  ['a styles bomb', () => stylesBomb(100_000), /kiểu định dạng ô/],
  ['a sheet of 600,000 cells', () => cellsBomb(12_000), /ô có dữ liệu/],
  ['a merged area over the whole sheet', () => mergeBomb(), /vùng gộp ô/],
];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The files test/server/hostile.test.ts reads on its own, sent to the server too. */
const EARLIER: Array<[string, () => Buffer, RegExp]> = [
  [
    'a zip bomb whose headers lie',
    () =>
      makeZip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES },
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(LIMITS.uncompressedBytes + 1024 * 1024, 0x20), declaredSize: 1024 },
      ]),
    /giải nén quá lớn/,
  ],
  ['random bytes', () => randomBytes(4096), /không phải là bảng tính Excel \.xlsx/],
  ['an old .xls', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(1024)]), /Excel cũ \(\.xls\)/],
];

describe('the reader threads', () => {
  const readers = workbookReaders();
  afterAll(() => readers.close());

  test.each(CORPUS)('%s is an unreadable-file that says which limit it passed', async (_name, make, message) => {
    const result = await readers.check('hostile.xlsx', make());
    expect(result.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(message) });
    expect(result.error!.message).toMatch(/Hãy chép bảng Phụ lục sang một bảng tính mới/);
  });

  test('memory follows the cells that exist: 100 sheets each with a cell in BH50000 are read in a small heap', async () => {
    const small = workbookReaders({ heapMb: 64 });
    try {
      const result = await small.check('xa.xlsx', farCells(100));
      expect(result.error).toMatchObject({ code: 'header-not-found' }); // read to the end: no report in it, no crash
    } finally {
      await small.close();
    }
  });

  test('a file that outlives its time is given up, and its worker replaced', async () => {
    const hurried = workbookReaders({ timeoutMs: 1 });
    try {
      const result = await hurried.check('cham.xlsx', readFileSync(report('phuong-1.xlsx')));
      expect(result.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(/quá lớn hoặc quá phức tạp/) });
    } finally {
      await hurried.close();
    }
  });

  test('a file that runs out of heap costs only its worker: the next file is read', async () => {
    const tight = workbookReaders({ heapMb: 24 });
    try {
      const result = await tight.check('lon.xlsx', cellsBomb(9_000));
      expect(result.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(/quá lớn hoặc quá phức tạp/) });
    } finally {
      await tight.close();
    }
    const good = await readers.check('phuong-1.xlsx', readFileSync(report('phuong-1.xlsx')));
    expect(good.entries).toHaveLength(3);
  });

  test('several files in one worker: the one that kills it is reported, the others are read again alone', async () => {
    const shared = workbookReaders({ workers: 1, perWorker: 3, heapMb: 64 });
    try {
      const good = readFileSync(report('phuong-1.xlsx'));
      const [a, bomb, b] = await Promise.all([shared.check('a.xlsx', good), shared.check('lon.xlsx', cellsBomb(9_000)), shared.check('b.xlsx', good)]);
      expect(bomb.error).toEqual({ code: 'unreadable-file', message: expect.stringMatching(/quá lớn hoặc quá phức tạp/) });
      expect(a.entries).toHaveLength(3);
      expect(b.entries).toHaveLength(3);
    } finally {
      await shared.close();
    }
  });

  test('a file that waited its longest for a worker is refused (try again), never held past its client’s patience; the file being read is answered', async () => {
    // 1 ms: far less than any read takes (a worker starts in more), so the second file always waits past it.
    const impatient = workbookReaders({ workers: 1, queueWaitMs: 1 });
    try {
      const bytes = readFileSync(report('phuong-1.xlsx'));
      const first = impatient.check('a.xlsx', bytes);
      await expect(impatient.check('b.xlsx', bytes)).rejects.toBeInstanceOf(ReadersBusyError);
      expect((await first).entries).toHaveLength(3);
    } finally {
      await impatient.close();
    }
  });

  test('a file whose client left leaves the queue, a file being read for a client who left is stopped, and the next file is read', async () => {
    const readers = workbookReaders({ workers: 1 });
    try {
      const bytes = readFileSync(report('phuong-1.xlsx'));
      const [left, waiting] = [new AbortController(), new AbortController()];
      const reading = readers.check('a.xlsx', bytes, {}, left.signal);
      const queued = readers.check('b.xlsx', bytes, {}, waiting.signal);
      waiting.abort();
      await expect(queued).rejects.toBeInstanceOf(ReadAbandonedError);
      left.abort();
      await expect(reading).rejects.toBeInstanceOf(ReadAbandonedError);
      expect((await readers.check('c.xlsx', bytes)).entries).toHaveLength(3);
      // A client already gone is never queued at all.
      await expect(readers.check('d.xlsx', bytes, {}, AbortSignal.abort())).rejects.toBeInstanceOf(ReadAbandonedError);
    } finally {
      await readers.close();
    }
  });

  test('past the queue, a file is refused at once rather than held', async () => {
    const few = workbookReaders({ workers: 1, queue: 1 });
    try {
      const bytes = readFileSync(report('phuong-1.xlsx'));
      const first = few.check('a.xlsx', bytes);
      const second = few.check('b.xlsx', bytes);
      await expect(few.check('c.xlsx', bytes)).rejects.toBeInstanceOf(ReadersBusyError);
      expect((await first).entries).toHaveLength(3);
      expect((await second).entries).toHaveLength(3);
    } finally {
      await few.close();
    }
  });
});

describe('the upload route under hostile workbooks', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(() => s.close());

  test('each hostile file is refused with its message while another client is answered without a long stall', async () => {
    const server = s.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const files = [...CORPUS, ...EARLIER].map(([, make, message]) => [make(), message] as const); // made first: making them takes this thread too
    /** The longest round trip of another client that asks again as soon as it is answered, while `work` runs. */
    const longestWait = async (work: () => Promise<void>): Promise<number> => {
      let running = true;
      let longest = 0;
      const other = (async () => {
        while (running) {
          const start = performance.now();
          const res = await fetch(`${base}/api/me`, { headers: auth(s.tokens.admin) });
          expect(res.status).toBe(200);
          longest = Math.max(longest, performance.now() - start);
        }
      })();
      try {
        await work();
      } finally {
        running = false;
        await other;
      }
      return longest;
    };
    const upload = (bytes: Buffer) =>
      fetch(`${base}/api/submissions/${encodeURIComponent('Phường 2')}/xlsx`, { method: 'POST', headers: { ...auth(s.tokens.officer2), 'Content-Type': XLSX }, body: new Uint8Array(bytes) });
    try {
      // Side by side on this machine as it is now: the same client while ordinary reports are uploaded…
      const fixture = readFileSync(report('phuong-1.xlsx'));
      const ordinary = await longestWait(async () => {
        for (let i = 0; i < 3; i++) await (await upload(fixture)).text();
      });
      // …and while the hostile files are.
      const hostile = await longestWait(async () => {
        for (const [bytes, message] of files) {
          const res = await fetch(`${base}/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`, {
            method: 'POST',
            headers: { ...auth(s.tokens.officer1), 'Content-Type': XLSX },
            body: new Uint8Array(bytes),
          });
          expect(res.status).toBe(422);
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.code).toBe('unreadable-file');
          expect(body.error.message).toMatch(message);
        }
      });
      // About a second at most (read on this thread, the worst took 25 s); a machine slow enough to
      // make an ordinary upload stall the client that long is judged against that instead.
      expect(hostile).toBeLessThan(Math.max(1_000, 5 * ordinary));
    } finally {
      server.close();
    }
    expect(s.store.data.submissions.filter((x) => x.unit === 'Phường 1')).toEqual([]);
  }, 120_000);

  test('an uploaded workbook has every limit of the JSON route: entries, text lengths, the STT', async () => {
    const many = await reportWorkbook('Phường 1', entries('Phường 1', Array.from({ length: 2_001 }, (_, i) => `Mô hình số ${i + 1}`)));
    const tooMany = await request(s.app).post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`).set(auth(s.tokens.officer1)).type(XLSX).send(many);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.issues).toContainEqual(expect.objectContaining({ code: 'too-many-entries', severity: 'error', message: expect.stringMatching(/^Báo cáo có hơn 2\.000 mô hình, quá giới hạn của một báo cáo; việc đọc dừng ở dòng 2009\./) }));

    const long = await reportWorkbook('Phường 1', [entry('Phường 1', 'Tên '.repeat(300).trim()), entry('Phường 1', 'Mô hình thứ hai', { row: 10, stt: '2'.repeat(25) })]);
    const tooLong = await request(s.app).post(`/api/submissions/${encodeURIComponent('Phường 1')}/xlsx`).set(auth(s.tokens.officer1)).type(XLSX).send(long);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'too-long', cell: 'C9', message: expect.stringMatching(/^Tên mô hình ở ô C9 dài 1\.199 ký tự, quá giới hạn 1\.000/) }),
        expect.objectContaining({ code: 'too-long', cell: 'A10', message: expect.stringContaining('Số thứ tự') }),
      ]),
    );
    expect(s.store.data.submissions).toEqual([]);
  });
});

test('text XML cannot carry never reaches the store, so the summary workbook stays readable', async () => {
  const s = await testServer();
  try {
    const res = await request(s.app)
      .put(`/api/submissions/${encodeURIComponent('Phường 1')}`)
      .set(auth(s.tokens.officer1))
      .send({ entries: [entry('Phường 1', 'Một cửa\uFFFF điện tử\u0001', { note: 'ghi\uD800chú' })] });
    expect(res.status).toBe(200);
    expect(s.store.data.submissions[0]!.entries[0]).toMatchObject({ title: 'Một cửa điện tử', note: 'ghichú' });
    const summary = await request(s.app).get('/api/summary.xlsx').set(auth(s.tokens.admin)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const readers = workbookReaders();
    try {
      const back = await readers.check('tong-hop.xlsx', summary.body as Buffer);
      expect(back.error?.code).not.toBe('unreadable-file');
    } finally {
      await readers.close();
    }
  } finally {
    await s.close();
  }
});

test('entry ids are assigned in linear time: a 20,000-entry resubmission takes a moment, not an hour', () => {
  const previous: StoredEntry[] = Array.from({ length: 20_000 }, (_, i) => ({ ...entry('Phường 1', `Mô hình ${i}`), id: `id-${i}` }));
  const incoming = previous.map(({ id: _id, ...rest }, i) => ({ ...rest, title: i % 2 === 0 ? `MÔ HÌNH  ${i}` : `Mới ${i}` }));
  let fresh = 0;
  const ids = assignEntryIds(previous, incoming, () => `new-${fresh++}`);
  expect(ids.filter((e, i) => i % 2 === 0 && e.id === `id-${i}`)).toHaveLength(10_000); // matched by normalised title
  expect(fresh).toBe(10_000);
});

describe('the command line over a folder of hostile workbooks', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'phuluc-hostile-corpus-'));
    CORPUS.forEach(([, make], i) => writeFileSync(path.join(folder, `${i}-hostile.xlsx`), make()));
    writeFileSync(path.join(folder, 'z-phuong-1.xlsx'), readFileSync(report('phuong-1.xlsx')));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test.each(['validate', 'consolidate'])('phuluc %s exits 1 with its JSON and reports the good file too', async (command) => {
    const args = command === 'validate' ? ['validate', folder, '--json'] : ['consolidate', folder, '-o', path.join(folder, 'out', 'tong-hop.xlsx'), '--json'];
    if (command === 'consolidate') {
      rmSync(path.join(folder, 'out'), { recursive: true, force: true });
      mkdirSync(path.join(folder, 'out'));
    }
    const run = await runCli(args);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as { files: Array<{ file: string; error: { code: string } | null; entries: unknown[] }> };
    expect(doc.files).toHaveLength(CORPUS.length + 1);
    for (const file of doc.files) {
      if (file.file.endsWith('z-phuong-1.xlsx')) expect(file.entries).toHaveLength(3);
      else expect(file.error?.code).toBe('unreadable-file');
    }
  }, 120_000);
});

test('LIMITS name every bound the guard checks', () => {
  expect(Object.keys(LIMITS).sort()).toEqual(
    ['cellFormats', 'cells', 'columns', 'elements', 'fileBytes', 'merges', 'rows', 'sharedStrings', 'sheets', 'styleBytes', 'textBytes', 'uncompressedBytes', 'zipEntries'].sort(),
  );
});

describe('answers bounded by what a report may hold (issue #27)', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await testServer();
  });
  afterEach(() => s.close());

  test('one long text repeated in 10,000 Ghi chú cells: the check answers a few megabytes and says where reading stopped', async () => {
    const bytes = repeatedTextBomb(10_000);
    expect(bytes.length).toBeLessThan(400_000);
    const res = await request(s.app).post('/api/check').set(auth(s.tokens.officer1)).type(XLSX).send(bytes);
    expect(res.status).toBe(200);
    // At most a report's worth of text (5,000,000 characters) and the table's picture, never a copy
    // per cell (335 MB before).
    expect(res.text.length).toBeLessThan(7_000_000);
    const [file] = res.body.files;
    expect(file.entries.length).toBeLessThan(200);
    expect(file.issues).toContainEqual(expect.objectContaining({ code: 'report-too-large', severity: 'error', message: expect.stringMatching(/việc đọc dừng ở dòng \d+/) }));
  });
});
