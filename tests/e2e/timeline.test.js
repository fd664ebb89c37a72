// A run's timeline: the GAN panel keeps the fixed-noise grid every "Grid every" iterations and the
// contrastive panel the map at every evaluation; a slider scrubs NDA and the baseline back
// together, with a cursor on the charts, and run files carry the timeline to another page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { serveDist, openPage, screenshot, canvasPixels, SLOW, setField } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** The entries of a zip file as { name: Buffer }, read from its central directory. */
function unzip(bytes) {
  const entries = {};
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let index = 0; index < count; index += 1) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const skip = nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString();
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + size);
    entries[name] = method === 8 ? inflateRawSync(data) : data;
    at += 46 + skip;
  }
  return entries;
}

/** The fingerprint `canvasPixels` gives, of a PNG file drawn on a canvas in the page. */
async function pngPixels(page, png) {
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let opaque = 0;
    let sum = 0;
    for (let index = 0; index < data.length; index += 4) {
      if (data[index + 3] > 0) opaque += 1;
      sum = (sum * 31 + data[index] + 7 * data[index + 1] + 13 * data[index + 2]) % 1_000_000_007;
    }
    return { width: canvas.width, height: canvas.height, opaque, sum };
  }, png.toString('base64'));
}

/** Moves the slider `testId` with the keyboard, as a person does, and waits for its caption. */
async function scrub(page, testId, key, caption) {
  await page.getByTestId(`${testId}-slider`).focus();
  await page.keyboard.press(key);
  await page.getByTestId(`${testId}-caption`).filter({ hasText: caption }).waitFor({ timeout: SLOW });
}

async function exportRun(page, testId) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: SLOW }), page.getByTestId(testId).click()]);
  const bytes = await readFile(await download.path());
  return { name: download.suggestedFilename(), mimeType: 'application/zip', buffer: bytes };
}

