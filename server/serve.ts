/**
 * Running the server: opens the store (demo round on a new data folder), creates the first admin
 * account when there is none, listens over HTTP or HTTPS, and shuts down gracefully, finishing
 * pending writes before the process ends.
 */
import { organiserWords } from '../core/rounds/organiser';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { addAccount } from './auth';
import { newLocalAdminSecret, openLocalAdmin } from './local-admin';
import { createApp, DEFAULT_STATIC_DIR } from './app';
import type { Round } from '../core/rounds/round';
import { defaultConnectionLimits, limitConnections, type ConnectionLimits } from './connections';
import { openLowdbStore, openPostgresStore, StoreLoadError, type Data, type Store } from './store';
import { summaryBuilder } from './summary-pool';
import { workbookReaders } from './xlsx/reader-pool';

export interface ServeOptions {
  port: number;
  host?: string;
  /** The lowdb data folder (the embedded default); unused when `database` is given. */
  dataDir: string;
  /** postgres://… : run on PostgreSQL instead, several processes on one database. */
  database?: string;
  /** PEM files; both given means HTTPS (Office requires it beyond localhost). */
  tlsCert?: string;
  tlsKey?: string;
  origins?: string[];
  logger?: Logger;
  staticDir?: string;
  /** The round for a new data folder (default: the demo round); a folder with another round refuses it. */
  round?: Round;
  connections?: Partial<ConnectionLimits>;
  /** The summary worker's first heap limit in MB (`--summary-heap`; default SUMMARY_HEAP.firstMb). */
  summaryHeapMb?: number;
}

export interface RunningServer {
  url: string;
  store: Store;
  /** The first admin's token when this start created it: shown once, never stored. */
  firstAdminToken: string | null;
  /** Where Excel installs the add-in from: this server's manifest over HTTPS; null on plain HTTP (Excel needs HTTPS). */
  manifestUrl: string | null;
  close(): Promise<void>;
}

/**
 * The HTTPS origin Excel reaches this server at, for the served manifest: PHULUC_URL when the
 * deployment set one, else localhost on this port (the development certificate is for localhost).
 */
function publicOrigin(port: number, host: string): string | undefined {
  if (process.env.PHULUC_URL) return new URL(process.env.PHULUC_URL).origin;
  const local = ['127.0.0.1', 'localhost', '0.0.0.0', '::1', '::'].includes(host);
  return local ? `https://localhost:${port}` : undefined;
}

/** A database URL as it may be shown and logged: without its password. */
export function databaseName(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The address could not be listened on (said in Vietnamese, as the data folder's faults are). */
export class ListenError extends Error {}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Cổng ${port} trên ${host} đang được một chương trình khác dùng (có thể là một máy chủ Phụ lục đang chạy). Hãy dừng chương trình đó, hoặc chạy với --port và một cổng khác.`;
    case 'EACCES':
      return `Không được phép mở cổng ${port} (các cổng dưới 1024 cần quyền quản trị máy). Hãy chọn cổng khác bằng --port, ví dụ 3000.`;
    case 'EADDRNOTAVAIL':
      return `Máy này không có địa chỉ ${host} (--host). Hãy dùng 127.0.0.1, 0.0.0.0 hoặc một địa chỉ của máy này.`;
    default:
      return `Không mở được cổng ${port} trên ${host} (${error.code ?? error.message}).`;
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: process.env.PHULUC_LOG_LEVEL ?? 'info' });
  // PHULUC_COMPACT_AFTER_BYTES: how long the journal grows before compaction (tests make it short).
  const compactAfterBytes = Number(process.env.PHULUC_COMPACT_AFTER_BYTES) || undefined;
  const round = options.round ? { round: options.round } : {};
  const store: Store = options.database
    ? await openPostgresStore(options.database, round)
    : await openLowdbStore(options.dataDir, {
        ...round,
        ...(compactAfterBytes ? { compactAfterBytes } : {}),
        // The journal is kept and folded next time; said, so that one growing for want of room (a full disk) is seen.
        onCompactionFailed: (reason) => logger.error({ reason: reason.slice(0, 500) }, 'compaction failed'),
      });
  const data = await store.read();
  if (options.round && data.round.id !== options.round.id) {
    await store.close();
    const where = options.database ? `Cơ sở dữ liệu ${databaseName(options.database)}` : `Thư mục dữ liệu ${options.dataDir}`;
    throw new StoreLoadError(
      `${where} đã có đợt báo cáo “${data.round.name}” (${data.round.id}); không thay bằng đợt “${options.round.name}”. Dùng ${options.database ? 'một cơ sở dữ liệu' : 'một thư mục dữ liệu'} mới cho đợt mới, hoặc tạo đợt mới trong thẻ Quản trị.`,
    );
  }
  const hasAdmin = (accounts: Readonly<Data>['accounts']) => accounts.some((a) => a.role === 'admin' && !a.revokedAt);
  // Checked again inside the change: servers starting together on one database make one admin, not one each.
  const firstAdminToken = hasAdmin(data.accounts)
    ? null
    : await store.write((tx) => (hasAdmin(tx.data.accounts) ? null : addAccount(tx, { role: 'admin', name: `Quản trị ${organiserWords(tx.data.round).secretariat}` }, new Date()).token));
  const secure = Boolean(options.tlsCert && options.tlsKey);
  const scheme = secure ? 'https' : 'http';
  const host = options.host ?? '127.0.0.1';
  const ownOrigin = `${scheme}://localhost:${options.port}`;
  const readers = workbookReaders();
  const summaries = summaryBuilder(options.summaryHeapMb ? { heapMb: options.summaryHeapMb } : {});
  let port = options.port;
  const localAdminSecret = newLocalAdminSecret();
  const app = createApp({
    localAdminSecret,
    ...(secure ? { manifestOrigin: () => publicOrigin(port, host) } : {}),
    store,
    logger,
    readers,
    summaries,
    origins: options.origins ?? [ownOrigin, `${scheme}://127.0.0.1:${options.port}`, 'https://localhost:3000'],
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
  });
  const server = secure
    ? https.createServer({ cert: readFileSync(options.tlsCert as string), key: readFileSync(options.tlsKey as string) }, app)
    : http.createServer(app);
  limitConnections(server, { ...defaultConnectionLimits(), ...options.connections });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    // Nothing left open behind the message: the process ends, the folder is free for the next try.
    await Promise.all([readers.close(), summaries.close()]);
    await store.close();
    throw new ListenError(listenProblem(error, host, options.port));
  });
  port = (server.address() as AddressInfo).port;
  // On PostgreSQL `phuluc admin --database` writes to the database itself, as any server does.
  const localAdmin = options.database ? { close: async () => undefined } : await openLocalAdmin(options.dataDir, localAdminSecret, app);
  let closing: Promise<void> | null = null;
  return {
    url: `${scheme}://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    store,
    firstAdminToken,
    manifestUrl: secure ? `${publicOrigin(port, host) ?? `https://${host}:${port}`}/manifest.xml` : null,
    close() {
      closing ??= (async () => {
        await localAdmin.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await readers.close();
        await summaries.close();
        await store.close(); // waits for the last write
      })();
      return closing;
    },
  };
}
