// Tests of scripts/serve.mjs, the static server of the built page: headers a wasm page needs, paths that
// must not escape the served folder (sent as raw request lines, since fetch and URL normalise `..` and
// percent-encodings), requests that used to end the process, and a served root that is a symlink switched
// while the server runs. Run with `node --test tests/server/`; only 127.0.0.1, every request bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, symlink, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

const CLI = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));

const HASHED = 'app-1a2b3c4d5e6f7a8b_bg.wasm';
const WASM_BYTES = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** Sends one raw HTTP/1.1 request to `url`'s port; resolves to { status, headers, body } (5 s at most). */
function rawRequest(url, target, { method = 'GET', requestLine } = {}) {
  const { port } = new URL(url);
  const line = requestLine ?? `${method} ${target} HTTP/1.1`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port: Number(port) });
    const chunks = [];
    socket.setTimeout(5000, () => socket.destroy(new Error(`no answer to ${line}`)));
    socket.on('connect', () => socket.write(`${line}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks);
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) {
        reject(new Error(`no complete answer to ${line}: ${JSON.stringify(text.toString())}`));
        return;
      }
      const [statusLine, ...headerLines] = text.subarray(0, split).toString().split('\r\n');
      const headers = {};
      for (const header of headerLines) {
        const colon = header.indexOf(':');
        headers[header.slice(0, colon).toLowerCase()] = header.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.subarray(split + 4) });
    });
  });
}

let scratch;
let root;
let server;

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'nda-lab-serve-'));
  root = path.join(scratch, 'dist');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  await mkdir(path.join(root, 'empty'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>NDA Lab</title>');
  await writeFile(path.join(root, 'plain.wasm'), WASM_BYTES);
  await writeFile(path.join(root, HASHED), WASM_BYTES);
  await writeFile(path.join(root, 'sub', 'index.html'), 'sub index');
  await mkdir(`${root}-x`);
  await writeFile(path.join(`${root}-x`, 'secret.txt'), 'secret');
  await symlink(path.join(`${root}-x`, 'secret.txt'), path.join(root, 'escape.txt'));
  await symlink('loop', path.join(root, 'loop'));
  server = await serve(root, 0);
});

after(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

test('url is on 127.0.0.1 with the chosen port', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('index is served with html type, nosniff and no-cache', async () => {
  const answer = await rawRequest(server.url, '/');
  assert.equal(answer.status, 200);
  assert.equal(answer.body.toString(), '<!doctype html><title>NDA Lab</title>');
  assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(answer.headers['x-content-type-options'], 'nosniff');
  assert.equal(answer.headers['cache-control'], 'no-cache');
  assert.equal(answer.headers['content-length'], String(answer.body.length));
});

test('wasm is served as application/wasm; only hashed names are immutable', async () => {
  const plain = await rawRequest(server.url, '/plain.wasm');
  assert.equal(plain.status, 200);
  assert.deepEqual(plain.body, WASM_BYTES);
  assert.equal(plain.headers['content-type'], 'application/wasm');
  assert.equal(plain.headers['cache-control'], 'no-cache');
  const hashed = await rawRequest(server.url, `/${HASHED}?v=1`);
  assert.equal(hashed.status, 200);
  assert.deepEqual(hashed.body, WASM_BYTES);
  assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
});

test('a directory serves its index.html, or 404 without one', async () => {
  const sub = await rawRequest(server.url, '/sub/');
  assert.equal(sub.status, 200);
  assert.equal(sub.body.toString(), 'sub index');
  assert.equal((await rawRequest(server.url, '/empty/')).status, 404);
});

test('a missing file is 404 with a plain-text body', async () => {
  const answer = await rawRequest(server.url, '/nothing-here.js');
  assert.equal(answer.status, 404);
  assert.match(answer.headers['content-type'], /^text\/plain/);
  assert.ok(answer.body.length > 0);
});

test('bad percent-encoding is 400, not a crash', async () => {
  assert.equal((await rawRequest(server.url, '/%E0%A4%A')).status, 400);
  assert.equal((await rawRequest(server.url, '/')).status, 200);
});

test('a double slash does not crash the server', async () => {
  const answer = await rawRequest(server.url, '//');
  assert.ok([200, 400, 404].includes(answer.status), `status ${answer.status}`);
  assert.equal((await rawRequest(server.url, '/')).status, 200);
});

test('a NUL byte or a backslash in the path is 400', async () => {
  assert.equal((await rawRequest(server.url, '/index.html%00.txt')).status, 400);
  assert.equal((await rawRequest(server.url, '/%5c..%5cdist-x%5csecret.txt')).status, 400);
});

test('an encoded ../ into a sibling folder with the same prefix is 403', async () => {
  const name = path.basename(root);
  const answer = await rawRequest(server.url, `/..%2f${name}-x/secret.txt`);
  assert.equal(answer.status, 403);
  assert.doesNotMatch(answer.body.toString(), /secret/);
});

test('a raw ../ out of the root is refused', async () => {
  const name = path.basename(root);
  for (const target of [`/../${name}-x/secret.txt`, `/sub/../../${name}-x/secret.txt`, '/%2e%2e/%2e%2e/etc/hostname']) {
    const answer = await rawRequest(server.url, target);
    assert.ok([400, 403].includes(answer.status), `${target} gave ${answer.status}`);
  }
});

test('a symlink inside the root that points outside it is 403', async () => {
  const answer = await rawRequest(server.url, '/escape.txt');
  assert.equal(answer.status, 403);
  assert.doesNotMatch(answer.body.toString(), /secret/);
});

test('methods other than GET and HEAD are 405 with an allow header', async () => {
  const answer = await rawRequest(server.url, '/', { method: 'POST' });
  assert.equal(answer.status, 405);
  assert.equal(answer.headers.allow, 'GET, HEAD');
});

test('HEAD sends the headers of GET and no body', async () => {
  const answer = await rawRequest(server.url, '/plain.wasm', { method: 'HEAD' });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-length'], String(WASM_BYTES.length));
  assert.equal(answer.body.length, 0);
});

test('a malformed request line is 400 from clientError', async () => {
  const answer = await rawRequest(server.url, '', { requestLine: 'NOT A REQUEST' });
  assert.equal(answer.status, 400);
});

test('an unexpected error is 500 with one log line, and serving goes on', async (t) => {
  const logged = t.mock.method(console, 'error', () => {});
  const answer = await rawRequest(server.url, '/loop');
  assert.equal(answer.status, 500);
  assert.equal(logged.mock.callCount(), 1);
  assert.match(logged.mock.calls[0].arguments[0], /^serve: 500 for GET "\/loop"/);
});

test('the CLI prints its url and its process survives every bad request', async () => {
  const child = spawn(process.execPath, [CLI, root, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the CLI printed no url within 5 s')), 5000);
      let printed = '';
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        const match = printed.match(/^NDA Lab is served on (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl\+C to stop\)$/m);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', () => reject(new Error('the CLI exited before serving')));
    });
    const name = path.basename(root);
    for (const target of ['/%E0%A4%A', '//', '/%00', `/..%2f${name}-x/secret.txt`, '/loop']) {
      await rawRequest(url, target).catch(() => {});
    }
    await rawRequest(url, '', { requestLine: 'NOT A REQUEST' }).catch(() => {});
    const answer = await rawRequest(url, '/index.html');
    assert.equal(answer.status, 200);
    assert.equal(child.exitCode, null);
  } finally {
    child.kill();
    await exited;
  }
});

test('a served symlink switched to another folder serves the new folder at once', async () => {
  const link = path.join(scratch, 'current');
  for (const name of ['quick', 'optimised']) {
    await mkdir(path.join(scratch, name));
    await writeFile(path.join(scratch, name, 'index.html'), `${name} build`);
  }
  await symlink(path.join(scratch, 'quick'), link);
  const switching = await serve(link, 0);
  try {
    assert.equal((await rawRequest(switching.url, '/')).body.toString(), 'quick build');
    await symlink(path.join(scratch, 'optimised'), `${link}.new`);
    await rename(`${link}.new`, link);
    assert.equal((await rawRequest(switching.url, '/')).body.toString(), 'optimised build');
  } finally {
    await switching.close();
  }
});

test('a root that does not exist yet is 503 until it does', async () => {
  const later = path.join(scratch, 'later');
  const waiting = await serve(later, 0);
  try {
    const early = await rawRequest(waiting.url, '/');
    assert.equal(early.status, 503);
    assert.match(early.body.toString(), /the page is still being built/);
    assert.equal(early.headers.refresh, '5', 'the browser reloads until the page is there');
    assert.equal((await rawRequest(waiting.url, '/app.js')).status, 503);
    await mkdir(later);
    await writeFile(path.join(later, 'index.html'), 'built');
    const ready = await rawRequest(waiting.url, '/');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.toString(), 'built');
  } finally {
    await waiting.close();
  }
});
