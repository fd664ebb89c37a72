// The GAN and contrastive panels' time estimates before Start: "Measure this device" runs a short
// calibration in the worker, the line then scales with the settings, and a training run's own
// pace takes over; a study's plan gets its training time from the same speed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openPage, SLOW, setField, copyLink } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** Seconds of a "1 min 5 s" / "40 s" / "2 h 3 min" duration. */
function seconds(text) {
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+) (h|min|s)\b/g)) total += Number(value) * { h: 3600, min: 60, s: 1 }[unit];
  return total;
}

/**
 * Whether `a` equals `b` up to the rounding of the lines they came from (whole seconds, or whole
 * minutes where a line reads in hours).
 */
const near = (a, b, ...texts) => Math.abs(a - b) <= (texts.some((text) => /\d h /.test(text)) ? 61 : 2);

/** The pair's and the NDA run's estimated seconds from the estimate line. */
async function estimate(page) {
  const text = await page.getByTestId('gan-time-estimate').innerText();
  const match = text.match(/^About (.+?) for (\d+) iterations next to the baseline \((.+?) for the NDA run alone\)/);
  assert.ok(match, text);
  return { text, pair: seconds(match[1]), alone: seconds(match[3]), iterations: Number(match[2]) };
}

test('before Start the GAN panel says how long the settings take here, from a calibration and then from the run', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    assert.match(await page.getByTestId('gan-time-estimate').innerText(), /not measured yet/);
    await setField(page, 'gan-iterations', 2000);
    await page.getByTestId('gan-calibrate').click();
    await page.getByTestId('gan-time-estimate').filter({ hasText: /measured by a short calibration/ }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('gan-calibrate').innerText(), 'Measure this device');
    const first = await estimate(page);
    assert.equal(first.iterations, 2000);
    assert.ok(first.alone >= 10, `2,000 iterations of batch 64 take more than seconds on a CPU: ${first.text}`);
    assert.ok(first.pair > first.alone && first.pair < 2 * first.alone, first.text);

    // The line follows the form: twice the iterations, twice the time; half the batch, half.
    await setField(page, 'gan-iterations', 4000);
    const longer = await estimate(page);
    assert.ok(near(longer.alone, 2 * first.alone, first.text, longer.text), `${first.text} / ${longer.text}`);
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '32', 'the CPU-sized batch');
    await setField(page, 'gan-batch', 16);
    const smaller = await estimate(page);
    assert.ok(near(smaller.alone, longer.alone / 2, longer.text, smaller.text), `${longer.text} / ${smaller.text}`);

    // A run's own pace takes over once it has trained a few iterations.
    await setField(page, 'gan-batch', 8);
    await page.getByTestId('gan-start').click();
    await page.getByTestId('gan-time-estimate').filter({ hasText: /from the pace of the run in this page/ }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('gan-calibrate').isDisabled(), true, 'no calibration while a run trains');
    await page.getByTestId('gan-pause').click();
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('without WebGPU the forms start at CPU-sized settings and say so; with WebGPU, or from a link, they do not', { timeout: 2 * SLOW }, async () => {
  let link;
  const gpu = await openPage(server.url, { webgpu: true });
  try {
    const { page } = gpu;
    await page.getByTestId('backend-badge').filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    assert.equal(await page.getByTestId('gan-cpu-sized').count(), 0);
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '64');
    assert.equal(await page.getByTestId('gan-iterations').inputValue(), '500');
    link = await copyLink(page);
  } finally {
    await gpu.close();
  }

  const cpu = await openPage(server.url);
  try {
    const { page, problems } = cpu;
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    assert.match(await page.getByTestId('gan-cpu-sized').innerText(), /^No WebGPU here, so the form starts at settings sized for the CPU: batch 32 and 200 iterations/);
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '32');
    assert.equal(await page.getByTestId('gan-iterations').inputValue(), '200');
    await page.getByTestId('tab-contrastive').click();
    assert.match(await page.getByTestId('contrastive-cpu-sized').innerText(), /150 steps instead of 300/);
    assert.equal(await page.getByTestId('contrastive-steps').inputValue(), '150');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await cpu.close();
  }

  // A link made on a GPU keeps its settings on the CPU path: it must reproduce its experiment.
  const shared = await openPage(link);
  try {
    const { page } = shared;
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('share-banner').waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    assert.equal(await page.getByTestId('gan-batch').inputValue(), '64');
    assert.equal(await page.getByTestId('gan-iterations').inputValue(), '500');
    assert.equal(await page.getByTestId('gan-cpu-sized').count(), 0);
  } finally {
    await shared.close();
  }
});

test('the Contrastive panel and a contrastive study say how long they take here from the same calibration', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    assert.match(await page.getByTestId('contrastive-time-estimate').innerText(), /not measured yet/);
    await setField(page, 'contrastive-steps', 100);
    await page.getByTestId('contrastive-calibrate').click();
    const line = page.getByTestId('contrastive-time-estimate');
    await line.filter({ hasText: /measured by a short calibration/ }).waitFor({ timeout: SLOW });
    const parse = (text) => {
      const match = text.match(/^About (.+?) for (\d+) steps next to the baseline \((.+?) for the NDA run alone\)/);
      assert.ok(match, text);
      return { text, pair: seconds(match[1]), alone: seconds(match[3]), steps: Number(match[2]) };
    };
    const first = parse(await line.innerText());
    assert.equal(first.steps, 100);
    assert.ok(first.pair > first.alone && first.alone > 0, first.text);
    await setField(page, 'contrastive-steps', 400);
    const longer = parse(await line.innerText());
    assert.ok(near(longer.alone, 4 * first.alone, first.text, longer.text), `${first.text} / ${longer.text}`);

    // A 2-seed study of these settings: two pairs, each the pair's time above.
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('study-task').selectOption('contrastive');
    await setField(page, 'study-seeds', 2);
    const study = await page.getByTestId('study-time').innerText();
    const match = study.match(/^About (.+?) of training on this device \(measured by a short calibration\)/);
    assert.ok(match, study);
    assert.ok(near(seconds(match[1]), 2 * longer.pair, study, longer.text), `${study} / ${longer.text}`);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});
