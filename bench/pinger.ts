/**
 * Another user, in a process of its own: GET /api/me one after another until told to stop, then
 * prints the longest and the median wait. (Asked from the process that downloads a 100 MB summary,
 * the waits would include that process's own work on the download.)
 */
import { median } from './measure';

async function main(url: string, token: string): Promise<void> {
  const waits: number[] = [];
  let stopping = false;
  process.on('SIGTERM', () => (stopping = true));
  const me = async () => (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  // Warmed first: a cold client's first requests wait on its own start, not on the server.
  for (let i = 0; i < 20; i++) await me();
  console.log('ready');
  while (!stopping) {
    const t = performance.now();
    await me();
    waits.push(performance.now() - t);
  }
  console.log(JSON.stringify({ longest: Math.max(...waits), median: median(waits), count: waits.length }));
}

void main(process.argv[2] as string, process.argv[3] as string);
