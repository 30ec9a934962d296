/** A real server for tests: a lowdb store in a temp folder, real accounts, the Express app. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { demoRound, type Round } from '../../core/rounds/round';
import type { IncomingEntry } from '../../core/rounds/submission';
import { createApp, type AppOptions } from '../../server/app';
import { addAccount, FailedAuthLimiter } from '../../server/auth';
import { openLowdbStore, type Data, type LowdbStore, type Store } from '../../server/store';
import { loadFolder } from '../../server/store/files';

export const NOW = new Date('2024-08-20T03:00:00Z');

/** A store whose state in memory a test may look at (both stores have one). */
export type InspectableStore = Store & { readonly data: Readonly<Data> };

export interface TestServer<S extends InspectableStore = LowdbStore> {
  app: ReturnType<typeof createApp>;
  store: S;
  dir: string;
  tokens: Record<'admin' | 'officer1' | 'officer2' | 'reviewer' | 'reviewerP1' | 'reviewerFree', string>;
  clock: { now: Date };
  close(): Promise<void>;
}

/** `staticDir`: serve a built task pane too (dist/taskpane); `openStore`: another store than a lowdb folder in `dir`. */
export async function testServer<S extends InspectableStore = LowdbStore>(
  round: Round = demoRound(NOW),
  options: Pick<AppOptions, 'staticDir' | 'summaries'> & { openStore?: (dir: string, round: Round) => Promise<S> } = {},
): Promise<TestServer<S>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-server-'));
  const { openStore, ...appOptions } = options;
  const store = openStore ? await openStore(dir, round) : ((await openLowdbStore(dir, { round })) as unknown as S);
  const tokens = await store.write((data) => ({
    admin: addAccount(data, { role: 'admin' }, NOW).token,
    officer1: addAccount(data, { role: 'officer', unit: 'Phường 1' }, NOW).token,
    officer2: addAccount(data, { role: 'officer', unit: 'Phường 2' }, NOW).token,
    reviewer: addAccount(data, { role: 'reviewer', unit: 'Phòng Tư pháp' }, NOW).token,
    reviewerP1: addAccount(data, { role: 'reviewer', unit: 'Phường 1' }, NOW).token,
    reviewerFree: addAccount(data, { role: 'reviewer' }, NOW).token,
  }));
  const clock = { now: NOW };
  const app = createApp({ store, logger: pino({ level: 'silent' }), origins: ['https://localhost:3000'], now: () => clock.now, authLimiter: new FailedAuthLimiter(5, 60_000), ...appOptions });
  return {
    app,
    store,
    dir,
    tokens,
    clock,
    async close(this: TestServer<S>) {
      // The store in use now: a test that reopened it (a restart) set `store` to the new one.
      await this.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a data folder holds on disk (its snapshot and journal, read as a restart reads them). */
export async function onDisk(dir: string): Promise<Data> {
  const loaded = await loadFolder(dir);
  if (!loaded) throw new Error(`no data in ${dir}`);
  return loaded.state.data;
}

export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

export function entry(unit: string, title: string, overrides: Partial<IncomingEntry> = {}): IncomingEntry {
  return {
    row: 9,
    stt: '1',
    unit,
    title,
    field: 'Cải cách thủ tục hành chính',
    sections: { thucTrang: 'Người dân chờ lâu.', noiDung: 'Bố trí quầy riêng.', hieuQua: 'Giảm 50% thời gian.', tinhMoi: 'Lần đầu áp dụng.' },
    note: '',
    ...overrides,
  };
}

/** Entries numbered from row 9 with STT 1, 2, … */
export function entries(unit: string, titles: string[]): IncomingEntry[] {
  return titles.map((t, i) => entry(unit, t, { row: 9 + i, stt: String(i + 1) }));
}

export const POINTS = { tinhMoi: 25, hieuQua: 24, nhanRong: 15, khaThi: 16 };
