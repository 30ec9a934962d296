/**
 * The command line on PostgreSQL, as the IT staff run it: `phuluc migrate` of a real data folder
 * (verified by counts and checksums), `phuluc serve --database`, `phuluc admin --database` while
 * servers run. Real processes (npm run build first), a real PostgreSQL cluster.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { demoRound } from '../../core/rounds/round';
import { addAccount } from '../../server/auth';
import { openLowdbStore, openPostgresStore, type Data } from '../../server/store';
import { allRounds, tallyData } from '../../server/store/checksums';
import { runCli } from '../helpers/cli';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { exited, startServerProcessWithArgs } from '../helpers/process';
import { entries, POINTS } from '../helpers/server';

jest.setTimeout(120_000);

const AT = '2024-08-21T03:00:00.000Z';

/** A data folder as a year of use leaves it: two rounds, versions, an upload, scores, refusals, accounts, keys, audit. */
async function usedFolder(dir: string): Promise<{ data: Data; upload: string }> {
  const store = await openLowdbStore(dir);
  const first = (await store.read()).round.id;
  const upload = await store.withUpload(Buffer.from('sổ tính của Phường 1'), async (file) => {
    await store.write((tx) => {
      const stored = entries('Phường 1', ['Một cửa', 'Mã QR']).map((e, i) => ({ ...e, id: `p1-${i}`, row: 9 + i, stt: String(i + 1) }));
      tx.addSubmission(first, { unit: 'Phường 1', version: 1, submittedAt: AT, by: 'o1', source: 'xlsx', file, entries: stored, issues: [] });
      tx.addSubmission(first, { unit: 'Phường 1', version: 2, submittedAt: AT, by: 'o1', source: 'json', entries: stored.slice(0, 1), issues: [] });
    });
    return file;
  });
  await store.write((tx) => {
    addAccount(tx, { role: 'officer', unit: 'Phường 1' }, new Date(AT));
    addAccount(tx, { role: 'reviewer', unit: 'Phòng Tư pháp' }, new Date(AT));
    for (const [i, reviewer] of ['r1', 'r2', 'r3'].entries()) {
      tx.putScore(first, { id: `p1-0|${reviewer}`, entryId: 'p1-0', reviewerId: reviewer, unit: 'Phường 1', points: { ...POINTS, khaThi: i }, comment: 'Được', version: 1, updatedAt: AT, entryFingerprint: 'f', stale: i === 2, ...(i === 2 ? { staleReason: 'changed' as const } : {}) });
    }
    tx.putRefusal(first, { unit: 'Phường 2', at: AT, by: 'o2', errors: 3, reason: 'Thiếu tên mô hình' });
    tx.putExtension(first, 'Phường 3', '2024-10-01T00:00:00Z');
    tx.addIdempotency({ accountId: 'o1', key: 'key-00000001', fingerprint: 'f', status: 201, body: { version: 2 }, at: AT });
    tx.addAudit({ at: AT, actor: 'admin', action: 'extend', target: 'Phường 3', before: null, after: '2024-10-01T00:00:00Z' });
    const next = { ...demoRound(new Date('2025-08-20T03:00:00Z')), id: 'quan-3-2025', name: 'Đợt năm 2025' };
    tx.putRound(next);
    tx.activateRound(next.id);
  });
  const data = structuredClone(await store.read());
  // Compacted: the first round goes to a file of its own, which the copy reads.
  store.compactNow();
  await store.settled();
  await store.close();
  expect(readdirSync(dir).filter((n) => n.startsWith('phuluc-round-'))).toHaveLength(1);
  return { data, upload };
}

/** Rounds in a fixed order, so two stores' data compare whatever order they keep archived rounds in. */
const byRound = (data: Data) => allRounds(data).sort((a, b) => a.round.id.localeCompare(b.round.id));

