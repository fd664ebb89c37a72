// The Contrastive panel: train a tiny MoCo encoder with NDA negatives next to its baseline, watch
// accuracy points and the embedding map appear, hover and click a map point for retrieval, and
// train on unlabelled uploads, which says why no accuracy is shown; measure anomaly detection by
// each encoder's k-NN similarity on a built-in set and on uploads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serveDist, openPage, screenshot, canvasPixels, SLOW, setField, copyLink } from './harness.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** Waits for the default digits, then reloads them with `count` images. */
async function loadDigits(page, count) {
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
  await setField(page, 'builtin-count', count);
  await page.getByTestId('dataset-headline').filter({ hasText: new RegExp(`^Digits · ${count} images`) }).waitFor({ timeout: SLOW });
}

/** Small, fast settings: batch 16, queue 64, `steps` steps, evaluation every 2. */
async function fastSettings(page, steps) {
  await page.getByTestId('tab-contrastive').click();
  await setField(page, 'contrastive-batch', 16);
  await setField(page, 'contrastive-queue', 64);
  await setField(page, 'contrastive-steps', steps);
  await setField(page, 'contrastive-evaluate-every', 2);
}

async function waitForStep(page, step) {
  await page.waitForFunction(
    (step) => {
      const text = document.querySelector('[data-testid="contrastive-progress-text"]');
      const phase = document.querySelector('[data-testid="contrastive-phase"]');
      return text && Number(text.dataset.step) === step && phase && phase.textContent === 'Finished.';
    },
    step,
    { timeout: 2 * SLOW },
  );
}

