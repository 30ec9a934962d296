/**
 * An engine the bundle cannot run in (Office 2016/2019's Internet Explorer, the old Edge engine,
 * Safari before 13.1) gets a Vietnamese message instead of a blank pane (issue #12). Emulated in
 * Chromium: the features an old engine lacks removed before any script runs, or a bundle that does
 * not parse.
 */
import { useHarness } from './harness';

const harness = useHarness('dong-co-cu');
const MESSAGE = 'Phiên bản Excel này chưa chạy được ngăn Phụ lục';

test('an engine without ES2020 sees which Excel works and what to do', async () => {
  const h = harness();
  const page = await h.context.newPage();
  await page.addInitScript(() => {
    // What Internet Explorer 11 and EdgeHTML lack (and with them, optional chaining and ??).
    delete (Promise as unknown as Record<string, unknown>).allSettled;
    delete (String.prototype as unknown as Record<string, unknown>).replaceAll;
  });
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  await page.goto(`http://127.0.0.1:${h.port}/taskpane.html`);
  await page.getByText(MESSAGE).waitFor();
  await page.getByText(/Excel 2021, Excel 2024, Microsoft 365/).waitFor();
  await page.getByText(/trang Nộp báo cáo trên trình duyệt/).waitFor();
  // The page's address, written out to be typed into a browser, and that address serves the page.
  await page.getByText(`http://127.0.0.1:${h.port}/nop-bao-cao.html`).waitFor();
  expect((await fetch(`http://127.0.0.1:${h.port}/nop-bao-cao.html`)).status).toBe(200);
  expect(await page.getByRole('tab').count()).toBe(0); // the pane itself never started
  await h.screenshot(page, 'thong-bao');
  await page.close();
});

test('a bundle that does not parse in this engine is told the same way', async () => {
  const h = harness();
  const page = await h.context.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  await page.route(/\/taskpane\.[0-9a-f]+\.js$/, (route) => route.fulfill({ contentType: 'application/javascript', body: 'const a = b?.c ?? ;' }));
  await page.goto(`http://127.0.0.1:${h.port}/taskpane.html`);
  await page.getByText(MESSAGE).waitFor();
  await page.close();
});
