/**
 * Accessibility as a screen reader or keyboard user meets it (issue #28): axe-core (Deque's rules,
 * WCAG 2 A and AA) run in Chromium on the task pane's views at task-pane width (350 px) and on the
 * officers' page. No serious or critical violation is allowed. Fluent UI's focus sentinels (the
 * zero-size, aria-hidden "tabster dummy" inputs its focus management puts around a tab list) are
 * left out by selector: they exist to keep Tab inside a region and are documented by Fluent.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { connectPane, submitReport, useHarness } from './harness';

const harness = useHarness('accessibility', async (h) => {
  await submitReport(h, 'Phường 1', h.tokens.officer, ['Một cửa liên thông']);
});
const AXE_SOURCE = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** The serious and critical violations on the page as it is now. */
async function violations(page: Page): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  // Through the DevTools protocol, not a <script> tag: the pages' CSP rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run({ exclude: [['[data-tabster-dummy]']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

test('the task pane at 350 px: Cài đặt, Báo cáo, Quản trị (every section), Chấm điểm', async () => {
  const h = harness();
  const page = await h.openPane();
  await page.setViewportSize({ width: 350, height: 900 });
  expect(await violations(page)).toEqual([]);
  await connectPane(page, h.tokens.admin);
  expect(await violations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Báo cáo' }).click();
  expect(await violations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Quản trị' }).click();
  for (const section of ['Tiến độ', 'Tài khoản', 'Đợt báo cáo', 'Nhật ký']) {
    await page.getByRole('tab', { name: section }).click();
    expect({ section, violations: await violations(page) }).toEqual({ section, violations: [] });
  }
  // Nothing runs off the pane's edge at 320 px (the admin's tabs wrap).
  await page.setViewportSize({ width: 320, height: 900 });
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}${el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}: ${(el.textContent ?? '').slice(0, 40)}`),
  );
  expect(overflowing).toEqual([]);
  await page.close();

  const reviewer = await h.openPane();
  await reviewer.setViewportSize({ width: 350, height: 900 });
  await connectPane(reviewer, h.tokens.reviewer);
  await reviewer.getByRole('tab', { name: 'Chấm điểm' }).click();
  await reviewer.getByRole('button', { name: 'Lập phiếu chấm' }).click();
  await reviewer.getByRole('region', { name: /^Chấm: / }).waitFor();
  expect(await violations(reviewer)).toEqual([]);
  await reviewer.close();
});

test('Nộp báo cáo, signed out and signed in', async () => {
  const h = harness();
  const page = await h.context.newPage();
  await page.goto(`http://127.0.0.1:${h.port}/nop-bao-cao.html`);
  await page.getByLabel('Mã truy cập').waitFor();
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Mã truy cập').fill(h.tokens.officer);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText(/Phường 1/).first().waitFor();
  expect(await violations(page)).toEqual([]);
  await page.close();
});