test('a tiny encoder trains next to its baseline: accuracy points, embedding map, hover and retrieval of 8 neighbours', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await loadDigits(page, 500);
    await fastSettings(page, 4);

    // A refused setting says why and keeps the old value.
    await setField(page, 'contrastive-temperature', 0);
    assert.match(await page.getByTestId('contrastive-form-error').innerText(), /temperature is 0, but it must be between 0.01 and 1/);
    assert.equal(await page.getByTestId('contrastive-temperature').inputValue(), '0.2');

    await page.getByTestId('contrastive-compare').click();
    await waitForStep(page, 4);
    // Two runs, each evaluated at steps 0, 2 and 4: k-NN and linear-probe points for both.
    assert.equal(Number(await page.getByTestId('contrastive-accuracy-chart').getAttribute('data-points')), 2 * 2 * 3);
    assert.ok(Number(await page.getByTestId('contrastive-loss-chart').getAttribute('data-points')) >= 2);
    assert.equal(await page.getByTestId('contrastive-run-0').getAttribute('data-evaluations'), '3');
    const latest = await page.getByTestId('contrastive-latest-accuracy').innerText();
    assert.match(latest, /NDA at step 4: k-NN \d+\.\d% · linear probe \d+\.\d%/);
    assert.match(latest, /Baseline at step 4: k-NN \d+\.\d%/);
    assert.match(await page.getByTestId('contrastive-run-settings-0').innerText(), /^m 2 · NDA views: Jigsaw ×1/);
    assert.match(await page.getByTestId('contrastive-run-settings-1').innerText(), /^m 0 · NDA views: none/);

    // The map shows every held-out image (20% of each class of 500 digits) in both columns.
    const points = page.getByTestId('contrastive-map-0').getByTestId('map-point');
    const heldOut = await points.count();
    assert.ok(heldOut >= 90 && heldOut <= 110, `about 100 held-out images (${heldOut})`);
    assert.equal(await page.getByTestId('contrastive-map-1').getByTestId('map-point').count(), heldOut);
    // A screen reader hears where each class gathers instead of the picture.
    const mapText = await page.getByTestId('contrastive-map-0').locator('svg[role="img"]').getAttribute('aria-label');
    assert.match(mapText, new RegExp(`^Embedding map at step 4 of ${heldOut} held-out images`));
    assert.match(mapText, /0: \d+ images centred \d+ % across and \d+ % up, \d+ nearest their own centre/);
    assert.match(mapText, /In all, \d+ % of the labelled images lie nearer their own class's centre/);
    assert.ok((await page.getByTestId('contrastive-similarity-0').locator('rect').count()) > 0, 'the similarity histogram has bars');

    // Hover shows the image; click shows it with its 8 nearest neighbours.
    await points.nth(7).hover();
    const hovered = await canvasPixels(page, 'contrastive-hover-image-0');
    assert.equal(hovered.width, 32);
    assert.equal(hovered.opaque, 32 * 32);
    await points.nth(7).click();
    await page.getByTestId('contrastive-retrieval').waitFor();
    assert.equal(await page.getByTestId('retrieval-query').count(), 1);
    assert.equal(await page.getByTestId('retrieval-neighbour').count(), 8);
    const captions = await page.getByTestId('retrieval-neighbour').locator('figcaption').allInnerTexts();
    const similarities = captions.map((caption) => Number(caption.match(/cos (-?\d\.\d\d)/)[1]));
    assert.deepEqual([...similarities].sort((a, b) => b - a), similarities, 'best first');
    const query = await canvasPixels(page, 'retrieval-query-image-0');
    const nearest = await canvasPixels(page, 'retrieval-neighbour-image-0');
    const farthest = await canvasPixels(page, 'retrieval-neighbour-image-7');
    assert.equal(nearest.opaque, 32 * 32);
    assert.equal(query.sum, hovered.sum, 'the query is the clicked image');
    assert.notEqual(nearest.sum, farthest.sum, 'neighbours are different images');
    await screenshot(page, 'contrastive.png');

    // Anomaly detection by each encoder's k-NN similarity, NDA against the baseline.
    await setField(page, 'contrastive-anomaly-images', 5);
    assert.match(await page.getByTestId('contrastive-anomaly-form-error').innerText(), /anomaly images is 5, but it must be/);
    await setField(page, 'contrastive-anomaly-images', 40);
    await page.getByTestId('contrastive-anomaly-now').click();
    const summary = page.getByTestId('contrastive-anomaly-summary');
    await summary.waitFor({ timeout: 2 * SLOW });
    assert.match(await summary.innerText(), /^At step 4 · in-distribution: fresh held-out Digits images · 40 images per set · score: mean cosine similarity to the 5 nearest training images/);
    const mean = page.getByTestId('contrastive-anomaly-table').locator('tr[data-metric="auroc"]');
    const cells = await mean.locator('td.number').allInnerTexts();
    assert.equal(cells.length, 3, 'NDA, baseline and their difference');
    const [nda, baseline, difference] = cells.map(Number);
    assert.ok(nda >= 0 && nda <= 1 && baseline >= 0 && baseline <= 1, `AUROCs in [0, 1]: ${cells}`);
    assert.ok(Math.abs(nda - baseline - difference) < 0.0015, `the difference is NDA − baseline: ${cells}`);
    assert.match(await mean.locator('[data-role="favours"]').innerText(), /^(NDA|baseline|=)$/);
    const seen = page.getByTestId('contrastive-anomaly-table').locator('tr[data-metric="auroc_nda_seen"]');
    assert.equal(await seen.count(), 1, 'the kinds the NDA run trained with are reported apart');
    // 2 other built-in sets, 5 corruptions × 5 severities, 5 NDA kinds.
    assert.equal(await page.getByTestId('contrastive-anomaly-set-table').locator('tr[data-metric^="auroc:"]').count(), 32);
    assert.ok(Number(await page.getByTestId('contrastive-anomaly-roc-nda').getAttribute('data-points')) > 6);
    assert.ok((await page.getByTestId('contrastive-anomaly-histogram-0').locator('rect.bar').count()) > 0, 'the NDA encoder\'s scores are drawn');

    await page.getByTestId('contrastive-reset').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: /^Not started/ }).waitFor();
    assert.equal(await page.getByTestId('contrastive-map-0').count(), 0);
    assert.equal(await page.getByTestId('contrastive-anomaly-summary').count(), 0, 'a reset clears the old numbers');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('unlabelled uploads still train, and the page says why no accuracy is shown', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    const red = await readFile(path.join(FIXTURES, 'red.png'));
    const gray = await readFile(path.join(FIXTURES, 'gray16.png'));
    const files = Array.from({ length: 12 }, (_, index) => ({
      name: `photo-${index}.png`,
      mimeType: 'image/png',
      buffer: index % 2 === 0 ? red : gray,
    }));
    await page.getByTestId('upload-files').setInputFiles(files);
    await page.getByTestId('dataset-headline').filter({ hasText: /^Your images · 12 images · 32×32 · no labels/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 4);
    await setField(page, 'contrastive-queue', 8);
    await setField(page, 'contrastive-steps', 2);
    await page.getByTestId('contrastive-start').click();
    await waitForStep(page, 2);
    assert.match(
      await page.getByTestId('contrastive-no-accuracy').innerText(),
      /^No accuracy: 12 of the 12 images have no label, so there is no accuracy to measure: the encoder still trains/,
    );
    assert.match(await page.getByTestId('contrastive-latest-accuracy').innerText(), /k-NN – · linear probe –/);
    assert.ok((await page.getByTestId('contrastive-map-0').getByTestId('map-point').count()) > 0, 'the map still shows the held-out images');
    // Anomaly detection needs no labels: the held-out uploads against every built-in set.
    await setField(page, 'contrastive-anomaly-images', 20);
    await page.getByTestId('contrastive-anomaly-now').click();
    await page.getByTestId('contrastive-anomaly-summary').waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('contrastive-anomaly-summary').innerText(), /in-distribution: your held-out images \(never trained on\) · 2 images per set/);
    for (const set of ['digits', 'shapes', 'faces']) {
      assert.equal(await page.getByTestId('contrastive-anomaly-set-table').locator(`tr[data-metric="auroc:${set}"]`).count(), 1, set);
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a contrastive run trains and evaluates on WebGPU too (a correctness run on SwiftShader)', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url, { webgpu: true });
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await loadDigits(page, 100);
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 8);
    await setField(page, 'contrastive-queue', 16);
    await setField(page, 'contrastive-steps', 2);
    await setField(page, 'contrastive-evaluate-every', 2);
    await page.getByTestId('contrastive-start').click();
    await waitForStep(page, 2);
    assert.equal(await page.getByTestId('contrastive-problem').count(), 0, 'no fault');
    assert.equal(Number(await page.getByTestId('contrastive-accuracy-chart').getAttribute('data-points')), 2 * 2, 'k-NN and probe at steps 0 and 2');
    assert.match(await page.getByTestId('contrastive-latest-accuracy').innerText(), /NDA at step 2: k-NN \d+\.\d% · linear probe \d+\.\d%/);
    assert.ok((await page.getByTestId('contrastive-map-0').getByTestId('map-point').count()) > 10);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

async function step(page) {
  return Number(await page.getByTestId('contrastive-progress-text').getAttribute('data-step'));
}

async function waitForStepAtLeast(page, target) {
  await page.waitForFunction(
    (target) => Number(document.querySelector('[data-testid="contrastive-progress-text"]')?.dataset.step) >= target,
    target,
    { timeout: SLOW },
  );
}

test('pause freezes a run, one step adds one, resume continues; a copied link reopens the contrastive settings', { timeout: 3 * SLOW }, async () => {
  const first = await openPage(server.url);
  let link;
  try {
    const { page, problems } = first;
    await loadDigits(page, 300);
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 8);
    await setField(page, 'contrastive-queue', 16);
    await setField(page, 'contrastive-steps', 200);
    await setField(page, 'contrastive-evaluate-every', 100);
    await setField(page, 'contrastive-nda-views', 3);
    await setField(page, 'contrastive-temperature', 0.3);
    await setField(page, 'contrastive-weight-stitching', 2);

    link = await copyLink(page);

    await page.getByTestId('tab-contrastive').click();
    await page.getByTestId('contrastive-start').click();
    await waitForStepAtLeast(page, 2);
    await page.getByTestId('contrastive-pause').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    const paused = await step(page);
    await page.waitForTimeout(2_000);
    assert.equal(await step(page), paused, 'a paused run does not step');
    await page.getByTestId('contrastive-step').click();
    await waitForStepAtLeast(page, paused + 1);
    await page.waitForTimeout(1_000);
    assert.equal(await step(page), paused + 1, 'one step is exactly one step');
    await page.getByTestId('contrastive-resume').click();
    await waitForStepAtLeast(page, paused + 4);
    await page.getByTestId('contrastive-stop').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Stopped.' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('contrastive-resume').isDisabled(), true, 'a stopped run cannot resume');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await first.close();
  }

  const second = await openPage(link);
  try {
    const { page, problems } = second;
    await page.getByTestId('share-banner').filter({ hasText: /Opened a shared experiment: MoCo-v2 with NDA negatives on Digits, 300 images/ }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('share-banner').innerText(), /m 3 NDA views \(Jigsaw ×1, Stitching ×2\), temperature 0\.3/);
    assert.equal(await page.getByTestId('tab-contrastive').getAttribute('aria-selected'), 'true', 'the link opens the Contrastive panel');
    assert.equal(await page.getByTestId('contrastive-batch').inputValue(), '8');
    assert.equal(await page.getByTestId('contrastive-nda-views').inputValue(), '3');
    assert.equal(await page.getByTestId('contrastive-temperature').inputValue(), '0.3');
    assert.equal(await page.getByTestId('contrastive-weight-stitching').inputValue(), '2');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await second.close();
  }
});

