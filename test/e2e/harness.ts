/**
 * The browser harness: Debian's Chromium (never a downloaded browser) with a fresh profile, the
 * production task pane served by a real `phuluc serve` on loopback, and office.js answered with
 * page.route by the simulated Excel host (addin/preview/office-sim), over a workbook loaded from a
 * fixture .xlsx. Any page error fails the scenario; every step can leave a screenshot in
 * test-artifacts/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { newWorkbook, workbookToJson, type SimWorkbook } from '../../addin/preview/excel-sim';
// Types only: window.phulucSim, the simulated host the page exposes.
export type { PreviewHost } from '../../addin/preview/office-sim';
import { fixtureWorkbook } from '../helpers/fixture-workbook';
import { ROOT } from '../helpers/paths';
import { createToken, exited, startServerProcessWithArgs, type ServerProcess } from '../helpers/process';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const SIM = path.join(ROOT, 'dist', 'taskpane', 'office-sim.js');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

export interface Harness {
  dataDir: string;
  server: ServerProcess;
  port: number;
  tokens: Record<'admin' | 'officer' | 'officer2' | 'reviewer', string>;
  context: BrowserContext;
  errors: string[];
  /** Opens the task pane over `workbook` (a fixture file, or an empty workbook); `dark`: Office's theme is dark. */
  openPane(workbook?: string | SimWorkbook, options?: { dark?: boolean }): Promise<Page>;
  /** The page as it is (the whole page; `firstScreen`: what the pane shows without scrolling, for a long list). */
  screenshot(page: Page, name: string, options?: { firstScreen?: boolean }): Promise<void>;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(scenario: string): Promise<Harness> {
  if (!existsSync(SIM)) throw new Error('dist/taskpane/office-sim.js is missing: run npm run build first');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'phuluc-e2e-'));
  // The first start creates the folder and its round; accounts are made while it is stopped (one process owns a folder).
  let server = await startServerProcessWithArgs(dataDir, []);
  server.child.kill('SIGTERM');
  await exited(server.child);
  const tokens = {
    admin: createToken(dataDir, 'admin'),
    officer: createToken(dataDir, 'officer', 'Phường 1'),
    officer2: createToken(dataDir, 'officer', 'Phường 2'),
    reviewer: createToken(dataDir, 'reviewer', 'Phòng Tư pháp'),
  };
  server = await startServerProcessWithArgs(dataDir, []);
  const port = Number(new URL(server.url).port);

  const profile = mkdtempSync(path.join(tmpdir(), 'phuluc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 380, height: 900 }, locale: 'vi-VN' });
  const errors: string[] = [];
  mkdirSync(path.join(ARTIFACTS), { recursive: true });

  const harness: Harness = {
    dataDir,
    server,
    port,
    tokens,
    context,
    errors,
    async openPane(workbook, options = {}) {
      const start = typeof workbook === 'string' ? await fixtureWorkbook(workbook) : (workbook ?? newWorkbook());
      const sim = readFileSync(SIM, 'utf8');
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // Chromium logs every refused request; a server down (offline scenarios), a version conflict (412) and a refused report (422) are answers the pane handles.
        if (message.type() === 'error' && !/Failed to load resource: (net::ERR_CONNECTION_REFUSED|the server responded with a status of (412|422))/.test(message.text())) errors.push(`console: ${message.text()}`);
      });
      // office.js, answered by the simulated host (a route, so nothing else can overwrite it); nothing else leaves the machine.
      await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
      // (Playwright tries the routes last-registered first.)
      await page.route(OFFICE_JS, (route) =>
        route.fulfill({ contentType: 'application/javascript; charset=utf-8', body: `window.PHULUC_SIM_SETUP = ${JSON.stringify({ workbook: workbookToJson(start), dark: options.dark === true })};\n${sim}` }),
      );
      // A fresh task pane: nothing kept from an earlier scenario on this origin.
      await page.goto(`http://127.0.0.1:${harness.port}/huong-dan.html`);
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await page.goto(`http://127.0.0.1:${harness.port}/taskpane.html`);
      return page;
    },
    async screenshot(page, name, options = {}) {
      await page.screenshot({ path: path.join(ARTIFACTS, `${scenario}-${name}.png`), fullPage: options.firstScreen !== true });
    },
    async stopServer() {
      harness.server.child.kill('SIGTERM');
      await exited(harness.server.child);
    },
    async startServer() {
      harness.server = await startServerProcessWithArgs(dataDir, [], harness.port);
    },
    async close() {
      await context.close();
      harness.server.child.kill('SIGTERM');
      await exited(harness.server.child);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Cài đặt: the token typed and checked, until the pane shows who it belongs to. */
export async function connectPane(page: Page, token: string): Promise<void> {
  await page.getByLabel('Mã truy cập').fill(token);
  await page.getByRole('button', { name: 'Kiểm tra kết nối' }).click();
  await page.getByText('Vai trò').waitFor();
}

/** The user types each cell's value into `sheet` of the simulated workbook (Excel, not the pane), in order. */
export async function typeCells(page: Page, sheet: string, cells: Record<string, string>): Promise<void> {
  await page.evaluate(([name, values]) => {
    for (const [address, value] of Object.entries(values)) void window.phulucSim!.type(name, address, value);
  }, [sheet, cells] as const);
}

/** What the server holds, asked as the admin. */
export async function api<T>(h: Harness, pathname: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${h.port}${pathname}`, { headers: { Authorization: `Bearer ${h.tokens.admin}` } });
  if (!response.ok) throw new Error(`${pathname}: ${response.status}`);
  return (await response.json()) as T;
}

export interface PageSheet {
  name: string;
  visibility: string;
  values: unknown[][];
  fills: Record<string, string>;
  notes: Record<string, string>;
  hiddenColumns: number[];
}

/** The simulated workbook as the page holds it (maps as objects). */
export function workbookOf(page: Page): Promise<{ sheets: PageSheet[]; activeSheet: string; selection: { sheet: string; address: string } | null }> {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.phulucSim!.host.workbook, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v))));
}

/** Retries `check` on fresh values of `read` until it passes or `timeoutMs` runs out (the page works asynchronously). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check(await read());
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A scenario's harness: started before its tests, closed after; a page error fails the test it happened in. */
export function useHarness(scenario: string, setup?: (h: Harness) => Promise<void>): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(scenario);
    await setup?.(h);
  });
  afterAll(() => h?.close());
  afterEach(() => {
    expect(h?.errors.splice(0)).toEqual([]);
  });
  return () => h as Harness;
}

/** A unit's report sent through the API as its officer's pane would (every entry complete). */
export async function submitReport(h: Harness, unit: string, token: string, titles: string[]): Promise<void> {
  const body = {
    entries: titles.map((title, i) => ({
      row: 9 + i,
      stt: String(i + 1),
      unit,
      title,
      field: 'Cải cách thủ tục hành chính',
      sections: { thucTrang: 'Người dân chờ lâu.', noiDung: 'Quầy riêng.', hieuQua: 'Giảm một nửa thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
      note: '',
    })),
  };
  const res = await fetch(`http://127.0.0.1:${h.port}/api/submissions/${encodeURIComponent(unit)}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`report of ${unit}: ${res.status}`);
}
