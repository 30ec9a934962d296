/**
 * The process under load in bench/server: `bare` is an Express JSON route doing nothing durable;
 * `phuluc` is the real server on a data folder seeded beforehand, `phuluc-postgres` the same on a
 * PostgreSQL database (its URL the argument). Prints its URL on stdout.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { startServer } from '../server/serve';
import { growHeapsGently } from '../server/heap-growth';

async function main(mode: string, dataDir?: string): Promise<void> {
  if (mode === 'bare') {
    const app = express();
    app.put('/echo/:id', express.json(), (req, res) => {
      res.json({ id: req.params.id, points: req.body.points });
    });
    const server = app.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    return;
  }
  growHeapsGently(); // as `phuluc serve` does
  const database = mode === 'phuluc-postgres' ? { database: dataDir as string } : {};
  // BENCH_SUMMARY_HEAP_MB: the summary worker's heap limit (phuluc serve --summary-heap), to measure it side by side.
  const heap = Number(process.env.BENCH_SUMMARY_HEAP_MB) || undefined;
  const running = await startServer({ port: 0, dataDir: dataDir as string, ...database, logger: pino({ level: 'silent' }), ...(heap ? { summaryHeapMb: heap } : {}) });
  console.log(running.url);
  process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
}

void main(process.argv[2] as string, process.argv[3]);
