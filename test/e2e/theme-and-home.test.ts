/**
 * Everyone (issue #19, item 12): the pane follows Office's dark theme, links its help page, and
 * the server's root page says what the product is and links each door.
 */
import { report } from '../helpers/paths';
import { connectPane, useHarness } from './harness';

const harness = useHarness('giao-dien');

test('in Office’s dark theme the pane is dark, its words still readable, and it links the help page', async () => {
  const h = harness();
  const page = await h.openPane(report('phuong-2.xlsx'), { dark: true });
  await connectPane(page, h.tokens.officer2);
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.getByText(/2 mô hình · 1 lỗi · 1 cảnh báo$/).waitFor();
  expect(await page.locator('[data-theme]').first().getAttribute('data-theme')).toBe('dark');
  const colours = await page.evaluate(() => {
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/\d+/g) ?? []).map(Number) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const title = document.querySelector('h1')!;
    return { body: luminance(getComputedStyle(document.body).backgroundColor), text: luminance(getComputedStyle(title).color) };
  });
  expect(colours.body).toBeLessThan(60);
  expect(colours.text).toBeGreaterThan(180);
  await h.screenshot(page, 'toi');
  expect(await page.getByRole('link', { name: 'Hướng dẫn' }).getAttribute('href')).toBe('huong-dan.html');
  await page.close();
});

test('the light theme stays light', async () => {
  const h = harness();
  const page = await h.openPane();
  await page.getByLabel('Mã truy cập').waitFor();
  expect(await page.locator('[data-theme]').first().getAttribute('data-theme')).toBe('light');
  await page.close();
});

test('the server’s root page says what it is and every link on it answers', async () => {
  const h = harness();
  const page = await h.context.newPage();
  await page.goto(`http://127.0.0.1:${h.port}/`);
  await page.getByRole('heading', { name: 'Phụ lục' }).waitFor();
  await page.getByText(/Máy chủ của đợt báo cáo mô hình, giải pháp, sáng kiến cải cách hành chính/).waitFor();
  const links = await page.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(links.map((l) => new URL(l).pathname).sort()).toEqual(['/huong-dan.html', '/manifest.xml', '/nop-bao-cao.html', '/xem-thu.html']);
  for (const link of links) expect([link, (await page.request.get(link)).status()]).toEqual([link, 200]);
  await page.close();
});