test('a GAN run keeps its grids: the slider shows NDA and the baseline at an earlier iteration with a cursor on the charts, and the run file carries the timeline to another page', { timeout: 4 * SLOW }, async () => {
  const first = await openPage(server.url);
  let runFile;
  let early;
  try {
    const { page, problems } = first;
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 6);
    await setField(page, 'gan-sample-every', 2);
    assert.equal(await page.getByTestId('gan-timeline').count(), 0, 'no timeline before a run');
    await page.getByTestId('gan-compare').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 2 * SLOW });
    await page.getByTestId('gan-timeline-caption').filter({ hasText: 'Showing the latest. 3 results kept, from iteration 2 to 6.' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('gan-timeline-slider').getAttribute('max'), '2');
    const latest = [await canvasPixels(page, 'gan-grid-0'), await canvasPixels(page, 'gan-grid-1')];
    assert.equal(await page.getByTestId('gan-loss-chart-0').locator('line.chart-cursor').count(), 0, 'no cursor on the latest grid');
    assert.ok(await page.getByTestId('gan-timeline-latest').isDisabled());

    // Scrub to the first grid: both runs show iteration 2, and the charts a cursor there.
    await scrub(page, 'gan-timeline', 'Home', 'Showing iteration 2. 3 results kept');
    for (const run of [0, 1]) {
      await page.getByTestId(`gan-grid-caption-${run}`).filter({ hasText: 'iteration 2' }).waitFor({ timeout: SLOW });
      assert.notDeepEqual(await canvasPixels(page, `gan-grid-${run}`), latest[run], `run ${run} shows another grid`);
      assert.equal(await page.getByTestId(`gan-loss-chart-${run}`).locator('line.chart-cursor').count(), 1);
      assert.equal(await page.getByTestId(`gan-score-chart-${run}`).locator('line.chart-cursor').count(), 1);
    }
    early = [await canvasPixels(page, 'gan-grid-0'), await canvasPixels(page, 'gan-grid-1')];
    const cursorAt2 = Number(await page.getByTestId('gan-loss-chart-0').getAttribute('data-cursor'));
    await scrub(page, 'gan-timeline', 'ArrowRight', 'Showing iteration 4.');
    const cursorAt4 = Number(await page.getByTestId('gan-loss-chart-0').getAttribute('data-cursor'));
    assert.ok(cursorAt2 > 0 && cursorAt4 > cursorAt2, `the cursor moves along the D steps (${cursorAt2}, ${cursorAt4})`);
    await screenshot(page, 'gan-timeline.png');
    await page.getByTestId('gan-timeline-latest').click();
    await page.getByTestId('gan-grid-caption-0').filter({ hasText: 'iteration 6' }).waitFor({ timeout: SLOW });
    assert.deepEqual(await canvasPixels(page, 'gan-grid-0'), latest[0], '"Latest" shows the newest grid again');
    assert.equal(await page.getByTestId('gan-loss-chart-0').getAttribute('data-cursor'), null);

    // The run file holds every kept grid; the one of iteration 2 is the grid the slider showed.
    runFile = await exportRun(page, 'gan-export');
    const entries = unzip(runFile.buffer);
    for (const label of ['nda', 'baseline']) {
      for (const iteration of [2, 4, 6]) {
        assert.ok(entries[`runs/${label}/timeline/samples_00000${iteration}.png`], `${label}'s grid of iteration ${iteration}`);
      }
    }
    assert.deepEqual(await pngPixels(page, entries['runs/nda/timeline/samples_000002.png']), early[0]);
    assert.deepEqual(await pngPixels(page, entries['runs/baseline/timeline/samples_000002.png']), early[1]);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await first.close();
  }

  // Imported into a fresh page, the run can be scrubbed back to the same grids.
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await page.getByTestId('gan-import').setInputFiles(runFile);
    await page.getByTestId('gan-timeline-caption').filter({ hasText: '3 results kept, from iteration 2 to 6.' }).waitFor({ timeout: SLOW });
    await scrub(page, 'gan-timeline', 'Home', 'Showing iteration 2.');
    for (const run of [0, 1]) {
      await page.getByTestId(`gan-grid-caption-${run}`).filter({ hasText: 'iteration 2' }).waitFor({ timeout: SLOW });
      assert.deepEqual(await canvasPixels(page, `gan-grid-${run}`), early[run], `run ${run}'s grid of iteration 2 came along`);
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

/** The x positions of the first few points of a map, to tell two maps apart. */
async function mapPoints(page, run) {
  return page.getByTestId(`contrastive-map-${run}`).getByTestId('map-point').evaluateAll((circles) => circles.slice(0, 12).map((circle) => circle.getAttribute('cx')));
}

test('a contrastive run keeps its maps: the slider shows both encoders at an earlier evaluation with a cursor on the charts, and the run file carries them', { timeout: 4 * SLOW }, async () => {
  const first = await openPage(server.url);
  let runFile;
  let untrained;
  try {
    const { page, problems } = first;
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 16);
    await setField(page, 'contrastive-queue', 64);
    await setField(page, 'contrastive-steps', 4);
    await setField(page, 'contrastive-evaluate-every', 2);
    await page.getByTestId('contrastive-compare').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 2 * SLOW });
    await page.getByTestId('contrastive-timeline-caption').filter({ hasText: 'Showing the latest. 3 results kept, from step 0 to 4.' }).waitFor({ timeout: SLOW });
    const latest = [await mapPoints(page, 0), await mapPoints(page, 1)];

    await scrub(page, 'contrastive-timeline', 'Home', 'Showing step 0.');
    for (const run of [0, 1]) {
      assert.equal(await page.getByTestId(`contrastive-map-${run}`).getAttribute('data-step'), '0');
      assert.notDeepEqual(await mapPoints(page, run), latest[run], `encoder ${run} shows its untrained map`);
    }
    assert.match(await page.getByTestId('contrastive-map-0').locator('figcaption').innerText(), /^Held-out features at step 0/);
    assert.equal(await page.getByTestId('contrastive-accuracy-chart').getAttribute('data-cursor'), '0');
    assert.equal(await page.getByTestId('contrastive-accuracy-chart').locator('line.chart-cursor').count(), 1);
    untrained = [await mapPoints(page, 0), await mapPoints(page, 1)];
    await screenshot(page, 'contrastive-timeline.png');

    runFile = await exportRun(page, 'contrastive-export');
    const maps = JSON.parse(unzip(runFile.buffer)['runs/nda/maps.json'].toString());
    assert.deepEqual(maps.frames.map(([step]) => step), [0, 2, 4]);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await first.close();
  }

  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await page.getByTestId('contrastive-import').setInputFiles(runFile);
    await page.getByTestId('contrastive-timeline-caption').filter({ hasText: '3 results kept, from step 0 to 4.' }).waitFor({ timeout: SLOW });
    await scrub(page, 'contrastive-timeline', 'Home', 'Showing step 0.');
    for (const run of [0, 1]) {
      await page.waitForFunction((run) => document.querySelector(`[data-testid="contrastive-map-${run}"]`)?.dataset.step === '0', run, { timeout: SLOW });
      assert.deepEqual(await mapPoints(page, run), untrained[run], `encoder ${run}'s untrained map came along`);
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});
