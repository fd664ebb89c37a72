// Registers the service worker (sw.js) and hands it this version's file list (precache.json), so
// that after one visit the page opens and trains without a network. Sets data-offline on <html>
// to "ready" once every file is cached ("partial: …" when some were not), which the browser test
// and a curious reader can see; the page itself never waits for it.
const root = document.documentElement;

async function precache() {
  if (!('serviceWorker' in navigator)) {
    root.dataset.offline = 'unsupported';
    return;
  }
  const registration = await navigator.serviceWorker.register('./sw.js');
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  const response = await fetch('./precache.json', { cache: 'no-cache' });
  if (!response.ok) {
    root.dataset.offline = 'no file list';
    return;
  }
  const { version, files } = await response.json();
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data?.type !== 'precached' || event.data.version !== version) return;
    root.dataset.offline = event.data.missed.length === 0 ? 'ready' : `partial: ${event.data.missed.join(', ')}`;
    root.dataset.offlineVersion = version;
  });
  worker.postMessage({ type: 'precache', version, files });
}

window.addEventListener('load', () => {
  precache().catch((error) => {
    root.dataset.offline = `no update check: ${error.message}`;
  });
});
