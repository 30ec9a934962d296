/** `phuluc validate` as DESIGN §5 states it, run as a real process on the fixture workbooks. */
import { runCli } from '../helpers/cli';
import { FIXTURES, REPORTS, report } from '../helpers/paths';

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
