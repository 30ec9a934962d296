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
