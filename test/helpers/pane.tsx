/** The task pane in jsdom against a real server on loopback: listening, rendering, clicking. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { officeExcel } from '../../addin/taskpane/actions';
import { App } from '../../addin/taskpane/App';
import type { TestServer } from './server';
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
