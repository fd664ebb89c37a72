// The Experiments panel: share links that restore settings (and hide controls), bad links that
// explain themselves, presets, and settings files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, openPage, canvasPixels, SLOW, setField, copyLink } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

test('a copied link opens the same settings in a new page, and hidden controls stay hidden', { timeout: 2 * SLOW }, async () => {
  const first = await openPage(server.url);
  let link;
  let hiddenLink;
  try {
    const { page } = first;
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('builtin-shapes').check();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Shapes/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-augmentations').click();
    await page.getByTestId('gallery-jigsawgrid').selectOption('4');
    await page.getByTestId('gallery-stitchorientation').selectOption('vertical');
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 16);
    await setField(page, 'gan-beta', 0.5);
    await setField(page, 'gan-weight-cutout', 2);
    await page.getByTestId('gan-preset').selectOption('small');
    link = await copyLink(page);
    assert.ok(link.startsWith(server.url), link);
    assert.ok(link.length < 1500, `the link is short: ${link.length} characters`);
    console.log(`share link: ${link.length} characters`);
    await page.getByTestId('hide-gan-settings').check();
    await page.getByTestId('hide-uploads').check();
    await page.getByTestId('share-panel').selectOption('data');
    hiddenLink = await copyLink(page);
  } finally {
    await first.close();
  }

  const second = await openPage(link);
  try {
    const { page, problems } = second;
    await page.getByTestId('share-banner').filter({ hasText: /Opened a shared experiment: NDA-GAN on Shapes/ }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('tab-gan').getAttribute('aria-selected'), 'true', 'the link opens the panel it was made on');
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '16');
    assert.equal(await page.getByTestId('gan-beta').inputValue(), '0.5');
    assert.equal(await page.getByTestId('gan-weight-cutout').inputValue(), '2');
    for (const kind of ['stitching', 'mixup', 'cutmix']) {
      assert.equal(await page.getByTestId(`gan-weight-${kind}`).inputValue(), '0', `an unused ${kind} weighs 0, not -0`);
    }
    assert.equal(await page.getByTestId('gan-preset').inputValue(), 'small');
    await page.getByTestId('tab-data').click();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Shapes/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-augmentations').click();
    assert.equal(await page.getByTestId('gallery-jigsawgrid').inputValue(), '4');
    assert.equal(await page.getByTestId('gallery-stitchorientation').inputValue(), 'vertical');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await second.close();
  }

  const third = await openPage(hiddenLink);
  try {
    const { page } = third;
    await page.getByTestId('share-banner').waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('tab-data').getAttribute('aria-selected'), 'true', 'this link opens on the Data panel');
    assert.equal(await page.getByTestId('upload-files').count(), 0, 'uploads are hidden');
    await page.getByTestId('tab-gan').click();
    await page.getByTestId('gan-start').waitFor();
    assert.equal(await page.getByTestId('gan-batch').count(), 0, 'the GAN settings are hidden');
    await page.getByTestId('tab-data').click();
    assert.equal(await page.getByTestId('upload-files').count(), 0, 'uploads are hidden');
    assert.equal(await page.getByTestId('builtin-shapes').count(), 1, 'the built-in sets are not');
  } finally {
    await third.close();
  }
});

test('a mangled link says what is wrong and opens the defaults', { timeout: SLOW }, async () => {
  for (const [fragment, message] of [
    ['#nda=1.@@@', /damaged/],
    ['#nda=1.eJyrVspMUbIy', /damaged|not valid/],
    ['#nda=7.abc', /format version 7/],
  ]) {
    const { page, problems, close } = await openPage(`${server.url}${fragment}`);
    try {
      await page.getByTestId('share-error').filter({ hasText: message }).waitFor({ timeout: SLOW });
      assert.match(await page.getByTestId('share-error').innerText(), /opened with its defaults/);
      await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await close();
    }
  }
});

