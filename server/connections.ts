/**
 * Bounds on connections, so that no client can use up the process's file descriptors (a commit
 * needs a few) or hold the server with slow requests: at most `total` connections, at most
 * `perAddress` from one address, headers within `headersTimeoutMs`, a whole request within
 * `requestTimeoutMs`, and a connection that says nothing for `idleTimeoutMs` is closed.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  total: number;
  perAddress: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept for the client's next request. */
  keepAliveTimeoutMs: number;
  idleTimeoutMs: number;
}

/** Descriptors kept back for the store, the log, the reader threads and the files they open. */
const RESERVED_DESCRIPTORS = 64;

/** The soft limit on open files, from /proc on Linux; null elsewhere. */
export function openFileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function defaultConnectionLimits(fileLimit = openFileLimit()): ConnectionLimits {
  const total = Math.max(8, Math.min(1000, (fileLimit ?? 1024) - RESERVED_DESCRIPTORS));
  return {
    total,
    // A ward's offices share one address behind NAT: room for a few dozen browsers, a quarter of all.
    perAddress: Math.max(4, Math.min(200, Math.floor(total / 4))),
    // Above the keep-alive time, as Node asks: a reused connection's next headers are timed from its last request.
    headersTimeoutMs: 66_000,
    // A 20 MB workbook over a slow ward line.
    requestTimeoutMs: 300_000,
    // Longer than clients and proxies keep an idle connection to reuse it (60 s is common): never
    // Node's 5 s, after which a client reusing the connection got "socket hang up".
    keepAliveTimeoutMs: 65_000,
    idleTimeoutMs: 70_000,
  };
}

export function limitConnections(server: Server, limits: ConnectionLimits): void {
  server.maxConnections = limits.total;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs;
  const perAddress = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (perAddress.get(address) ?? 0) + 1;
    if (count > limits.perAddress) {
      socket.destroy();
      return;
    }
    perAddress.set(address, count);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
}
