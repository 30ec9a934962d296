/**
 * The connection settings (server address and token), kept in the task pane's own storage: the
 * browser partitions it per add-in and per user, and it is never written into the workbook, so a
 * workbook sent by email never carries a token.
 */
import { z } from 'zod';
import { meSchema, type Connection, type Me } from './api';

const KEY = 'phuluc.connection';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A server address Office accepts: HTTPS, or plain HTTP only on this machine. */
export function serverUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return 'Địa chỉ máy chủ chưa đúng. Ví dụ: https://phuluc.quan3.gov.vn';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'Địa chỉ máy chủ phải bắt đầu bằng https:// (chỉ máy này mới được dùng http://).';
  return null;
}

export function tokenProblem(text: string): string | null {
  if (text.trim() === '') return 'Hãy nhập mã truy cập do cơ quan tổ chức đợt báo cáo cấp (bắt đầu bằng pl_).';
  return /^pl_[A-Za-z0-9_-]{20,100}$/.test(text.trim()) ? null : 'Mã truy cập chưa đúng: mã do cơ quan tổ chức đợt báo cáo cấp, bắt đầu bằng pl_.';
}

const connectionSchema = z.object({ serverUrl: z.string().refine((u) => serverUrlProblem(u) === null), token: z.string().refine((t) => tokenProblem(t) === null) });

/** A stored value that still has its shape, or null (nothing stored, or written by another version). */
function readStored<T>(store: KeyValueStore, key: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(store.getItem(key) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * `store` with every key under `prefix`: the browser page for officers keeps its own sign-in, apart
 * from the task pane's on the same origin (an admin's pane sign-in never opens the officers' page).
 */
export function scopedStorage(store: KeyValueStore, prefix: string): KeyValueStore {
  return {
    getItem: (key) => store.getItem(prefix + key),
    setItem: (key, value) => store.setItem(prefix + key, value),
    removeItem: (key) => store.removeItem(prefix + key),
  };
}

export function loadConnection(store: KeyValueStore): Connection | null {
  return readStored(store, KEY, connectionSchema);
}

export function saveConnection(store: KeyValueStore, connection: Connection): void {
  store.setItem(KEY, JSON.stringify({ serverUrl: new URL(connection.serverUrl.trim()).origin, token: connection.token.trim() }));
}

export function forgetConnection(store: KeyValueStore): void {
  store.removeItem(KEY);
}

const IDENTITY_KEY = 'phuluc.me';

/** Who the token belonged to when last asked (role, unit, round): no secret, kept for working offline. */
export function loadIdentity(store: KeyValueStore): Me | null {
  return readStored(store, IDENTITY_KEY, meSchema);
}

export function saveIdentity(store: KeyValueStore, me: Me): void {
  store.setItem(IDENTITY_KEY, JSON.stringify(me));
}

export function forgetIdentity(store: KeyValueStore): void {
  store.removeItem(IDENTITY_KEY);
}

