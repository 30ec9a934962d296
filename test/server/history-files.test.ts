/**
 * The embedded store's audit log and Idempotency-Key answers on disk (server/store/history-files.ts):
 * what a compaction folds in leaves memory for a file of its own, and is still found, in order,
 * after reopening; a file a crash left unnamed never counts twice.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoRound } from '../../core/rounds/round';
import { emptyData } from '../../server/store/state';
import { writeSnapshot } from '../../server/store/files';
import { openLowdbStore, StoreLoadError, type LowdbStore, type Score } from '../../server/store';

const AT = '2024-08-21T03:00:00.000Z';
const score = (i: number): Score => ({ id: `s${i}`, entryId: `e${i}`, reviewerId: 'r1', unit: 'Phường 1', points: { tinhMoi: 20 }, comment: '', version: 1, updatedAt: AT, entryFingerprint: 'f', stale: false });
const answer = (i: number) => ({ accountId: i % 2 ? 'r1' : 'r2', key: `khoa-${i}-000000`, fingerprint: `f${i}`, status: 200, body: { n: i }, at: AT });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** As the score route writes: the score, its audit record, the answer kept for its key. */
async function score3(store: LowdbStore, from: number, count: number): Promise<void> {
  const id = store.data.round.id;
  for (let i = from; i < from + count; i++) {
    await store.write((tx) => {
      tx.putScore(id, score(i));
      tx.addAudit({ at: AT, actor: i % 2 ? 'r1' : 'r2', action: 'score', target: `e${i}`, before: null, after: { n: i } });
      tx.addIdempotency(answer(i));
    });
  }
}

/** Every commit so far folded in. */
async function foldAll(store: LowdbStore): Promise<void> {
  store.compactNow();
  await store.settled();
}

/** A closed folder of `folded` scores (with their audit records and answers) in history files, and `held` more after them in its journal. */
async function foldedFolder(folded: number, held = 0): Promise<void> {
  const store = await openLowdbStore(dir, { compactAfterBytes: 4_000 });
  await score3(store, 0, folded);
  await foldAll(store);
  await score3(store, folded, held);
  await store.close();
}

const historyFiles = () => readdirSync(dir).filter((n) => n.startsWith('phuluc-history-'));
const targets = (records: ReadonlyArray<{ target: string }>) => records.map((r) => r.target);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => `e${i}`);

test('a compaction moves the audit records and answers it folds in to a file of their own: the store holds none, finds each answer, reads the log in commit order, after a reopen too', async () => {
  const store = await openLowdbStore(dir, { compactAfterBytes: 4_000 });
  for (let from = 0; from < 200; from += 50) {
    await score3(store, from, 50);
    await foldAll(store);
  }
  expect(store.compactions).toBeGreaterThanOrEqual(4);
  expect(historyFiles().filter((n) => n.endsWith('.jsonl')).length).toBe(store.compactions);
  // Nothing of it held: all of it folded.
  expect({ audit: store.data.audit.length, answers: store.data.idempotency.length }).toEqual({ audit: 0, answers: 0 });
  for (const i of [0, 1, 77, 199]) expect(await store.idempotency(answer(i).accountId, answer(i).key)).toEqual(answer(i));
  expect(await store.idempotency('r1', 'khoa-0-000000')).toBeUndefined(); // key 0 is r2's
  // Inside a change, as a retry's is checked: read from its file.
  expect(await store.write((tx) => tx.idempotency('r1', 'khoa-77-000000'))).toEqual(answer(77));
  await score3(store, 200, 5); // held, after the files
  expect(targets(await store.audit({ limit: 1000 }))).toEqual(upTo(205));
  expect(targets(await store.audit({ limit: 3, actor: 'r2' }))).toEqual(['e200', 'e202', 'e204']);
  expect(targets(await store.audit({ limit: 2, matches: (r) => r.target.endsWith('7') }))).toEqual(['e187', 'e197']);
  const history = await store.history();
  expect(history.idempotency).toEqual(Array.from({ length: 205 }, (_, i) => answer(i)));
  expect(targets(history.audit)).toEqual(upTo(205));
  await store.close();

  const reopened = await openLowdbStore(dir);
  expect(await reopened.idempotency('r2', 'khoa-198-000000')).toEqual(answer(198));
  expect(await reopened.idempotency('r1', 'khoa-203-000000')).toEqual(answer(203));
  expect(targets(await reopened.audit({ limit: 1000 }))).toEqual(upTo(205));
  await reopened.close();
});

