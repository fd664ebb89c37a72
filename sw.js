// NDA Lab's service worker: the page opens and trains offline after one visit.
//
// Our own few dozen lines rather than Workbox: the page is a handful of files that trunk lists at
// build time (precache.json, written by scripts/precache-list.mjs), and the rules are two. A
// generated Workbox worker would add a build step and an npm tool to say the same.
// - A file whose name carries trunk's content hash never changes: served from the cache first.
// - Everything else (the page itself, the worker's unhashed files, precache.json) goes to the
//   network first and falls back to the cache, so a new version is picked up on the next visit
//   while online, and never in the middle of a run (nothing reloads by itself).
// The page hands over the list once it has loaded (public/offline.js); the files of that version
// are cached under its own name and older versions' caches are dropped. Saved runs live in
// IndexedDB, which this worker never touches. It fetches nothing but the page's own files.

const PREFIX = 'nda-lab-';
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const { type, version, files } = event.data ?? {};
  if (type !== 'precache' || typeof version !== 'string' || !Array.isArray(files)) return;
  const name = PREFIX + version;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(name);
      const urls = ['./', ...files.filter((file) => typeof file === 'string' && !file.includes('..'))];
      // One at a time, so a file that fails is named rather than failing the whole list silently.
      const missed = [];
      for (const url of urls) {
        try {
          const response = await fetch(url, { cache: 'no-cache' });
          if (!response.ok) throw new Error(String(response.status));
          await cache.put(url, response);
        } catch (error) {
          missed.push(`${url} (${error.message})`);
        }
      }
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== name && missed.length === 0) await caches.delete(key);
      }
      event.source?.postMessage({ type: 'precached', version, missed });
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
    return;
  }
  event.respondWith(
    fetch(request).catch(async () => {
      const hit = await caches.match(request, { ignoreSearch: true });
      if (hit) return hit;
      if (request.mode === 'navigate') {
        const page = await caches.match('./');
        if (page) return page;
      }
      throw new Error(`offline, and ${url.pathname} was not cached`);
    }),
  );
});
