/**
 * The active round's scores left in their table (server/store/postgres/scores-in-table.ts): read
 * whole while other requests are answered (`stage`), then held in the store's turn (`install`)
 * with every score written meanwhile, whichever process wrote it, each once.
 */
import { openPostgresStore } from '../../server/store';
import { emptyData, StoreState } from '../../server/store/state';
import { openPool } from '../../server/store/postgres/connection';
import { ScoresInTable } from '../../server/store/postgres/scores-in-table';
import { usePostgresCluster } from '../helpers/postgres-cluster';
import { scoreRecord } from '../helpers/score';

jest.setTimeout(120_000);

const score = scoreRecord;

const { newDatabase } = usePostgresCluster('left');

test('scores written after the whole read began are held too, and a look passes over them once held; a read shared by callers asking at once', async () => {
  const url = await newDatabase();
  const writer = await openPostgresStore(url);
  const pool = openPool(url, 2);
  try {
    const id = (await writer.read()).round.id;
    // 2,500 scores: the read takes three pages.
    await writer.write((tx) => Array.from({ length: 2500 }, (_, n) => tx.putScore(id, score(`e${n}`, 'r1', 1))).length);
    // A process's state that does not hold them, as a PostgreSQL process starts.
    const state = new StoreState(emptyData(writer.data.round));
    state.leaveScores(id);
    const left = new ScoresInTable(state, pool);
    const staging = left.stage(id);
    expect(left.stage(id)).toBe(staging);
    const staged = await staging;
    expect(state.scoresUnheld(id)).toBe(true);
    // Written after the read's snapshot: one new, one changed.
    await writer.write((tx) => {
      tx.putScore(id, score('later', 'r2', 1));
      tx.putScore(id, { ...score('e7', 'r1', 2), comment: 'sửa sau' });
    });
    await left.install(staged);
    expect(state.scoresUnheld(id)).toBe(false);
    expect(state.data.scores).toHaveLength(2501);
    expect(state.score(id, 'e7', 'r1')).toMatchObject({ version: 2, comment: 'sửa sau' });
    expect(state.score(id, 'later', 'r2')).toMatchObject({ version: 1 });
    expect(state.scoresOfUnit(id, 'Phường 1')).toHaveLength(2501);
    // The rows the install read are passed over by the next look; a later one is not.
    const { rows } = await pool.query<{ xid: string }>("SELECT xid::text FROM phuluc_scores WHERE entry_id = 'later'");
    expect(left.passedOver({ kind: 'score', roundId: id, score: score('later', 'r2', 1) }, BigInt(rows[0]!.xid))).toBe(true);
    await writer.write((tx) => tx.putScore(id, score('last', 'r3', 1)));
    const last = await pool.query<{ xid: string }>("SELECT xid::text FROM phuluc_scores WHERE entry_id = 'last'");
    expect(left.passedOver({ kind: 'score', roundId: id, score: score('last', 'r3', 1) }, BigInt(last.rows[0]!.xid))).toBe(false);
    // Held already: a second install changes nothing.
    await left.install(staged);
    expect(state.data.scores).toHaveLength(2501);
  } finally {
    await pool.end();
    await writer.close();
  }
});
