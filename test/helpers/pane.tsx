/** The task pane in jsdom against a real server on loopback: listening, rendering, clicking. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { officeExcel } from '../../addin/taskpane/actions';
import { App } from '../../addin/taskpane/App';
import { newWorkbook } from '../../addin/preview/excel-sim';
import { installExcel, type InstalledHost } from './excel-host';
import { testServer, type TestServer } from './server';
import { NOW } from './server';

/** The test server's app on 127.0.0.1 (`port` 0: any free one; the same port again to bring it back). */
export function listen(s: TestServer, port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const server = s.app.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export const closeListener = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
export const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** The whole task pane in Excel (the simulated host installed by the test), its storage jsdom's localStorage. */
export const renderPane = (url: string) =>
  render(
    <FluentProvider theme={webLightTheme}>
      <App host="excel" deps={{ excel: officeExcel, storage: localStorage, now: () => NOW, defaultServerUrl: url }} />
    </FluentProvider>,
  );

export const click = (name: string | RegExp) => fireEvent.click(screen.getByRole('button', { name }));

/** Clicks a button once it is enabled (the pane disables its buttons while Excel works). */
export async function clickWhenEnabled(name: string | RegExp) {
  await waitFor(() => expect(screen.getByRole('button', { name }).hasAttribute('disabled')).toBe(false));
  click(name);
}

/** The officer types into a sheet of the simulated workbook (Phụ lục unless said). */
export function typeInto(host: InstalledHost, cells: Record<string, string>, sheetName = 'Phụ lục') {
  const sheet = host.workbook.sheets.find((x) => x.name === sheetName)!;
  for (const [address, value] of Object.entries(cells)) {
    const col = address.charCodeAt(0) - 65;
    const row = Number(address.slice(1)) - 1;
    (sheet.values[row] ??= [])[col] = value;
  }
}

export interface PaneServer {
  s: TestServer;
  listener: Server;
  url: string;
  host: InstalledHost;
}

/**
 * Before each test: a real server on loopback, the simulated Excel host over an empty workbook,
 * the pane's storage cleared, and connected as `token(s)` when given; after each: stopped. The
 * returned function gives this test's fixture.
 */
export function usePaneServer(token?: (s: TestServer) => string): () => PaneServer {
  let fixture: PaneServer | undefined;
  beforeEach(async () => {
    const s = await testServer();
    const listener = await listen(s);
    const url = urlOf(listener);
    fixture = { s, listener, url, host: installExcel(newWorkbook()) };
    localStorage.clear();
    if (token) localStorage.setItem('phuluc.connection', JSON.stringify({ serverUrl: url, token: token(s) }));
  });
  afterEach(async () => {
    if (fixture?.listener.listening) await closeListener(fixture.listener);
    await fixture?.s.close();
  });
  return () => fixture as PaneServer;
}
