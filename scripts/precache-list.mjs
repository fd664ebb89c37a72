// trunk's post_build hook (Trunk.toml): writes precache.json into the build, the list of the
// page's files that the service worker (sw.js) caches at first visit, with a version that is the
// SHA-256 of their contents, so a changed build is a new version.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('precache-list.mjs runs as trunk post_build hook (TRUNK_STAGING_DIR unset)');
const SKIP = new Set(['precache.json', 'sw.js']);

const files = (await readdir(staging, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(staging, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join('/'))
  .filter((file) => !SKIP.has(file))
  .sort();
const hash = createHash('sha256');
for (const file of files) {
  hash.update(file);
  hash.update(await readFile(path.join(staging, file)));
}
const version = hash.digest('hex').slice(0, 16);
await writeFile(path.join(staging, 'precache.json'), `${JSON.stringify({ version, files }, null, 2)}\n`);
