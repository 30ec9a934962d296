/** `phuluc validate` as DESIGN §5 states it, run as a real process on the fixture workbooks. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { roundSchema } from '../../core/rounds/round-schema';
import { accountForToken } from '../../server/auth';
import { openLowdbStore } from '../../server/store';
import { runCli } from '../helpers/cli';
import { exited, startServerProcessWithArgs } from '../helpers/process';
import { FIXTURES, REPORTS, report } from '../helpers/paths';

// Every test here starts real processes (phuluc, a server): on two shared cores that takes seconds.
jest.setTimeout(60_000);

describe('phuluc validate', () => {
  test('--json prints exactly one document in the contract shape', async () => {
    const run = await runCli(['validate', report('phuong-2.xlsx'), '--json']);
    expect(run.code).toBe(1); // phuong-2 has an error-severity finding
    const doc = JSON.parse(run.stdout);
    expect(doc.files).toHaveLength(1);
    const [file] = doc.files;
    expect(file).toMatchObject({ file: report('phuong-2.xlsx'), sheet: 'Phụ lục', error: null });
    expect(file.entries[0]).toMatchObject({
      row: 9,
      stt: '1',
      unit: 'Phường 2',
      title: 'Một hồ sơ - Hai kết quả',
      field: 'Cải cách thủ tục hành chính',
      note: '',
      sections: { thucTrang: expect.any(String), noiDung: expect.any(String), hieuQua: expect.any(String), tinhMoi: expect.any(String) },
    });
    expect(file.entries[1].sections.tinhMoi).toBeNull();
    expect(file.issues).toContainEqual(expect.objectContaining({ code: 'missing-section', severity: 'error', row: 10, cell: 'E10', section: 'tinhMoi' }));
  });

  test('exit 0 when no file has an error, with a readable report naming cells', async () => {
    const run = await runCli(['validate', report('phuong-9.xlsx'), report('phuong-3.xlsx')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('phuong-9.xlsx — trang “Phụ lục”: 2 mô hình, 0 lỗi, 1 cảnh báo');
    expect(run.stdout).toContain('A11');
    expect(run.stdout).toContain('Tổng cộng: 2 tệp, 4 mô hình, 0 lỗi, 3 cảnh báo.');
  });

  test('--json exits 0 too when no file has an error (each file\'s JSON is written by the reader thread, its findings read for the exit)', async () => {
    const run = await runCli(['validate', report('phuong-9.xlsx'), report('phuong-3.xlsx'), '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.files.map((f: { file: string }) => path.basename(f.file))).toEqual(['phuong-9.xlsx', 'phuong-3.xlsx']);
    expect(doc.files.flatMap((f: { issues: Array<{ severity: string }> }) => f.issues.map((i) => i.severity))).toEqual(['warning', 'warning', 'warning']);
  });

  test('a folder is read whole; a missing file is reported and the rest still read', async () => {
    const run = await runCli(['validate', REPORTS, `${FIXTURES}/khong-co.xlsx`, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.files).toHaveLength(17);
    expect(doc.files.at(-1).error).toMatchObject({ code: 'unreadable-file' });
    expect(doc.files.filter((f: { error: unknown }) => f.error === null)).toHaveLength(16);
  }, 60_000);

  test.each([[[]], [['validate']], [['validate', '--bogus', 'x.xlsx']], [['frobnicate']]])('usage error %j exits 2 with the usage in Vietnamese', async (args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Cách dùng:');
    expect(run.stdout).toBe('');
  });
});

test.each([
  [['validate', '--bogus', 'x.xlsx'], 'Không có tùy chọn --bogus.'],
  [['serve', '--port'], 'Tùy chọn --port cần một giá trị.'],
  [['serve', '--summary-heap', '100'], '--summary-heap phải là số MB nguyên, từ 256 đến 8192.'],
  [['round', '--demo', 'thua'], 'Lệnh này không nhận thêm “thua”.'],
])('a mistake in %j is told in Vietnamese', async (args, message) => {
  const run = await runCli(args);
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n')[0]).toBe(message);
});

test.each([['validate'], ['consolidate'], ['serve'], ['admin', 'token'], ['round']])('phuluc %s --help prints the usage and exits 0', async (...command) => {
  const run = await runCli([...command, '--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Cách dùng:');
});

describe('phuluc round and admin', () => {
  test('round --demo prints the demo round as JSON that --round can read back', async () => {
    const run = await runCli(['round', '--demo']);
    expect(run.code).toBe(0);
    const round = roundSchema.parse(JSON.parse(run.stdout));
    expect(round.units).toHaveLength(18);
    expect(round.units.map((u) => u.name)).toEqual(expect.arrayContaining(['Phường Võ Thị Sáu', 'Văn phòng HĐND và UBND quận', 'Phòng Giáo dục và Đào tạo']));
    expect(round.fields).toHaveLength(8);
    expect(round.rubric.criteria.reduce((n, c) => n + c.max, 0)).toBe(100);
  });

  test('admin token prints the token last, stores only its hash; list and revoke work', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-admin-'));
    try {
      const made = await runCli(['admin', 'token', '--data', dir, '--role', 'reviewer', '--unit', 'Phòng Văn hoá và Thông tin', '--name', 'Bà B']);
      expect(made.code).toBe(0);
      const token = made.stdout.trim().split('\n').at(-1)!;
      expect(token).toMatch(/^pl_[A-Za-z0-9_-]{43}$/);
      // The folder had no data: made now, and said so (a server on PostgreSQL would never see this account).
      expect(made.stderr).toContain(`Thư mục ${dir} chưa có dữ liệu nên đã được tạo mới`);
      expect(made.stderr).toContain('--database');
      const listed = await runCli(['admin', 'list', '--data', dir]);
      expect(listed.stderr).not.toContain('chưa có dữ liệu');
      expect(listed.stdout).toContain('Phòng Văn hóa và Thông tin');
      expect(listed.stdout).not.toContain(token);
      // Roles in Vietnamese, never the API's English names.
      expect(made.stdout).toContain('(thành viên hội đồng, Phòng Văn hóa và Thông tin)');
      expect(listed.stdout).toContain('Thành viên hội đồng');
      expect(`${made.stdout}${listed.stdout}`).not.toMatch(/\b(reviewer|officer|admin)\b/);
      const id = listed.stdout.split('\n').find((l) => l.includes('Bà B'))!.split(' ')[0]!;
      expect((await runCli(['admin', 'revoke', '--data', dir, '--id', id])).code).toBe(0);
      const store = await openLowdbStore(dir);
      try {
        expect(JSON.stringify(store.data)).not.toContain(token);
        expect(accountForToken(store.data.accounts, token)).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('admin token, list and revoke work while a server runs on the folder: through it, and at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-admin-live-'));
    const server = await startServerProcessWithArgs(dir, []);
    try {
      const made = await runCli(['admin', 'token', '--data', dir, '--role', 'officer', '--unit', 'Phường 3']);
      expect(made.code).toBe(0);
      expect(made.stdout).toContain('(qua máy chủ đang chạy)');
      const token = made.stdout.trim().split('\n').at(-1)!;
      const me = await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
      expect(((await me.json()) as { unit: string }).unit).toBe('Phường 3');

      const listed = await runCli(['admin', 'list', '--data', dir]);
      const id = listed.stdout.split('\n').find((l) => l.includes('Phường 3'))!.split(' ')[0]!;
      expect((await runCli(['admin', 'revoke', '--data', dir, '--id', id])).stdout).toContain('(qua máy chủ đang chạy)');
      expect((await fetch(`${server.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
      // A refusal by the server comes back as its Vietnamese message.
      const unknown = await runCli(['admin', 'token', '--data', dir, '--role', 'officer', '--unit', 'Phường 99']);
      expect([unknown.code, unknown.stderr.trim()]).toEqual([1, expect.stringContaining('Đơn vị “Phường 99” không có trong đợt báo cáo')]);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    // Stopped: the command line works on the folder again, and the server left no address behind.
    const after = await runCli(['admin', 'list', '--data', dir]);
    expect(after.code).toBe(0);
    expect(existsSync(path.join(dir, 'phuluc-admin.json'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  test('serve on a port another program holds: told so in Vietnamese, it ends with 1, its data folder free for the next try', async () => {
    const [held, other] = [mkdtempSync(path.join(tmpdir(), 'phuluc-port-')), mkdtempSync(path.join(tmpdir(), 'phuluc-port-'))];
    const server = await startServerProcessWithArgs(held, []);
    try {
      const port = new URL(server.url).port;
      const refused = await runCli(['serve', '--port', port, '--data', other]);
      expect([refused.code, refused.stderr.trim()]).toEqual([1, `Cổng ${port} trên 127.0.0.1 đang được một chương trình khác dùng (có thể là một máy chủ Phụ lục đang chạy). Hãy dừng chương trình đó, hoặc chạy với --port và một cổng khác.`]);
      // It ended (no lock left on its folder): a command on the folder works at once.
      expect((await runCli(['admin', 'list', '--data', other])).code).toBe(0);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
      for (const dir of [held, other]) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('admin token refuses an unknown unit (1) and a missing role (2), in Vietnamese', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-admin-'));
    try {
      const unknown = await runCli(['admin', 'token', '--data', dir, '--role', 'officer', '--unit', 'Phường 99']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('Đơn vị “Phường 99” không có trong đợt báo cáo');
      expect((await runCli(['admin', 'token', '--data', dir])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
