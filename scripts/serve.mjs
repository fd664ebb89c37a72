// A static file server for the built page, on 127.0.0.1 only: `node scripts/serve.mjs DIR PORT`.
// Used by `make serve` (so a restart does not rebuild) and by the browser tests.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
};

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port); resolves to { url, close }. */
export async function serve(root, port = 0) {
  const base = path.resolve(root);
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = path.join(base, pathname === '/' ? 'index.html' : pathname);
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  try {
    const { url } = await serve(root, Number(port));
    console.log(`NDA Lab is served on ${url} (Ctrl+C to stop)`);
  } catch (error) {
    console.error(`could not serve ${root} on port ${port}: ${error.message}`);
    process.exit(1);
  }
}
