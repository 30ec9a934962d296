/**
 * The summary worker's heap (`phuluc serve --summary-heap`, issue #31): a limit the round does not
 * fit in fails that summary with the usual 503, in Vietnamese, and the worker starts again with
 * twice the limit, so asking again builds it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../server/serve';

let dir: string;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'phuluc-summary-heap-'));
  // A heap no summary fits in, as a round too large for the default would be.
  server = await startServer({ port: 0, dataDir: dir, logger: pino({ level: 'silent' }), summaryHeapMb: 4 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a summary the worker runs out of memory for is a 503 in Vietnamese; asked again, the worker has twice the heap and builds it', async () => {
  const ask = () => fetch(`${server.url}/api/summary`, { headers: { Authorization: `Bearer ${server.firstAdminToken}` } });
  const first = await ask();
  expect(first.status).toBe(503);
  expect(await first.json()).toEqual({ error: { code: 'summary-failed', message: expect.stringContaining('Hãy thử lại sau ít phút') } });
  let answer = first;
  for (let attempt = 2; answer.status === 503 && attempt <= 12; attempt++) {
    await answer.arrayBuffer().catch(() => undefined);
    answer = await ask();
  }
  expect(answer.status).toBe(200);
  expect((await answer.json()).summary.entries).toEqual([]);
}, 120_000);
