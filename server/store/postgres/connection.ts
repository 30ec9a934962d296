/** Connections to PostgreSQL, opened so that a database going away fails requests, never the process. */
import { Pool, type PoolClient } from 'pg';

/**
 * A pool of at most `max` connections. A database that cannot be reached fails a request in
 * seconds instead of holding it open; an idle connection that dies is dropped (the next query
 * opens another) instead of its error ending the process.
 */
export function openPool(url: string, max: number): Pool {
  const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  return pool;
}

const guarded = new WeakSet<PoolClient>();

/**
 * A connection from `pool`, safe to hold across awaits: the pool stops listening for a checked-out
 * connection's errors, and one that dies between two queries (a database restarted, a connection
 * terminated) would emit an unhandled 'error' and end the process. Its next query fails instead.
 */
export async function checkout(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  if (!guarded.has(client)) {
    client.on('error', () => undefined);
    guarded.add(client);
  }
  return client;
}

/** What went wrong reaching or using the database, in Vietnamese (the driver's own text kept last, for the IT staff). */
export function postgresProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const said: Record<string, string> = {
    ECONNREFUSED: 'không kết nối được (máy chủ cơ sở dữ liệu chưa chạy, hoặc sai máy/cổng)',
    ENOTFOUND: 'không tìm thấy máy chủ cơ sở dữ liệu (sai tên máy)',
    ETIMEDOUT: 'máy chủ cơ sở dữ liệu không trả lời',
    '28P01': 'sai tên người dùng hoặc mật khẩu',
    '28000': 'máy chủ cơ sở dữ liệu không cho người dùng này kết nối (xem pg_hba.conf)',
    '3D000': 'chưa có cơ sở dữ liệu này (tạo bằng: createdb <tên>)',
    '42501': 'người dùng không có quyền tạo bảng trong cơ sở dữ liệu này',
    '57P01': 'kết nối bị máy chủ cơ sở dữ liệu ngắt',
    '55000': 'cơ sở dữ liệu đang không nhận kết nối',
  };
  const known = code ? said[code] : /timeout/i.test(message ?? '') ? said.ETIMEDOUT : undefined;
  return known ? `${known} [${message}]` : (message ?? String(error));
}
