/**
 * The README's sideloading path, as the server prints it (issue #19, item 10): a server with a
 * certificate prints the manifest's address, and every URL in the manifest it serves answers
 * from that same server; a server without one says that Excel needs HTTPS and which command gives
 * it, instead of printing a manifest whose addresses it does not serve.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { exited, startServerProcessWithArgs, type ServerProcess } from '../helpers/process';
import { CHROMIUM, eventually } from './harness';

const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-sideload-'));
const servers: ServerProcess[] = [];
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser.close();
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await exited(s.child);
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The line of the start banner that starts with `prefix`, once printed. */
async function bannerLine(server: ServerProcess, prefix: string): Promise<string> {
  let line = '';
  await eventually(
    async () => server.stderr(),
    (err) => {
      line = err.split('\n').find((l) => l.startsWith(prefix)) ?? '';
      expect(line).not.toBe('');
    },
  );
  return line;
}

test('with a certificate: the printed manifest is this server’s, and every URL in it answers', async () => {
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  const server = await startServerProcessWithArgs(path.join(dir, 'https-data'), ['--cert', cert, '--key', key]);
  servers.push(server);
  const port = new URL(server.url).port;
  const printed = await bannerLine(server, 'Cài vào Excel:');
  const manifestUrl = /tệp kê khai (https:\/\/\S+)/.exec(printed)?.[1];
  expect(manifestUrl).toBe(`https://localhost:${port}/manifest.xml`);

  // The browser Office would use: the self-signed certificate is the only thing it is told to accept.
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  const manifest = await (await page.request.get(manifestUrl!)).text();
  // Every address in an attribute (the pane, the function file, the help page, the icons, AppDomains).
  const urls = [...new Set([...manifest.matchAll(/="(https:\/\/[^"]+)"/g)].map((m) => m[1] as string))];
  expect(urls.length).toBeGreaterThanOrEqual(7);
  for (const url of urls) {
    expect(new URL(url).origin).toBe(`https://localhost:${port}`);
    const res = await page.request.get(url);
    expect([url, res.status()]).toEqual([url, 200]);
  }
  // The task pane itself loads from there.
  await page.goto(`https://localhost:${port}/taskpane.html`);
  await page.locator('#root').waitFor({ state: 'attached' });
  await context.close();
});

test('without a certificate: the banner says Excel needs HTTPS and which command serves it', async () => {
  const server = await startServerProcessWithArgs(path.join(dir, 'http-data'), []);
  servers.push(server);
  const printed = await bannerLine(server, 'Cài vào Excel:');
  expect(printed).toMatch(/Excel chỉ nạp phần bổ trợ qua HTTPS\. Chạy “npm run dev”.*https:\/\/localhost:3000\/manifest\.xml.*--cert và --key/);
  expect(printed).not.toContain(`${server.url}/manifest.xml`);
});
