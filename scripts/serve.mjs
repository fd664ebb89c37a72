// A static file server for the built page, on 127.0.0.1 only: `node scripts/serve.mjs DIR PORT`.
// Used by `make serve` (so a restart does not rebuild) and by the browser tests (tests/e2e/harness.js).
//
// Why it is more than `readFile(join(root, url))`: a request must never end the process (a bad
// percent-encoding used to throw an uncaught URIError), must never read outside the served folder (a
// prefix check without a separator let `/..%2fdist-x/` through; symlinks are compared by real path), and
// the served folder is resolved on every request, so that `make serve` can serve a quick build first and
// atomically switch a symlink to the optimised build while the server runs (503 until the folder exists).
// Headers suit a wasm page: `application/wasm`, `nosniff`, and a year of caching only for the files whose
// names trunk gives a content hash (`app-<16+ hex>_bg.wasm`); everything else, index.html above all, is
// revalidated (`no-cache`). Node built-ins only, no dependency.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.zip': 'application/zip',
};

/** A `-` then 16 or more hex digits in a file name: trunk's content hash (`app-1a2b3c4d5e6f7a8b_bg.wasm`). */
const HASHED_NAME = /-[0-9a-f]{16,}/i;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n';

/** Error codes of the file system that mean "there is no such file" rather than a fault. */
const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** An answer that is not a file: a status and a short plain-text reason. */
class Refusal {
  constructor(status, message) {
    this.status = status;
    this.message = message;
  }
}

/** Whether `target` is `base` or lies under it (a real separator, not a name prefix). */
function isInside(base, target) {
  const relative = path.relative(base, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The decoded path of a raw request target, or a Refusal for a malformed one. */
function decodePath(rawUrl) {
  if (!rawUrl.startsWith('/')) return new Refusal(400, 'bad request path');
  const rawPath = rawUrl.split(/[?#]/, 1)[0];
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return new Refusal(400, 'bad percent-encoding in path');
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return new Refusal(400, 'bad character in path');
  return decoded;
}

/** The real path of an existing file, or null when there is none (other errors are faults and throw). */
async function realOrNull(file) {
  try {
    return await realpath(file);
  } catch (error) {
    if (MISSING.has(error.code)) return null;
    throw error;
  }
}

/** Finds the file a request path names under `root`: { file, size } or a Refusal. */
async function locate(root, decoded) {
  const base = await realOrNull(root);
  if (base === null) return new Refusal(503, 'the page is still being built, try again in a moment');
  const wanted = path.join(base, decoded);
  if (!isInside(base, wanted)) return new Refusal(403, 'forbidden');
  let file = await realOrNull(wanted);
  if (file === null) return new Refusal(404, 'not found');
  if (!isInside(base, file)) return new Refusal(403, 'forbidden');
  let info = await stat(file);
  if (info.isDirectory()) {
    file = await realOrNull(path.join(file, 'index.html'));
    if (file === null) return new Refusal(404, 'not found');
    if (!isInside(base, file)) return new Refusal(403, 'forbidden');
    info = await stat(file);
  }
  if (!info.isFile()) return new Refusal(404, 'not found');
  return { file, size: info.size };
}

/** Answers with a short plain-text body (headers only for HEAD). */
function sendText(request, response, status, message, extra = {}) {
  const body = `${message}\n`;
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...extra,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** Answers one request; may throw, the caller turns that into a 500. */
async function handle(root, request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(request, response, 405, 'method not allowed', { allow: 'GET, HEAD' });
    return;
  }
  const decoded = decodePath(request.url);
  const found = decoded instanceof Refusal ? decoded : await locate(root, decoded);
  if (found instanceof Refusal) {
    // While the page is being built, the browser reloads by itself (the Refresh header).
    const waiting = found.status === 503 ? { refresh: '5', 'retry-after': '5' } : {};
    sendText(request, response, found.status, found.message, waiting);
    return;
  }
  response.writeHead(200, {
    'content-type': MIME[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': found.size,
    'cache-control': HASHED_NAME.test(path.basename(found.file)) ? IMMUTABLE : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  // A client that goes away mid-file rejects the pipeline; the response is already destroyed then.
  await pipeline(createReadStream(found.file), response).catch(() => response.destroy());
}

/** Serves `root` on 127.0.0.1:`port` (0 picks a free port); resolves to { url, close }. */
export async function serve(root, port = 0) {
  const served = path.resolve(root);
  const server = createServer((request, response) => {
    handle(served, request, response).catch((error) => {
      console.error(`serve: 500 for ${request.method} ${JSON.stringify(request.url)}: ${error.message}`);
      if (response.headersSent) response.destroy();
      else sendText(request, response, 500, 'internal server error');
    });
  });
  server.on('clientError', (error, socket) => {
    if (error.code !== 'ECONNRESET' && socket.writable) socket.end(BAD_REQUEST, () => socket.destroy());
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${address.port}/`, close };
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
