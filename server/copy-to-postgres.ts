/**
 * `phuluc migrate`: a lowdb data folder copied into an empty PostgreSQL database in one
 * transaction (every round, report version, score, refusal, extension, account, idempotency key,
 * audit record and uploaded workbook), then read back through the PostgreSQL store (the answers and
 * the audit log through `history`, which its processes do not hold) and compared
 * with the folder by counts and checksums per kind of record.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { openLowdbStore, openPostgresStore, SNAPSHOT_FILE, StoreLoadError, type Data } from './store';
import type { Change } from './store/changes';
import { allRounds, RECORD_KINDS, tallyData, type Tally } from './store/checksums';
import { checkout, openPool, postgresProblem } from './store/postgres/connection';
import { migrate } from './store/postgres/migrations';
import { writeChange, writeChanges } from './store/postgres/written';

export interface CopyReport {
  source: Tally;
  copied: Tally;
  /** The kinds whose count or checksum differ (none when the copy is whole). */
  differing: string[];
}

const UPLOAD_NAME = /^[0-9a-f]{64}\.xlsx$/;

/** Every record of `data` as the changes that make it, rounds first, the active round's settings first of all. */
/** Records copied per statement of each kind (scores of a slice: a few hundred KB of JSON). */
const COPY_SLICE = 1000;

function recordChanges(data: Data): Change[] {
  const changes: Change[] = [];
  const rounds = allRounds(data);
  for (const r of rounds) changes.push({ kind: 'round', round: r.round });
  for (const r of rounds) {
    const roundId = r.round.id;
    for (const submission of r.submissions) changes.push({ kind: 'submission', roundId, submission });
    for (const score of r.scores) changes.push({ kind: 'score', roundId, score });
    for (const refusal of r.refusals) changes.push({ kind: 'refusal', roundId, refusal });
    for (const [unit, until] of Object.entries(r.extensions)) changes.push({ kind: 'extension', roundId, unit, until });
  }
  for (const account of data.accounts) changes.push({ kind: 'account', account });
  for (const record of data.idempotency) changes.push({ kind: 'idempotency', record });
  for (const record of data.audit) changes.push({ kind: 'audit', record });
  return changes;
}

export async function copyFolderToPostgres(
  folder: string,
  url: string,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<CopyReport> {
  if (!existsSync(path.join(folder, SNAPSHOT_FILE)) && !existsSync(path.join(folder, 'phuluc.json'))) {
    throw new StoreLoadError(`Không thấy dữ liệu Phụ lục trong thư mục ${folder}.`);
  }
  const folderStore = await openLowdbStore(folder);
  let source: Tally;
  const pool = openPool(url, 1);
  try {
    // The audit log and the answers with the rest: the folder keeps those a compaction folded in files of their own.
    const data = { ...(await folderStore.read()), ...(await folderStore.history()) };
    const uploads = (await readdir(path.join(folder, 'uploads'))).filter((n) => UPLOAD_NAME.test(n)).sort();
    source = tallyData(data, uploads);
    const changes = recordChanges(data);
    const total = changes.length + uploads.length;
    const client = await checkout(pool).catch((error: Error) => {
      throw new StoreLoadError(`Không kết nối được cơ sở dữ liệu PostgreSQL: ${postgresProblem(error)}.`);
    });
    try {
      // A database of a newer Phụ lục is said as such, not as an unexpected error.
      await migrate(client).catch((error: unknown) => {
        throw new StoreLoadError(`Không chuyển được vào cơ sở dữ liệu PostgreSQL: ${postgresProblem(error)}.`);
      });
      await client.query('BEGIN');
      await client.query('LOCK TABLE phuluc_head IN EXCLUSIVE MODE');
      const { rows } = await client.query<{ n: number }>('SELECT (SELECT count(*) FROM phuluc_head) + (SELECT count(*) FROM phuluc_rounds) AS n');
      if (Number(rows[0]?.n) > 0) throw new StoreLoadError('Cơ sở dữ liệu đích đã có dữ liệu Phụ lục; chỉ chuyển vào một cơ sở dữ liệu trống (tạo bằng: createdb <tên>).');
      let done = 0;
      for (const name of uploads) {
        const bytes = await folderStore.upload(name);
        if (!bytes || `${createHash('sha256').update(bytes).digest('hex')}.xlsx` !== name) {
          throw new StoreLoadError(`Tệp gửi lên uploads/${name} bị hỏng (nội dung không khớp tên); hãy khôi phục tệp từ bản sao lưu rồi chuyển lại.`);
        }
        await client.query('INSERT INTO phuluc_uploads (name, bytes) VALUES ($1, $2)', [name, bytes]);
        onProgress(++done, total);
      }
      // The rounds first (what the rest is in), then the head, then the rest in slices: a slice's
      // scores, keys and audit records go in one statement each, not a round trip per record.
      const rounds = allRounds(data).length;
      for (const change of changes.slice(0, rounds)) await writeChange(client, change);
      await client.query('INSERT INTO phuluc_head (active_round) VALUES ($1)', [data.round.id]);
      onProgress((done += rounds), total);
      for (let at = rounds; at < changes.length; at += COPY_SLICE) {
        const slice = changes.slice(at, at + COPY_SLICE);
        await writeChanges(client, slice);
        onProgress((done += slice.length), total);
      }
      await client.query('COMMIT');
      // Statistics for the tables just filled, so catching up (`xid >= …`) uses its index from the first commit on.
      await client.query('ANALYZE');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  } finally {
    await pool.end().catch(() => undefined);
    await folderStore.close();
  }
  const copied = await tallyDatabase(url);
  const differing = RECORD_KINDS.filter((k) => source[k].count !== copied[k].count || source[k].checksum !== copied[k].checksum);
  return { source, copied, differing };
}

/** The tally of what a database holds, read through the PostgreSQL store as a server would read it. */
async function tallyDatabase(url: string): Promise<Tally> {
  const store = await openPostgresStore(url);
  const pool = openPool(url, 1);
  try {
    let data = await store.readWithScores();
    // Every kept round's data too: a process reads them only when asked.
    for (const id of store.unreadRounds) data = await store.read(id);
    // An upload counts only if its bytes still hash to its name.
    const { rows } = await pool.query<{ name: string; hash: string }>("SELECT name, encode(sha256(bytes), 'hex') AS hash FROM phuluc_uploads ORDER BY name");
    // The answers kept and the audit log from their tables: a process does not hold them.
    return tallyData({ ...data, ...(await store.history()) }, rows.filter((r) => r.name === `${r.hash}.xlsx`).map((r) => r.name));
  } finally {
    await pool.end().catch(() => undefined);
    await store.close();
  }
}
