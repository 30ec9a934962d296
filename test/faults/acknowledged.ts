/**
 * Acknowledged score writes and how they are checked after faults: each write carries its own
 * Idempotency-Key, and every one answered 2xx must be in the audit log exactly once.
 */
import { expect } from '@jest/globals';
import { entries, POINTS } from '../helpers/server';
import { call, type Served } from './harness';

/** A unit's report of `count` entries, sent once; the entries' ids. */
export async function submitted(server: Served, officer: string, count: number): Promise<string[]> {
  const res = await call(server.url, 'PUT', `/api/submissions/${encodeURIComponent('Phường 2')}`, officer, { entries: entries('Phường 2', Array.from({ length: count }, (_, i) => `Mô hình ${i + 1}`)) });
  expect(res.status).toBe(200);
  return res.body.entries.map((e: { id: string }) => e.id);
}

export interface Write {
  key: string;
  token: string;
  entryId: string;
  khaThi: number;
}

export interface Ack {
  write: Write;
  reviewerId: string;
  version: number;
  replay: boolean;
}

export const scoreOf = (server: Served, w: Write) =>
  call(server.url, 'PUT', `/api/scores/${w.entryId}`, w.token, { points: { ...POINTS, khaThi: w.khaThi } }, { 'Idempotency-Key': w.key });

/** Every acknowledged write is in the audit log exactly once, with the version and points it was answered with. */
export async function expectEachOnce(server: Served, admin: string, acks: Ack[]): Promise<void> {
  const audit = (await call(server.url, 'GET', '/api/audit?limit=10000', admin)).body.audit as Array<{ action: string; actor: string; target: string; after: { version: number; points: { khaThi: number } } }>;
  const scored = audit.filter((a) => a.action === 'score');
  for (const ack of acks) {
    const found = scored.filter((a) => a.actor === ack.reviewerId && a.target === ack.write.entryId && a.after.version === ack.version);
    expect(found).toHaveLength(1);
    expect(found[0]!.after.points.khaThi).toBe(ack.write.khaThi);
  }
  // And no write twice: one audit record per version of each (reviewer, entry).
  const versions = new Set(scored.map((a) => `${a.actor} ${a.target} ${a.after.version}`));
  expect(versions.size).toBe(scored.length);
}