/** The map points of run `run`, as "cx,cy" strings, and the accuracy chart's count and line. */
async function results(page, run) {
  await page.getByTestId(`contrastive-map-${run}`).getByTestId('map-point').first().waitFor({ timeout: SLOW });
  const points = await page.getByTestId(`contrastive-map-${run}`).getByTestId('map-point').evaluateAll((circles) => circles.map((circle) => `${circle.getAttribute('cx')},${circle.getAttribute('cy')}`));
  return {
    points,
    accuracy: await page.getByTestId('contrastive-accuracy-chart').getAttribute('data-points'),
    latest: await page.getByTestId('contrastive-latest-accuracy').innerText(),
  };
}

test('an exported contrastive run opens in a new page with the same map and accuracies, paused, and trains one more step', { timeout: 4 * SLOW }, async () => {
  const first = await openPage(server.url);
  let file;
  let before;
  try {
    const { page, problems } = first;
    await loadDigits(page, 200);
    await fastSettings(page, 200);
    await page.getByTestId('contrastive-compare').click();
    await waitForStepAtLeast(page, 3);
    await page.getByTestId('contrastive-pause').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    await page.getByTestId('contrastive-evaluate').click();
    const paused = await step(page);
    await page.getByTestId('contrastive-latest-accuracy').filter({ hasText: new RegExp(`at step ${paused}:`) }).waitFor({ timeout: SLOW });
    before = { step: paused, nda: await results(page, 0), baseline: await results(page, 1) };
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contrastive-export').click()]);
    assert.equal(download.suggestedFilename(), `nda-lab-contrastive-step-${paused}.zip`);
    file = await readFile(await download.path());
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await first.close();
  }

  const second = await openPage(server.url);
  try {
    const { page, problems } = second;
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await page.getByTestId('contrastive-import').setInputFiles({ name: 'run.zip', mimeType: 'application/zip', buffer: file });
    await page.getByTestId('share-banner').filter({ hasText: /Imported a contrastive run file: MoCo-v2 with NDA negatives on Digits, 200 images/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    assert.equal(await step(page), before.step);
    await page.getByTestId('contrastive-latest-accuracy').filter({ hasText: new RegExp(`at step ${before.step}:`) }).waitFor({ timeout: SLOW });
    assert.deepEqual(await results(page, 0), before.nda, 'the NDA encoder: same map, accuracies and latest line');
    assert.deepEqual(await results(page, 1), before.baseline);
    assert.equal(await page.getByTestId('contrastive-batch').inputValue(), '16', 'the form shows the run\'s settings');
    await page.getByTestId('contrastive-step').click();
    await waitForStepAtLeast(page, before.step + 1);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await second.close();
  }
});

test('a contrastive run is saved in the browser when paused, survives a reload and opens paused where it was', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await loadDigits(page, 200);
    await fastSettings(page, 200);
    await page.getByTestId('contrastive-compare').click();
    await waitForStepAtLeast(page, 2);
    await page.getByTestId('contrastive-pause').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    const paused = await step(page);
    await page.getByTestId('tab-experiments').click();
    const saved = page.getByTestId('saved-run-0');
    await saved.filter({ hasText: new RegExp(`^Contrastive NDA vs baseline on Digits, Tiny encoder · step ${paused} · saved`) }).waitFor({ timeout: SLOW });

    await page.reload();
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await saved.filter({ hasText: new RegExp(`step ${paused} · saved`) }).waitFor({ timeout: SLOW });
    await page.getByTestId('saved-open-0').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('tab-contrastive').getAttribute('aria-selected'), 'true');
    assert.equal(await step(page), paused);
    await page.getByTestId('contrastive-map-0').getByTestId('map-point').first().waitFor({ timeout: SLOW });
    // Training on keeps saving under the same key: one saved run, not two.
    await page.getByTestId('contrastive-step').click();
    await waitForStepAtLeast(page, paused + 1);
    await page.getByTestId('tab-experiments').click();
    await saved.filter({ hasText: new RegExp(`step ${paused + 1} · saved`) }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('saved-run-1').count(), 0);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});
