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
import { api, connectPane, eventually, submitReport, typeCells, useHarness } from './harness';

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

/**
 * The serious and critical violations on the page as it is now, once its transitions have ended:
 * colours caught halfway through a fade (a tab's indicator, a section appearing) are no colours
 * anyone reads. Endless animations (a spinner) are not waited for.
 */
async function violations(page: Page): Promise<Array<{ id: string; help: string; targets: string[] }>> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
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

/**
 * Tab until the focused element's name is `name` (its aria-label, its label, or its text), as a
 * keyboard user reaches a control; throws when it cannot be reached.
 */
async function tabTo(page: Page, name: string | RegExp, most = 120): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as (HTMLElement & { labels?: NodeListOf<HTMLLabelElement> }) | null;
      if (!el) return '';
      return (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || '').trim();
    });
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`“${String(name)}” cannot be reached with Tab`);
}

/** The focused element's role and name. */
const focusedRoleAndName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { role: el?.getAttribute('role') ?? '', name: (el?.getAttribute('aria-label') || el?.innerText || '').trim() };
  });

/** A tab of a tab list as a keyboard user chooses it: Tab to the list (one stop), arrows along it, Enter. */
async function chooseTab(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 120 && (await focusedRoleAndName(page)).role !== 'tab'; i++) await page.keyboard.press('Tab');
  for (let i = 0; i < 12; i++) {
    const focused = await focusedRoleAndName(page);
    if (focused.role === 'tab' && focused.name === name) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`tab “${name}” cannot be reached with the arrow keys`);
}

/** Reaches `name` with Tab and presses Enter on it. */
async function press(page: Page, name: string | RegExp): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press('Enter');
}

/** The pane at task-pane width, connected with `token` typed and confirmed from the keyboard. */
async function paneByKeyboard(h: ReturnType<typeof harness>, token: string): Promise<Page> {
  const page = await h.openPane();
  await page.setViewportSize({ width: 350, height: 900 });
  await tabTo(page, 'Mã truy cập');
  await page.keyboard.type(token);
  await press(page, 'Kiểm tra kết nối');
  await page.getByText('Vai trò').waitFor();
  return page;
}

const FULL = '- Thực trạng: người dân chờ lâu.\n- Nội dung: quầy riêng.\n- Hiệu quả: giảm một nửa thời gian.\n- Tính mới: lần đầu áp dụng.';

test('from the keyboard alone: an officer connects, checks, fixes a field, and sends a second version after seeing what it changes', async () => {
  const h = harness();
  const page = await paneByKeyboard(h, h.tokens.officer);
  await chooseTab(page, 'Báo cáo');
  await press(page, 'Chèn mẫu Phụ lục');
  await page.getByText(/Đã chèn mẫu vào trang “Phụ lục”/).waitFor();
  // What is typed in Excel's cells (the workbook, not the pane).
  await typeCells(page, 'Phụ lục', { B9: 'Phường 1', C9: 'Một cửa liên thông', D9: 'Cải cách TTHC', E9: FULL });
  await press(page, 'Kiểm tra');
  await page.getByText('Trang “Phụ lục”: 1 mô hình · 0 lỗi · 1 cảnh báo').waitFor();
  await press(page, 'Sửa thành “Cải cách thủ tục hành chính”');
  await page.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();
  await press(page, 'Gửi báo cáo');
  // Phường 1 sent version 1 from another workbook: the conflict view, its choices by keyboard too.
  await page.getByLabel('Đã có phiên bản mới hơn trên máy chủ').waitFor();
  await press(page, 'Vẫn gửi bản của tôi (thay phiên bản 1)');
  await page.getByText('Máy chủ đã nhận báo cáo').waitFor();
  expect((await api<{ version: number }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`)).version).toBe(2);
  // A second version from this workbook: what it changes, then sent with Enter.
  await typeCells(page, 'Phụ lục', { C9: 'Một cửa liên thông không chờ' });
  await press(page, 'Kiểm tra');
  await page.getByText('Không còn lỗi. Có thể gửi báo cáo.').waitFor();
  await press(page, 'Gửi báo cáo');
  await page.getByText(/^Bản này sẽ thay phiên bản 2 đã gửi lúc .*: 1 mô hình sửa\.$/).waitFor();
  await press(page, 'Gửi và thay phiên bản 2');
  await eventually(() => api<{ version: number }>(h, `/api/submissions/${encodeURIComponent('Phường 1')}`), (held) => expect(held.version).toBe(3));
  await page.close();
});

test('from the keyboard alone: a reviewer opens the score sheet, types the points and saves', async () => {
  const h = harness();
  const page = await paneByKeyboard(h, h.tokens.reviewer);
  await chooseTab(page, 'Chấm điểm');
  await press(page, 'Lập phiếu chấm');
  await page.getByRole('region', { name: 'Chấm: Một cửa liên thông' }).waitFor();
  for (const [label, value] of [[/^Tính mới/, '25'], [/^Hiệu quả/, '24'], [/^Khả năng nhân rộng/, '15'], [/^Tính khả thi/, '16']] as const) {
    await tabTo(page, label);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
  }
  await press(page, 'Lưu');
  await eventually(
    () => api<{ scores: Array<{ points: Record<string, number> }> }>(h, '/api/scores'),
    ({ scores }) => expect(scores.map((s) => s.points)).toEqual([{ tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 }]),
  );
  await page.close();
});
