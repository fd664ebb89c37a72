// Offline and installable: after one visit, the page opens, trains and exports a run with its
// server stopped (not Playwright's setOffline, which a service worker's fetches ignore); a changed
// build served later is picked up on the next visit, and the saved runs are still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { DIST, openPage, SLOW, setField } from './harness.js';

async function waitForDigits(page) {
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
}

test('after one visit the page trains and exports offline, and a new build comes on the next visit', { timeout: 4 * SLOW }, async () => {
  let server = await serve(DIST);
  const port = Number(new URL(server.url).port);
  const changed = await mkdtemp(path.join(tmpdir(), 'nda-lab-changed-build-'));
  const { page, problems, close } = await openPage(server.url);
  try {
    await waitForDigits(page);
    const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
    const { name, start_url: start } = JSON.parse(await readFile(path.join(DIST, manifest), 'utf8'));
    assert.match(name, /^NDA Lab/);
    assert.equal(new URL(start, new URL(manifest, server.url)).href, server.url, 'installed, it opens the page');
    await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, { timeout: SLOW });
    const { version } = JSON.parse(await readFile(path.join(DIST, 'precache.json'), 'utf8'));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.offlineVersion), version);

    await server.close();
    await assert.rejects(fetch(server.url), 'the server is really down');
    await page.reload();
    await waitForDigits(page);
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 2);
    await page.getByTestId('gan-start').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: SLOW });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('gan-export').click()]);
    assert.match(download.suggestedFilename(), /\.zip$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a run file, exported offline');
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-run-0').filter({ hasText: 'iteration 2 ' }).waitFor({ timeout: SLOW });

    // A new build on the same address: the next visit shows it, and the saved run is kept.
    await cp(DIST, changed, { recursive: true });
    const index = await readFile(path.join(changed, 'index.html'), 'utf8');
    await writeFile(path.join(changed, 'index.html'), index.replace('<head>', '<head><meta name="nda-lab-build" content="changed" />'));
    const list = JSON.parse(await readFile(path.join(changed, 'precache.json'), 'utf8'));
    await writeFile(path.join(changed, 'precache.json'), JSON.stringify({ ...list, version: 'changed-build' }));
    server = await serve(changed, port);
    await page.reload();
    await waitForDigits(page);
    assert.equal(await page.locator('meta[name="nda-lab-build"]').count(), 1, 'the new build is shown');
    await page.waitForFunction(() => document.documentElement.dataset.offlineVersion === 'changed-build', null, { timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-run-0').filter({ hasText: 'iteration 2 ' }).waitFor({ timeout: SLOW });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
    await server.close();
    await rm(changed, { recursive: true, force: true });
  }
});
