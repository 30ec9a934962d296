/**
 * Keeps the task pane itself available when the district server cannot be reached: a reviewer
 * whose connection dropped can close and reopen the pane and keep scoring (the outbox holds the
 * sends). The pane's files are cached when the worker installs (the build lists them in
 * precache.json); afterwards every same-origin file is fetched from the network first and from
 * the cache when the network fails. The API is never cached, and other origins (office.js from
 * Microsoft's CDN) are left to the browser.
 */
// The worker's own types (the DOM and WebWorker libraries cannot share one program).
type Extendable = Event & { waitUntil(work: Promise<unknown>): void };
type Fetching = Extendable & { request: Request; respondWith(response: Promise<Response>): void };
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: Extendable) => void): void;
  addEventListener(type: 'fetch', listener: (event: Fetching) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const worker = self as unknown as WorkerScope;

const CACHE = 'phuluc-pane-v1';

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const list = (await (await fetch('precache.json', { cache: 'no-store' })).json()) as string[];
      const cache = await caches.open(CACHE);
      await cache.addAll(list);
      await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== worker.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(event.request);
        if (response.ok) await cache.put(event.request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(event.request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
