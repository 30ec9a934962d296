// The README's pictures of the summary workbook, made the way a district makes the workbook: a real
// server on a temporary folder, the fixture reports uploaded, three reviewers scoring every entry,
// GET /api/summary.xlsx, then LibreOffice headless to PDF and pdftoppm to PNG (Debian's
// libreoffice-calc-nogui and poppler-utils). Run after `npm run build`:
//   node scripts/summary-pictures.mjs docs/
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'bin', 'phuluc.js');
const REPORTS = path.resolve(ROOT, '..', 'shared', 'fixtures', 'reports');
const out = path.resolve(process.argv[2] ?? 'docs');
const data = mkdtempSync(path.join(tmpdir(), 'phuluc-pictures-'));

const token = (...args) => execFileSync(process.execPath, [CLI, 'admin', 'token', '--data', data, ...args], { encoding: 'utf8' }).trim().split('\n').at(-1);
const admin = token('--role', 'admin');
const reviewers = [token('--role', 'reviewer', '--name', 'Giám khảo 1'), token('--role', 'reviewer', '--name', 'Giám khảo 2'), token('--role', 'reviewer', '--name', 'Giám khảo 3')];

const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', data], { env: { ...process.env, PHULUC_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve) => {
  let err = '';
  server.stderr.on('data', (c) => {
    err += c;
    const m = /đang chạy tại (http:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
});
const api = (method, route, token, body, type = 'application/json') =>
  fetch(`${url}${route}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) }, body: body && type === 'application/json' ? JSON.stringify(body) : body });

try {
  // Each fixture sent by its unit (as the admin, for the picture): the unit is what the consolidation reads in it.
  // (Exit status 1: some fixtures have errors on purpose; the JSON is on stdout all the same.)
  const consolidated = JSON.parse(spawnSync(process.execPath, [CLI, 'consolidate', REPORTS, '-o', path.join(data, 'email.xlsx'), '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout);
  const unitOf = new Map(consolidated.summary.entries.map((e) => [e.source, e.expectedUnit ?? e.unit]));
  for (const file of readdirSync(REPORTS).filter((f) => f.endsWith('.xlsx'))) {
    const unit = unitOf.get(file);
    if (!unit) continue;
    await api('POST', `/api/submissions/${encodeURIComponent(unit)}/xlsx`, admin, readFileSync(path.join(REPORTS, file)), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }
  const submissions = (await (await api('GET', '/api/submissions', admin)).json()).submissions;
  const ids = submissions.flatMap((s) => s.entries.map((e) => e.id));
  // Points that differ by entry and reviewer (deterministic), so ranks, prizes and spreads show.
  for (const [r, reviewer] of reviewers.entries()) {
    for (const [i, id] of ids.entries()) {
      const k = (i * 7 + r * 3) % 11;
      await api('PUT', `/api/scores/${id}`, reviewer, { points: { tinhMoi: 14 + k + r, hieuQua: 16 + ((k * 3) % 12), nhanRong: 9 + (k % 9), khaThi: 10 + ((k + r) % 9) } });
    }
  }
  const workbook = Buffer.from(await (await api('GET', '/api/summary.xlsx', admin)).arrayBuffer());
  const xlsx = path.join(data, 'tong-hop.xlsx');
  writeFileSync(xlsx, workbook);
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', data, xlsx], { stdio: 'ignore' });
  execFileSync('pdftoppm', ['-r', '80', '-png', path.join(data, 'tong-hop.pdf'), path.join(data, 'page')]);
  const pages = readdirSync(data).filter((f) => /^page-\d+\.png$/.test(f)).sort((a, b) => parseInt(a.slice(5), 10) - parseInt(b.slice(5), 10));
  // LibreOffice prints the sheets in order; which page holds which sheet is read from the PDF's text.
  const text = execFileSync('pdftotext', ['-layout', path.join(data, 'tong-hop.pdf'), '-'], { encoding: 'utf8' }).split('\f');
  const pageOf = (heading) => text.findIndex((t) => t.includes(heading));
  for (const [name, heading] of [
    ['tong-hop.png', 'BẢNG TỔNG HỢP MÔ HÌNH'],
    ['danh-sach-xep-hang.png', 'DANH SÁCH XẾP HẠNG MÔ HÌNH'],
    ['theo-don-vi.png', 'TỔNG HỢP THEO ĐƠN VỊ'],
    ['phan-bo-diem.png', 'PHÂN BỐ ĐIỂM'],
    ['giai-thuong.png', 'DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG'],
  ]) {
    const page = pageOf(heading);
    if (page < 0) throw new Error(`no page with ${heading}`);
    renameSync(path.join(data, pages[page]), path.join(out, name));
    console.log(`${name}: page ${page + 1}`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(data, { recursive: true, force: true });
}