describe('the command line on PostgreSQL', () => {
  const { newDatabase } = usePostgresCluster('cli');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'phuluc-migrate-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('phuluc migrate copies every record and upload, says the counts and checksums match, and the copy reads back as the folder', async () => {
    const { data, upload } = await usedFolder(dir);
    const url = await newDatabase();
    const run = await runCli(['migrate', '--from', dir, '--to', url]);
    expect(run.stderr).not.toMatch(/Lỗi không mong đợi/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Đợt báo cáo\s+2 →\s+2\s+khớp/);
    expect(run.stdout).toMatch(/Lần gửi báo cáo\s+2 →\s+2\s+khớp/);
    expect(run.stdout).toMatch(/Điểm chấm\s+3 →\s+3\s+khớp/);
    expect(run.stdout).toMatch(/Tài khoản\s+2 →\s+2\s+khớp/);
    expect(run.stdout).toMatch(/Tệp Excel đã gửi\s+1 →\s+1\s+khớp/);
    expect(run.stdout).toContain('Đã chuyển xong và kiểm tra');

    const copied = await openPostgresStore(url);
    try {
      let read = await copied.readWithScores();
      for (const id of copied.unreadRounds) read = await copied.read(id);
      expect(read.round.id).toBe('quan-3-2025');
      expect(byRound(read)).toEqual(byRound(data));
      expect(read.accounts).toEqual(data.accounts);
      expect(await copied.history()).toEqual({ idempotency: data.idempotency, audit: data.audit });
      expect(await copied.upload(upload)).toEqual(Buffer.from('sổ tính của Phường 1'));
    } finally {
      await copied.close();
    }

    const again = await runCli(['migrate', '--from', dir, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã có dữ liệu Phụ lục; chỉ chuyển vào một cơ sở dữ liệu trống');
  });

  test('a damaged upload stops the copy before anything is written', async () => {
    const { upload } = await usedFolder(dir);
    writeFileSync(path.join(dir, 'uploads', upload), 'hỏng');
    const url = await newDatabase();
    const run = await runCli(['migrate', '--from', dir, '--to', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Tệp gửi lên uploads/${upload} bị hỏng`);
    expect(run.stderr).toContain('Không có gì được ghi vào cơ sở dữ liệu.');
    const run2 = await runCli(['migrate', '--from', path.join(dir, 'không-có'), '--to', url]);
    expect(run2.code).toBe(1);
    expect(run2.stderr).toContain('Không thấy dữ liệu Phụ lục trong thư mục');
  });

  test('phuluc migrate into a database of a newer Phụ lục says so, and writes nothing', async () => {
    await usedFolder(dir);
    const url = await newDatabase();
    const made = await openPostgresStore(url);
    await made.close();
    const sql = new Client({ connectionString: url });
    await sql.connect();
    try {
      await sql.query('INSERT INTO phuluc_schema (version) VALUES (999)');
      const run = await runCli(['migrate', '--from', dir, '--to', url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Không chuyển được vào cơ sở dữ liệu PostgreSQL: cơ sở dữ liệu có lược đồ phiên bản 999');
      expect(run.stderr).not.toMatch(/Lỗi không mong đợi/);
      expect((await sql.query('SELECT count(*)::int AS n FROM phuluc_rounds')).rows[0].n).toBe(1);
    } finally {
      await sql.end();
    }
  });

  test('serve --database, and phuluc admin on the database while two servers run: a new token works on both, a revoked one on neither', async () => {
    const url = await newDatabase();
    // Started together on a new database: one of them makes the round and the first admin.
    const servers = await Promise.all([startServerProcessWithArgs(dir, ['--database', url]), startServerProcessWithArgs(dir, ['--database', url])]);
    try {
      expect(servers[0]!.stderr()).toContain(`cơ sở dữ liệu: ${url}`);
      // The token is printed after the line the start waits for, perhaps in a later chunk: waited for, not assumed there.
      const printedToken = () => servers.filter((s) => s.stderr().includes('Mã truy cập quản trị')).length;
      while (printedToken() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(printedToken()).toBe(1);
      const made = await runCli(['admin', 'token', '--database', url, '--role', 'officer', '--unit', 'Phường 1']);
      expect(made.code).toBe(0);
      expect(made.stdout).toContain('trên cơ sở dữ liệu');
      const token = made.stdout.trim().split('\n').at(-1) as string;
      const me = (s: { url: string }) => fetch(`${s.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      for (const s of servers) expect((await me(s)).status).toBe(200);
      const list = await runCli(['admin', 'list', '--database', url]);
      const id = /^(\S+)\s+Cán bộ/m.exec(list.stdout)?.[1] as string;
      expect(id).toBeTruthy();
      expect((await runCli(['admin', 'revoke', '--database', url, '--id', id])).code).toBe(0);
      for (const s of servers) expect((await me(s)).status).toBe(401);
    } finally {
      for (const s of servers) {
        s.child.kill('SIGTERM');
        await exited(s.child);
      }
    }
  });
});

describe('the copy check', () => {
  const data = (): Data => ({
    format: 2,
    round: demoRound(new Date(AT)),
    submissions: [],
    scores: [{ id: 'e1|r1', entryId: 'e1', reviewerId: 'r1', unit: 'Phường 1', points: { a: 1, b: 2 }, comment: '', version: 1, updatedAt: AT, entryFingerprint: 'f', stale: false }],
    extensions: {},
    refusals: [],
    rounds: [],
    accounts: [],
    idempotency: [],
    audit: ['one', 'two'].map((action) => ({ at: AT, actor: 'x', action, target: 't', before: null, after: null })),
  });

  test('the same records in another key order match; a changed point, or audit records in another order, do not', () => {
    const a = tallyData(data(), []);
    const reordered = data();
    reordered.scores[0]!.points = { b: 2, a: 1 };
    expect(tallyData(reordered, [])).toEqual(a);
    const changed = data();
    changed.scores[0]!.points.a = 3;
    expect(tallyData(changed, []).scores.checksum).not.toBe(a.scores.checksum);
    const swapped = data();
    swapped.audit.reverse();
    expect(tallyData(swapped, []).audit.checksum).not.toBe(a.audit.checksum);
    expect(tallyData(swapped, []).audit.count).toBe(2);
  });
});
