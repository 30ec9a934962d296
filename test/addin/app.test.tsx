/** The task pane shell under jsdom: what the officer sees while Excel connects, and outside Excel. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import { App } from '../../addin/taskpane/App';

const renderApp = (host: 'waiting' | 'excel' | 'other-host') =>
  render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} />
    </FluentProvider>,
  );

describe('task pane shell', () => {
  test('says it is connecting to Excel while Office.js is not ready', () => {
    renderApp('waiting');
    expect(screen.getByRole('heading', { name: 'Phụ lục' })).toBeTruthy();
    expect(screen.getByText('Đang kết nối với Excel…')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Hướng dẫn' }).getAttribute('href')).toBe('huong-dan.html');
  });

  test('explains in Vietnamese when opened outside Excel', () => {
    renderApp('other-host');
    expect(screen.getByText(/chỉ chạy trong Excel/)).toBeTruthy();
    // Where to check and send without Excel.
    expect(screen.getByRole('link', { name: 'Nộp báo cáo' }).getAttribute('href')).toBe('nop-bao-cao.html');
  });
});
