/**
 * Where `phuluc admin` does its work: on the data folder itself when no server runs on it, or
 * through the running server's local admin socket when one does (server/local-admin.ts), so an
 * officer's account is made without stopping anyone's work. Both give the same answers.
 */
import { createAccount, LOCAL_ADMIN, publicAccount, revokeAccount, type NewAccount, type PublicAccount } from '../auth';
import { ApiError } from '../http';
import { localAdminRequest, readLocalAdmin, type LocalAdminEndpoint } from '../local-admin';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { FolderLockedError, FORMAT_2_FILE, openLowdbStore, openPostgresStore, SNAPSHOT_FILE, type Store } from '../store';

/** Whether a data folder holds a store's data already (either format). */
async function holdsData(dataDir: string): Promise<boolean> {
  for (const name of [SNAPSHOT_FILE, FORMAT_2_FILE]) if (await stat(path.join(dataDir, name)).catch(() => null)) return true;
  return false;
}

export interface AccountDesk {
  /** Where the work is done, for the clerk: "trên thư mục dữ liệu" or "qua máy chủ đang chạy". */
  via: string;
  /** Said to the clerk before the answer: a data folder made now, where the clerk may have expected one. */
  notice?: string;
  create(wanted: NewAccount): Promise<{ account: PublicAccount; token: string }>;
  list(): Promise<PublicAccount[]>;
  /** The revoked account, or null when there is none with that id. */
  revoke(id: string): Promise<PublicAccount | null>;
  close(): Promise<void>;
}

/** The command line acts as the server's local admin does, so the audit names it the same way. */
const CLI_ACTOR = LOCAL_ADMIN.id;

function storeDesk(store: Store): AccountDesk {
  return {
    via: 'trên thư mục dữ liệu',
    create: (wanted) => store.write((tx) => createAccount(tx, wanted, CLI_ACTOR, new Date())).then(({ account, token }) => ({ account: publicAccount(account), token })),
    list: async () => {
      const { accounts, round } = await store.read();
      return accounts.map((a) => publicAccount(a, round));
    },
    revoke: (id) => store.write((tx) => revokeAccount(tx, id, CLI_ACTOR, new Date())).then((a) => (a ? publicAccount(a) : null)),
    close: () => store.close(),
  };
}

/** The server's answer, or its Vietnamese message as an ApiError. */
async function ask(endpoint: LocalAdminEndpoint, method: string, path: string, body?: unknown): Promise<unknown> {
  const { status, body: answer } = await localAdminRequest(endpoint, method, path, body);
  if (status >= 200 && status < 300) return answer;
  const message = (answer as { error?: { message?: string } } | null)?.error?.message ?? `Máy chủ trả lời lỗi ${status}.`;
  throw new ApiError(status, 'server', message);
}

function serverDesk(endpoint: LocalAdminEndpoint): AccountDesk {
  return {
    via: 'qua máy chủ đang chạy',
    create: async (wanted) => (await ask(endpoint, 'POST', '/api/accounts', wanted)) as { account: PublicAccount; token: string },
    list: async () => ((await ask(endpoint, 'GET', '/api/accounts')) as { accounts: PublicAccount[] }).accounts,
    revoke: async (id) => {
      try {
        return ((await ask(endpoint, 'DELETE', `/api/accounts/${encodeURIComponent(id)}`)) as { account: PublicAccount }).account;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    close: async () => undefined,
  };
}

/**
 * The desk for a PostgreSQL database (written directly: every server on it sees the change at its
 * next request), or for a data folder: the folder, or the server that holds it.
 */
export async function openAccountDesk(where: { database: string } | { dataDir: string }): Promise<AccountDesk> {
  if ('database' in where) return { ...storeDesk(await openPostgresStore(where.database)), via: 'trên cơ sở dữ liệu' };
  const { dataDir } = where;
  try {
    // A folder with no data yet is made, as the first `serve` would; said, since on a server that
    // runs on PostgreSQL (or on another folder) the account would land where no server reads it.
    const fresh = !(await holdsData(dataDir));
    const desk = storeDesk(await openLowdbStore(dataDir));
    if (!fresh) return desk;
    return { ...desk, notice: `Thư mục ${dataDir} chưa có dữ liệu nên đã được tạo mới (với đợt báo cáo mẫu). Nếu máy chủ chạy trên PostgreSQL, hãy dùng --database postgres://… hoặc đặt biến môi trường PHULUC_DATABASE_URL; nếu máy chủ dùng thư mục khác, hãy chỉ đúng thư mục bằng --data.` };
  } catch (error) {
    if (!(error instanceof FolderLockedError)) throw error;
    const endpoint = await readLocalAdmin(dataDir);
    if (!endpoint) throw error;
    return serverDesk(endpoint);
  }
}
