/**
 * The browser page Nộp báo cáo under jsdom against a real server on loopback: signing in, the
 * window before anything is chosen, and the clear messages for tokens that cannot use the page.
 * (The whole flow with files runs in Chromium: test/e2e/upload-page.test.ts.)
 */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Server } from 'node:http';
import { UploadPage } from '../../addin/upload-page/UploadPage';
import { saveConnection } from '../../addin/sync/settings';
import { closeListener, listen, urlOf } from '../helpers/pane';
import { testServer, type TestServer } from '../helpers/server';

let s: TestServer;
let server: Server;
beforeEach(async () => {
  localStorage.clear();
  s = await testServer();
  server = await listen(s);
});
afterEach(async () => {
  await closeListener(server);
  await s.close();
});

const DAY = 24 * 60 * 60 * 1000;
const renderPage = (now = new Date()) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <UploadPage deps={{ storage: localStorage, serverUrl: urlOf(server), now: () => now }} />
    </FluentProvider>,
  );

async function signIn(token: string) {
  fireEvent.change(screen.getByLabelText('Mã truy cập của đơn vị'), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Đăng nhập' }));
}

test('an officer signs in and sees the unit’s deadline before choosing a file; the token is remembered', async () => {
  const opens = new Date(s.store.data.round.window.opens);
  renderPage(new Date(opens.getTime() + DAY));
  await signIn(s.tokens.officer1);
  await screen.findByText(/^Phường 1 · /);
  expect(screen.getByText(/^Hạn nộp \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(còn \d+ ngày\)\.$/)).toBeTruthy();
  expect(JSON.parse(localStorage.getItem('phuluc.connection') ?? 'null')).toEqual({ serverUrl: urlOf(server), token: s.tokens.officer1 });
});

test('after the deadline the officer is told plainly, and whom to ask, before choosing a file', async () => {
  saveConnection(localStorage, { serverUrl: urlOf(server), token: s.tokens.officer1 });
  renderPage(new Date(Date.parse(s.store.data.round.window.closes) + DAY));
  expect(await screen.findByText('Đã hết hạn nhận báo cáo')).toBeTruthy();
  expect(screen.getByText(/Hạn nộp của Phường 1 là .*liên hệ Phòng Nội vụ xin gia hạn/)).toBeTruthy();
});

test('before the window opens the officer is told when it opens', async () => {
  saveConnection(localStorage, { serverUrl: urlOf(server), token: s.tokens.officer1 });
  renderPage(new Date(Date.parse(s.store.data.round.window.opens) - DAY));
  expect(await screen.findByText('Chưa đến thời gian nhận báo cáo')).toBeTruthy();
});

test('an empty token, a wrong token and a reviewer’s token each get a clear message, and nothing is remembered', async () => {
  renderPage();
  await signIn('');
  expect(await screen.findByText(/Hãy nhập mã truy cập do cơ quan tổ chức đợt báo cáo cấp/)).toBeTruthy();
  await signIn(`pl_${'x'.repeat(40)}`);
  expect(await screen.findByText(/Mã truy cập không đúng hoặc đã bị thu hồi/)).toBeTruthy();
  await signIn(s.tokens.reviewer);
  expect(await screen.findByText(/Mã này là của thành viên Hội đồng chấm/)).toBeTruthy();
  expect(localStorage.getItem('phuluc.connection')).toBeNull();
});

test('a remembered token that was revoked or mistyped sends the officer back to sign in, with why', async () => {
  saveConnection(localStorage, { serverUrl: urlOf(server), token: `pl_${'y'.repeat(40)}` });
  renderPage();
  expect(await screen.findByText(/Mã truy cập đã lưu không còn dùng được/)).toBeTruthy();
  expect(screen.getByLabelText('Mã truy cập của đơn vị')).toBeTruthy();
  expect(localStorage.getItem('phuluc.connection')).toBeNull();
});
