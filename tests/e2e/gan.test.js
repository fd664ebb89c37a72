// The GAN panel: train a tiny NDA-GAN, watch it, pause / resume, step D and G, compare with the
// baseline side by side, sample and download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { serveDist, openPage, screenshot, canvasPixels, SLOW, setField, copyLink } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** The iteration and D-step counters the progress line shows. */
async function counters(page) {
  const text = page.getByTestId('gan-progress-text');
  return {
    iteration: Number(await text.getAttribute('data-iteration')),
    dSteps: Number(await text.getAttribute('data-d-steps')),
  };
}

/**
 * Waits until the counters match `want`: `{ atLeast }` iterations, or exactly `{ iteration }`
 * and/or `{ dSteps }`. (The page's CSP forbids evaluating strings, so the test passes data.)
 */
async function waitForCounters(page, want) {
  await page.waitForFunction(
    (want) => {
      const text = document.querySelector('[data-testid="gan-progress-text"]');
      if (!text) return false;
      const iteration = Number(text.dataset.iteration);
      const dSteps = Number(text.dataset.dSteps);
      return (want.atLeast === undefined || iteration >= want.atLeast)
        && (want.iteration === undefined || iteration === want.iteration)
        && (want.dSteps === undefined || dSteps === want.dSteps);
    },
    want,
    { timeout: SLOW },
  );
}

async function chartPoints(page, testId) {
  return Number(await page.getByTestId(testId).getAttribute('data-points'));
}

/** Opens the GAN panel with the default digits and a small, fast setting. */
async function openGanPanel(options = {}) {
  const opened = await openPage(server.url, options);
  const { page } = opened;
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
  await page.getByTestId('tab-gan').click();
  await setField(page, 'gan-batch', 8);
  await setField(page, 'gan-sample-every', 1);
  return opened;
}