test('a preset opens its experiment, and settings files download and open', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('preset-jigsaw-faces').click();
    await page.getByTestId('share-banner').filter({ hasText: /preset “Jigsaw NDA vs baseline on Faces”/ }).waitFor();
    assert.match(await page.getByTestId('share-banner').innerText(), /Baseline vs NDA/);
    assert.equal(await page.getByTestId('tab-gan').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('gan-iterations').inputValue(), '300');
    await page.getByTestId('tab-data').click();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Faces · 2,000 images/ }).waitFor({ timeout: SLOW });
    assert.match(page.url(), /#nda=1\./, 'the address bar holds the preset link');

    await page.getByTestId('tab-experiments').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-download').click()]);
    assert.equal(download.suggestedFilename(), 'nda-lab-experiment.json');
    const config = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(config.version, 2);
    assert.equal(config.gan.iterations, 300);
    assert.equal(config.dataset.Builtin.dataset, 'Faces');

    config.gan.iterations = 77;
    await page.getByTestId('config-open').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)) });
    await page.getByTestId('share-banner').filter({ hasText: /Opened edited\.json/ }).waitFor();
    await page.getByTestId('tab-gan').click();
    assert.equal(await page.getByTestId('gan-iterations').inputValue(), '77');

    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('config-open').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "iterations": "lots"}') });
    await page.getByTestId('share-error').filter({ hasText: /broken\.json could not be opened: .*invalid type/ }).waitFor();
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await close();
  }
});

test('a GAN run exports as a zip and imports into a new page with the same samples, then keeps training', { timeout: 3 * SLOW }, async () => {
  const first = await openPage(server.url);
  let runFile;
  let exported;
  try {
    const { page } = first;
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-sample-every', 1);
    await page.getByTestId('gan-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) >= 2, null, { timeout: SLOW });
    await page.getByTestId('gan-pause').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    exported = {
      iteration: Number(await page.getByTestId('gan-progress-text').getAttribute('data-iteration')),
      grid: await canvasPixels(page, 'gan-grid-0'),
    };
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), page.getByTestId('gan-export').click()]);
    assert.match(download.suggestedFilename(), /^nda-lab-gan-iteration-\d+\.zip$/);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    for (const entry of ['README.md', 'config.json', 'runs/nda/metrics.csv', 'runs/nda/samples.png', 'runs/nda/weights.safetensors']) {
      assert.ok(bytes.includes(Buffer.from(entry)), `the zip holds ${entry}`);
    }
    // The download's file goes when the browser closes: keep the bytes.
    runFile = { name: download.suggestedFilename(), mimeType: 'application/zip', buffer: bytes };
  } finally {
    await first.close();
  }

  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await page.getByTestId('gan-import').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('hello') });
    await page.getByTestId('gan-error').filter({ hasText: /cannot be opened: .*not a zip archive/ }).waitFor({ timeout: SLOW });

    await page.getByTestId('gan-import').setInputFiles(runFile);
    await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) === want, exported.iteration, { timeout: SLOW });
    // The counters can arrive before the grid: wait until the canvas has been drawn.
    await page.waitForFunction((width) => document.querySelector('[data-testid="gan-grid-0"]')?.width === width, exported.grid.width, { timeout: SLOW });
    assert.deepEqual(await canvasPixels(page, 'gan-grid-0'), exported.grid, 'the imported generator draws the same samples');
    assert.ok(Number(await page.getByTestId('gan-loss-chart-0').getAttribute('data-points')) >= 1, 'the metrics came along');
    assert.match(await page.getByTestId('share-banner').innerText(), /Imported a run file/);
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '8', 'the settings came along');

    await page.getByTestId('gan-step-iteration').click();
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) === want, exported.iteration + 1, { timeout: SLOW });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('runs are saved in the browser: a reload keeps a finished run, open restores it, delete removes it', { timeout: 3 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-empty').waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 3);
    await page.getByTestId('gan-start').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: SLOW });
    const iteration = Number(await page.getByTestId('gan-progress-text').getAttribute('data-iteration'));
    assert.equal(iteration, 3);
    await page.getByTestId('tab-experiments').click();
    const saved = page.getByTestId('saved-run-0').filter({ hasText: `iteration ${iteration} ` });
    await saved.waitFor({ timeout: SLOW });
    assert.match(await saved.innerText(), /NDA-GAN on Digits, Tiny model/);

    await page.reload();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-run-0').filter({ hasText: `iteration ${iteration} ` }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('saved-run-1').count(), 0, 'one run, saved once');

    await page.getByTestId('saved-open-0').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: SLOW });
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) === want, iteration, { timeout: SLOW });

    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-run-0').waitFor();
    assert.equal(await page.getByTestId('saved-run-1').count(), 0, 'opening a run does not copy it');
    await page.getByTestId('saved-delete-0').click();
    await page.getByTestId('saved-empty').waitFor({ timeout: SLOW });
    await page.reload();
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-empty').waitFor({ timeout: SLOW });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});
