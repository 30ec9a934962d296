/**
 * Earlier years kept in PostgreSQL's tables are read by the summary worker itself (issue #31), as
 * it reads a kept round's file: the main thread names the table and never holds that text. A unit
 * sending again while the worker waits for the database still gets its own summary, and a database
 * the worker cannot reach fails that summary as one that cannot be read (StoreReadError, which the
 * server answers 503 "không đọc được dữ liệu"), not as an overloaded server.
 */
import { Client } from 'pg';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/app';
import { addAccount, FailedAuthLimiter } from '../../server/auth';
import { demoRound, type Round } from '../../core/rounds/round';
import { openPostgresStore, StoreReadError } from '../../server/store';
import { summaryBuilder, type SummaryInput } from '../../server/summary-pool';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { auth, NOW } from '../helpers/server';
import { variedEntry } from '../helpers/reports';

const { newDatabase } = usePostgresCluster('earlier');

/** A database whose kept round (last year) holds Phường 1's report of `title`, and a store opened after, which leaves it in its table. */
async function lastYearInTable(title: string) {
  const url = await newDatabase();
  const round = demoRound(NOW);
  const lastYear: Round = { ...round, id: 'nam-truoc', year: round.year - 1, name: 'Đợt năm trước' };
  const writer = await openPostgresStore(url, { round });
  await writer.write((tx) => {
    tx.putRound(lastYear);
    tx.addSubmission(lastYear.id, { unit: 'Phường 1', version: 1, submittedAt: NOW.toISOString(), by: 'test', source: 'json', entries: [variedEntry('Phường 1', 1, title)], issues: [] });
  });
  await writer.close();
  const store = await openPostgresStore(url);
  const table = store.unheldReportsAt(lastYear.id);
  await store.close();
  if (!table) throw new Error('last year should be left in its table');
  return { url, round, lastYear, table };
}

const duplicatePairs = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')).summary.duplicates.map((d: { a: { title: string }; b: { unit: string; title: string } }) => [d.a.title, d.b.unit]);

test('a report sent again while the worker waits for last year’s reports: each summary is of its own reports, both compared with last year', async () => {
  const { url, round, lastYear, table } = await lastYearInTable('Một cửa liên thông điện tử');
  const part = { ...table, round: lastYear, version: '1' };
  // Phường 2's first report the same initiative as last year's (its text too); the second renames it and describes it anew, its title still last year's.
  const input = (title: string, text: number): SummaryInput => ({ round, reports: [{ unit: 'Phường 2', source: `phiên bản ${text}`, entries: [variedEntry('Phường 2', text, title)], issues: [] }], scores: [], earlier: [part], refusals: [], reviewers: [] });
  // The table locked: the worker's read of last year waits until it is released.
  const locker = new Client({ connectionString: url });
  const watcher = new Client({ connectionString: url });
  await Promise.all([locker.connect(), watcher.connect()]);
  const builder = summaryBuilder({ reportsAMessage: 1 });
  try {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE phuluc_submissions IN ACCESS EXCLUSIVE MODE');
    const first = builder.get('json', 'v1', () => input('Một cửa liên thông điện tử', 1)).whole();
    // Phường 2's report sent again: the next summary's report crosses while the first waits for the database.
    const second = builder.get('json', 'v2', () => input('Một cửa liên thông điện tử của phường', 2)).whole();
    // Asked on a connection of its own: within the locker's transaction the activity it sees stays as it first saw it.
    // Asked again every 20 ms until it waits (a condition, not a time), leaving the cores to the worker and PostgreSQL meanwhile.
    while ((await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM phuluc_submissions%'`)).rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await locker.query('COMMIT');
    expect(duplicatePairs(await first)).toEqual([['Một cửa liên thông điện tử', 'Phường 1 (năm 2023)']]);
    expect(duplicatePairs(await second)).toEqual([['Một cửa liên thông điện tử của phường', 'Phường 1 (năm 2023)']]);
  } finally {
    await Promise.all([locker.end(), watcher.end()]);
    await builder.close();
  }
}, 60_000);

test('last year’s table that the worker cannot reach fails that summary as a database that cannot be read, in Vietnamese; the next is built', async () => {
  const { round, lastYear, table } = await lastYearInTable('Một cửa liên thông điện tử');
  // Nothing listens on port 1: the worker's connection is refused.
  const unreachable = { ...table, database: 'postgres://phuluc@127.0.0.1:1/khong-co', round: lastYear, version: '1' };
  const input = (earlier: SummaryInput['earlier']): SummaryInput => ({ round, reports: [{ unit: 'Phường 2', source: 'phiên bản 1', entries: [variedEntry('Phường 2', 1, 'Một cửa liên thông điện tử')], issues: [] }], scores: [], earlier, refusals: [], reviewers: [] });
  const builder = summaryBuilder();
  try {
    const failed = await builder.get('json', 'v1', () => input([unreachable])).whole().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StoreReadError);
    expect((failed as Error).message).toMatch(/^Không đọc được báo cáo của đợt nam-truoc: không kết nối được/);
    const built = await builder.get('json', 'v2', () => input([{ ...table, round: lastYear, version: '1' }])).whole();
    expect(duplicatePairs(built)).toEqual([['Một cửa liên thông điện tử', 'Phường 1 (năm 2023)']]);
  } finally {
    await builder.close();
  }
}, 60_000);

test('through the server: last year’s reports that the worker cannot read answer 503 “không đọc được dữ liệu”, not a busy server; this year’s own views still answer', async () => {
  const { url, lastYear } = await lastYearInTable('Một cửa liên thông điện tử');
  const store = await openPostgresStore(url);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  try {
    const { token } = await store.write((tx) => addAccount(tx, { role: 'admin', name: 'Thư ký' }, NOW));
    // Damaged in its table after this process started (its transaction id kept): only the worker reads that row.
    await sql.query(`UPDATE phuluc_submissions SET entries = '[{"id": 1}]'::jsonb WHERE round_id = $1`, [lastYear.id]);
    const app = createApp({ store, logger: pino({ level: 'silent' }), origins: ['https://localhost:3000'], now: () => NOW, authLimiter: new FailedAuthLimiter(5, 60_000) });
    const answer = await request(app).get('/api/summary').set(auth(token));
    expect(answer.status).toBe(503);
    expect(answer.body.error.message).toMatch(/^Máy chủ tạm thời không đọc được dữ liệu/);
    expect(JSON.stringify(answer.body)).not.toMatch(/at |ZodError|postgres:\/\//);
    expect((await request(app).get('/api/submissions').set(auth(token))).status).toBe(200);
  } finally {
    await sql.end();
    await store.close();
  }
}, 60_000);