test('an NDA-GAN trains live: counter, charts and grid change; pause, steps, resume, sample, download', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openGanPanel();
  try {
    await page.getByTestId('gan-start').click();
    await waitForCounters(page, { atLeast: 2 });
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    const firstGrid = await canvasPixels(page, 'gan-grid-0');
    assert.equal(firstGrid.width, 8 * 33 - 1, 'an 8 x 8 grid of 32 px samples');
    const firstPoints = await chartPoints(page, 'gan-loss-chart-0');
    assert.ok(firstPoints > 0, 'the loss chart has points');
    const { iteration: seen } = await counters(page);
    await waitForCounters(page, { atLeast: seen + 3 });
    assert.ok((await chartPoints(page, 'gan-loss-chart-0')) > firstPoints, 'the loss chart grows');
    await page.waitForFunction(
      (before) => {
        const canvas = document.querySelector('[data-testid="gan-grid-0"]');
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        for (let index = 0; index < data.length; index += 4) {
          sum = (sum * 31 + data[index] + 7 * data[index + 1] + 13 * data[index + 2]) % 1_000_000_007;
        }
        return sum !== before;
      },
      firstGrid.sum,
      { timeout: SLOW },
    );
    assert.ok((await chartPoints(page, 'gan-score-chart-0')) > 0, 'the D-score chart has points');
    assert.match(await page.getByTestId('gan-histogram-0').innerHTML(), /<rect/);
    assert.match(await page.getByTestId('gan-progress-text').innerText(), /it\/s · \d+ real images\/s/);

    // Pause stops the counter.
    await page.getByTestId('gan-pause').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    const paused = await counters(page);
    await page.waitForTimeout(2500);
    assert.deepEqual(await counters(page), paused, 'a paused run does not advance');

    // Step D: exactly one more D step, same iteration.
    await page.getByTestId('gan-step-d').click();
    await waitForCounters(page, { dSteps: paused.dSteps + 1 });
    assert.equal((await counters(page)).iteration, paused.iteration);
    // Step G: exactly one more iteration, no D step.
    await page.getByTestId('gan-step-g').click();
    await waitForCounters(page, { iteration: paused.iteration + 1 });
    assert.equal((await counters(page)).dSteps, paused.dSteps + 1);
    // One iteration: n_dis = 4 D steps and one G step.
    await page.getByTestId('gan-step-iteration').click();
    await waitForCounters(page, { iteration: paused.iteration + 2 });
    assert.equal((await counters(page)).dSteps, paused.dSteps + 5);

    // Resume continues.
    await page.getByTestId('gan-resume').click();
    await waitForCounters(page, { atLeast: paused.iteration + 4 });
    await page.getByTestId('gan-pause').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });

    // Sampling: a new-noise grid and an interpolation.
    await page.getByTestId('gan-sample-noise-0').click();
    await page.getByTestId('gan-samples-0').waitFor({ timeout: SLOW });
    const noise = await canvasPixels(page, 'gan-samples-0');
    await page.getByTestId('gan-sample-interpolate-0').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="gan-samples-0"]')?.width === 8 * 33 - 1 && document.querySelector('[data-testid="gan-samples-0"]')?.height === 4 * 33 - 1, null, { timeout: SLOW });
    assert.notDeepEqual(await canvasPixels(page, 'gan-samples-0'), noise);
    assert.ok(await page.getByTestId('gan-sample-class-0').isDisabled(), 'per-class rows need a conditional model');

    // Download gives a PNG.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('gan-download-grid-0').click(),
    ]);
    assert.match(download.suggestedFilename(), /^nda-lab-nda-fixed-noise-iteration-\d+\.png$/);
    const bytes = await readFile(await download.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    await screenshot(page, 'gan.png');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('baseline vs NDA trains two runs side by side, each with its settings, and shows what each D looks at; bad settings and a batch too big for memory are refused', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openGanPanel();
  try {
    await setField(page, 'gan-beta', -1);
    await page.getByTestId('gan-form-error').filter({ hasText: /beta/ }).waitFor();
    assert.equal(await page.getByTestId('gan-beta').inputValue(), '0.75', 'the old value stays');
    await setField(page, 'gan-beta', 0.75);

    // A shared link whose batch cannot fit in the page's memory (the form allows at most 256;
    // a link is not bound by the form) is refused at Start with what it needs, and the worker
    // lives on: batch 4096 at 64 px used to kill it with "unreachable" mid-"Training…".
    assert.match(await page.getByTestId('gan-memory').innerText(), /^One training step needs about \d+ MB of memory/);
    const link = await copyLink(page);
    const [origin, payload] = link.split('#nda=1.');
    const shared = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString());
    shared.config.gan.config.batch_size = 4096;
    shared.config.gan.config.image_size = 64;
    shared.config.dataset.Builtin.size = 64;
    shared.config.dataset.Builtin.count = 200;
    const huge = `${origin}#nda=1.${deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url')}`;
    const opened = await openPage(huge);
    try {
      const other = opened.page;
      await other.getByTestId('dataset-headline').filter({ hasText: /^Digits · 200 images · 64×64/ }).waitFor({ state: 'attached', timeout: SLOW });
      await other.getByTestId('tab-gan').click();
      assert.match(await other.getByTestId('gan-memory').innerText(), /^One training step needs about \d+\.\d GB of memory/);
      await other.getByTestId('gan-start').click();
      await other.getByTestId('gan-error').filter({ hasText: /batch 4096 at 64 px needs about [\d.]+ GB .*more than the CPU path of this page.*lower the batch size/ }).waitFor({ timeout: SLOW });
      assert.match(await other.getByTestId('gan-phase').innerText(), /^Not started/);
      assert.deepEqual(opened.problems.pageErrors, [], 'the worker did not crash');
    } finally {
      await opened.close();
    }
    await page.getByTestId('tab-gan').click();

    await page.getByTestId('gan-compare').click();
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    await page.getByTestId('gan-grid-1').waitFor({ timeout: SLOW });
    await waitForCounters(page, { atLeast: 2 });
    assert.match(await page.getByTestId('gan-run-0').locator('h3').innerText(), /NDA/);
    assert.match(await page.getByTestId('gan-run-1').locator('h3').innerText(), /Baseline/);
    assert.match(await page.getByTestId('gan-run-settings-0').innerText(), /α 0\.25 · β 0\.75 · negatives: Jigsaw ×1/);
    assert.match(await page.getByTestId('gan-run-settings-1').innerText(), /α 1 · β 0 · negatives: none/);
    assert.ok((await chartPoints(page, 'gan-loss-chart-1')) > 0);
    await page.getByTestId('gan-stop').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Stopped.' }).waitFor({ timeout: SLOW });
    await screenshot(page, 'gan-compare.png');

    // What D looks at: a jigsawed training image, shown to both discriminators on one scale.
    await page.getByTestId('look-source').selectOption('jigsaw');
    await page.getByTestId('look-now').click();
    await page.getByTestId('look-what').filter({ hasText: /^training image 0, jigsawed \(2×2\) at iteration \d+ \(white: a score change of [\d.]+\)$/ }).waitFor({ timeout: SLOW });
    for (const [index, label] of [[0, 'NDA'], [1, 'Baseline']]) {
      const caption = await page.getByTestId(`look-run-${index}`).locator('figcaption').innerText();
      assert.match(caption, new RegExp(`^${label}: D scores it -?\\d+\\.\\d{3}; hiding (a square on the 2×2 seams moves its score [\\d.]+× as much as an average square|any square leaves its score unchanged)$`));
      const heat = await canvasPixels(page, `look-heat-${index}`);
      assert.equal(heat.opaque, heat.width * heat.height, 'a full heat map');
    }
    await page.getByTestId('look-next').click();
    await page.getByTestId('look-what').filter({ hasText: /^training image 1, jigsawed/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('look-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await page.getByTestId('look-error').filter({ hasText: /notes\.txt cannot be shown to D/ }).waitFor({ timeout: SLOW });
    await screenshot(page, 'gan-looking.png');
    await page.getByTestId('gan-reset').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Not started' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('gan-run-0').count(), 0);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('an NDA-GAN trains on WebGPU too (a correctness run on SwiftShader)', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openGanPanel({ webgpu: true });
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await page.getByTestId('gan-start').click();
    await waitForCounters(page, { atLeast: 2 });
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('gan-progress-text').innerText(), /Iteration \d+ \/ 500/);
    assert.equal(await page.getByTestId('gan-problem').count(), 0, 'no fault');
    await page.getByTestId('gan-stop').click();
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

/**
 * Trains the default run (batch 8) for an iteration or two and compares the page's numbers with the
 * native trainer's (`tests/fixtures/gan-cpu-golden.json`); returns the largest relative difference.
 */
async function compareWithNative(options, tolerance) {
  const golden = JSON.parse(await readFile(new URL('../fixtures/gan-cpu-golden.json', import.meta.url), 'utf8'));
  const { page, close } = await openGanPanel(options);
  try {
    if (options.webgpu) await page.getByTestId('backend-badge').filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await page.getByTestId('gan-start').click();
    await waitForCounters(page, { atLeast: 1 });
    await page.getByTestId('gan-pause').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    const shown = JSON.parse(await page.getByTestId('gan-latest-0').getAttribute('data-point'));
    assert.ok(shown.iteration >= 1 && shown.iteration <= golden.length, `paused at iteration ${shown.iteration}`);
    const expected = golden[shown.iteration - 1];
    let largest = 0;
    for (const [key, value] of Object.entries(expected)) {
      if (value === null) {
        assert.equal(shown[key], null, key);
        continue;
      }
      const difference = Math.abs(shown[key] - value) / Math.max(1, Math.abs(value));
      largest = Math.max(largest, difference);
      assert.ok(difference <= tolerance, `${key}: page ${shown[key]}, native ${value}`);
    }
    console.log(`${options.webgpu ? 'WebGPU' : 'CPU'} page vs native at iteration ${shown.iteration}: largest relative difference ${largest}`);
  } finally {
    await close();
  }
}

test("the page's CPU backend gives the native trainer's numbers for the same config and seed", { timeout: 2 * SLOW }, async () => {
  await compareWithNative({}, 1e-5);
});

test('on WebGPU the same run stays within a stated tolerance of the native CPU numbers', { timeout: 2 * SLOW }, async () => {
  await compareWithNative({ webgpu: true }, 1e-4);
});