test('a history file a crash left unnamed (written, its snapshot never renamed) is removed at the next start: nothing counts twice', async () => {
  await foldedFolder(60, 3);
  // A copy of a named file under a name no snapshot gives: what a compaction leaves when it dies before its rename.
  const named = historyFiles().find((n) => n.endsWith('.jsonl'))!;
  const stray = 'phuluc-history-0123456789abcdef';
  copyFileSync(path.join(dir, named), path.join(dir, `${stray}.jsonl`));
  copyFileSync(path.join(dir, named.replace('.jsonl', '.keys')), path.join(dir, `${stray}.keys`));
  const reopened = await openLowdbStore(dir);
  expect(historyFiles().some((n) => n.startsWith(stray))).toBe(false);
  expect(targets(await reopened.audit({ limit: 1000 }))).toEqual(upTo(63));
  await reopened.close();
});

test("a history file's index gone stops start-up with a clear message, and nothing is overwritten", async () => {
  await foldedFolder(30);
  const files = historyFiles();
  unlinkSync(path.join(dir, files.find((n) => n.endsWith('.keys'))!));
  await expect(openLowdbStore(dir)).rejects.toThrow(StoreLoadError);
  await expect(openLowdbStore(dir)).rejects.toThrow(/thiếu tệp phuluc-history-[0-9a-f]{16}\.keys .*Máy chủ không khởi động.*bản sao lưu/);
  expect(historyFiles()).toHaveLength(files.length - 1);
});

test('a snapshot that holds the audit log and the answers itself (written by an earlier version) has them moved to a file as the store opens', async () => {
  const data = emptyData(demoRound(new Date(AT)));
  data.audit.push(...Array.from({ length: 50 }, (_, i) => ({ at: AT, actor: 'x', action: 'score', target: `e${i}`, before: null, after: null })));
  data.idempotency.push(...Array.from({ length: 50 }, (_, i) => answer(i)));
  await writeSnapshot(dir, data, 0);
  const store = await openLowdbStore(dir);
  await store.settled();
  expect({ audit: store.data.audit.length, answers: store.data.idempotency.length }).toEqual({ audit: 0, answers: 0 });
  expect(historyFiles()).toHaveLength(2);
  expect(targets(await store.audit({ limit: 100 }))).toEqual(upTo(50));
  expect(await store.idempotency('r1', 'khoa-49-000000')).toEqual(answer(49));
  await store.close();
});

test('a history file gone, or cut short of the lines its index names, stops start-up with a clear message', async () => {
  await foldedFolder(30);
  const file = historyFiles().find((n) => n.endsWith('.jsonl'))!;
  const whole = readFileSync(path.join(dir, file));
  writeFileSync(path.join(dir, file), whole.subarray(0, whole.length - 10));
  await expect(openLowdbStore(dir)).rejects.toThrow(/thiếu tệp phuluc-history-[0-9a-f]{16}\.jsonl .*Máy chủ không khởi động/);
  unlinkSync(path.join(dir, file));
  await expect(openLowdbStore(dir)).rejects.toThrow(StoreLoadError);
  writeFileSync(path.join(dir, file), whole);
  const reopened = await openLowdbStore(dir);
  expect(targets(await reopened.audit({ limit: 100 }))).toEqual(upTo(30));
  await reopened.close();
});

test('a damaged answer line (its length kept) is said as a damaged data folder, in Vietnamese, where it is read: a retry of its key, the log', async () => {
  await foldedFolder(30);
  const file = historyFiles().find((n) => n.endsWith('.jsonl'))!;
  const text = readFileSync(path.join(dir, file), 'utf8');
  writeFileSync(path.join(dir, file), text.replace('"key":"khoa-7-000000","fingerprint"', '"key":"khoa-7-000000","fingerprinX"'));
  const store = await openLowdbStore(dir);
  try {
    const said = new RegExp(`Tệp ${file.replace('.', '\\.')} \\(nhật ký thao tác và khoá chống gửi trùng\\) trong thư mục dữ liệu bị hỏng\\. Thay đổi chưa được lưu; hãy báo quản trị hệ thống khôi phục`);
    await expect(store.write((tx) => tx.idempotency('r1', 'khoa-7-000000'))).rejects.toThrow(said);
    await expect(store.write((tx) => tx.idempotency('r1', 'khoa-9-000000'))).resolves.toMatchObject({ fingerprint: 'f9' }); // the others are read as before
    await expect(store.history()).rejects.toThrow(said);
  } finally {
    await store.close();
  }
});

test('a compaction asked for while one runs is run once that one ends: one ask folds everything', async () => {
  const store = await openLowdbStore(dir, { compactAfterBytes: 2_000 });
  await score3(store, 0, 40); // compactions start on their own as the journal passes 2,000 bytes
  store.compactNow();
  await store.settled();
  expect({ audit: store.data.audit.length, answers: store.data.idempotency.length }).toEqual({ audit: 0, answers: 0 });
  expect(targets(await store.audit({ limit: 100 }))).toEqual(upTo(40));
  await store.close();
});
