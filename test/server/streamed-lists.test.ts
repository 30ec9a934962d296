/**
 * A list streamed a slice at a time (`sendJsonList`: GET /api/scores, /api/submissions) when the
 * store fails, through real Express on loopback: before the first slice, a 503 in Vietnamese; after
 * bytes have gone, the connection cut (the download fails, never ends looking whole) and the fault logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { errorHandler, sendJsonList } from '../../server/http';
import { StoreReadError } from '../../server/store';

async function withApp(slices: () => AsyncIterable<ReadonlyArray<unknown>>, use: (url: string, logged: string[]) => Promise<void>): Promise<void> {
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => (logged.push(chunk.toString()), done()) }));
  const app = express();
  app.get('/list', async (req, res) => sendJsonList(req, res, 'items', slices()));
  app.use(errorHandler(logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/list`, logged);
  } finally {
    server.close();
  }
}

/** GET `url` with plain http: its status, the bytes that came, and whether it ended whole or was cut. */
function get(url: string): Promise<{ status: number; body: string; cut: boolean }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), cut: false }));
        res.on('error', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), cut: true }));
        res.on('aborted', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), cut: true }));
      })
      .on('error', reject);
  });
}

const items = Array.from({ length: 3_000 }, (_, n) => ({ n, text: `Mô hình ${n}` }));

test('a store that fails before the first slice: 503 in Vietnamese, nothing streamed', async () => {
  await withApp(
    async function* () {
      throw new StoreReadError('không đọc được');
    },
    async (url) => {
      const answer = await get(url);
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body).error.message).toContain('không đọc được dữ liệu');
    },
  );
});

test('a store that fails midway: the connection is cut (never a list that looks whole) and the fault is logged', async () => {
  await withApp(
    async function* () {
      yield items;
      throw new StoreReadError('mất kết nối giữa chừng');
    },
    async (url, logged) => {
      const answer = await get(url);
      expect(answer.status).toBe(200);
      expect(answer.cut).toBe(true);
      expect(() => JSON.parse(answer.body)).toThrow();
      expect(logged.join('')).toMatch(/"err":"mất kết nối giữa chừng".*"msg":"answer cut off"/);
    },
  );
});

test('a list that is read whole ends whole, and nothing is logged as cut', async () => {
  await withApp(
    async function* () {
      yield items.slice(0, 1_000);
      yield [];
      yield items.slice(1_000);
    },
    async (url, logged) => {
      const answer = await get(url);
      expect(answer).toMatchObject({ status: 200, cut: false });
      expect(JSON.parse(answer.body)).toEqual({ items });
      expect(logged.join('')).not.toContain('answer cut off');
    },
  );
});
