// The video task's gallery in the Augmentations panel: Moving Shapes clips and every temporal
// negative of them play side by side; a step shows the next frame; re-roll and other clips. The
// Video panel: the estimate before Start, a refusal of what cannot fit, a short run next to its
// baseline with its charts and measures, its run file (downloaded and opened again), and pause,
// step, resume, stop and reset; a finished run kept among the browser's saved runs; training on a
// person's labelled clips;
// the page's CPU numbers against the native trainer's (golden file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, openPage, canvasPixels, screenshot, SLOW, setField, waitForVideo, copyLink } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

const ROWS = ['real', 'frame-shuffle', 'temporal-jigsaw', 'frozen', 'temporal-stitch', 'spatial-jigsaw', 'reverse'];

/**
 * A recorded WebM (`bytes`) whose Segment Info says it lasts `seconds`: a Duration element (in
 * the default timecode scale of 1 ms) put first in Info, whose size grows to match.
 */
function withDuration(bytes, seconds) {
  const data = Buffer.from(bytes);
  const info = data.indexOf(Buffer.from([0x15, 0x49, 0xa9, 0x66]));
  assert.ok(info > 0, 'the recording has a Segment Info');
  const first = data[info + 4];
  const width = Math.clz32(first) - 23;
  let size = first & (0xff >> width);
  for (let index = 1; index < width; index += 1) size = size * 256 + data[info + 4 + index];
  const duration = Buffer.alloc(11);
  duration.set([0x44, 0x89, 0x88]);
  duration.writeDoubleBE(seconds * 1000, 3);
  const grown = Buffer.alloc(8);
  grown.writeBigUInt64BE(BigInt(size + duration.length));
  grown[0] = 0x01;
  return Buffer.concat([data.subarray(0, info + 4), grown, duration, data.subarray(info + 4 + width)]);
}

async function frame(page) {
  return Number(await page.getByTestId('clip-gallery').getAttribute('data-frame'));
}

for (const webgpu of [false, true]) {
  test(`the clip gallery plays every temporal negative beside the real clips (${webgpu ? 'WebGPU' : 'CPU'})`, { timeout: SLOW }, async () => {
    const { page, problems, close } = await openPage(server.url, { webgpu });
    try {
      await page.getByTestId('backend-badge').filter({ hasText: webgpu ? /^WebGPU · / : /^CPU / }).waitFor({ timeout: SLOW });
      await page.getByTestId('tab-augmentations').click();
      for (const slug of ROWS) await page.getByTestId(`clip-canvas-${slug}`).waitFor({ timeout: SLOW });
      assert.match(await page.getByTestId('clip-row-reverse').innerText(), /\(control; this project's temporal extension\)/);
      assert.match(await page.getByTestId('clip-row-reverse').innerText(), /stays in distribution/);
      assert.match(await page.getByTestId('clip-row-frozen').innerText(), /\(negative; this project's temporal extension\)/);
      assert.match(await page.getByTestId('clip-row-spatial-jigsaw').innerText(), /\(negative; the paper's spatial negative\)/);
      assert.match(await page.getByTestId('clip-row-real').innerText(), /the label is the motion/i);

      // It plays on its own.
      const first = await frame(page);
      await page.waitForFunction((start) => Number(document.querySelector('[data-testid="clip-gallery"]').dataset.frame) !== start, first, { timeout: 10_000 });

      // Paused, one frame at a time: a real clip moves, a frozen one does not.
      await page.getByTestId('clip-play').click();
      await page.getByTestId('clip-play').filter({ hasText: 'Play' }).waitFor();
      const paused = await frame(page);
      const real = await canvasPixels(page, 'clip-canvas-real');
      const frozen = await canvasPixels(page, 'clip-canvas-frozen');
      assert.ok(real.opaque > 0 && real.width > 0, 'the real clips are drawn');
      await page.getByTestId('clip-step').click();
      await page.getByTestId('clip-frame').filter({ hasText: `frame ${((paused + 1) % 8) + 1} of 8` }).waitFor();
      assert.notEqual((await canvasPixels(page, 'clip-canvas-real')).sum, real.sum, 'a real clip moves from frame to frame');
      assert.equal((await canvasPixels(page, 'clip-canvas-frozen')).sum, frozen.sum, 'a frozen clip stands still');
      await page.waitForTimeout(400);
      assert.equal(await frame(page), (paused + 1) % 8, 'a paused gallery stands still');

      // Re-roll draws the negatives again on the same clips; other clips change the clips.
      const shuffle = await canvasPixels(page, 'clip-canvas-frame-shuffle');
      const realNow = await canvasPixels(page, 'clip-canvas-real');
      await page.getByTestId('clip-reroll').click();
      await page.locator('[data-testid="clip-gallery"][data-seeds="1-2"]').waitFor();
      assert.equal((await canvasPixels(page, 'clip-canvas-real')).sum, realNow.sum, 'a re-roll keeps the clips');
      assert.notEqual((await canvasPixels(page, 'clip-canvas-frame-shuffle')).sum, shuffle.sum, 'a re-roll shuffles again');
      await page.getByTestId('clip-other').click();
      await page.locator('[data-testid="clip-gallery"][data-seeds="2-2"]').waitFor();
      assert.notEqual((await canvasPixels(page, 'clip-canvas-real')).sum, realNow.sum, 'other clips');
      if (!webgpu) await screenshot(page, 'clip-gallery.png');
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await close();
    }
  });
}

test("a person's clips (frame folders, a video) replace Moving Shapes in the gallery, each left-out file named with its reason", { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('tab-augmentations').click();
    const real = page.getByTestId('clip-canvas-real');
    await real.waitFor({ timeout: SLOW });
    const width = async () => Number(await real.evaluate((canvas) => canvas.width));
    const eight = await width();
    // tests/fixtures/clips.zip: three folders of 8 frames (a square moving right, left, down) and a text file.
    await page.getByTestId('clip-upload').setInputFiles(new URL('../fixtures/clips.zip', import.meta.url).pathname);
    await page.getByTestId('clip-upload-note').filter({ hasText: /^3 of your clips \(labels: down, left, right\)/ }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('clip-upload-note').innerText(), /Left out: clips\.zip\/notes\.txt: /);
    await page.getByTestId('clip-row-real').filter({ hasText: 'Your clips' }).waitFor();
    assert.ok((await width()) < eight / 2, 'three clips instead of eight');
    for (const slug of ROWS) await page.getByTestId(`clip-canvas-${slug}`).waitFor();
    // A file with no clip says why and keeps the clips on show.
    await page.getByTestId('clip-upload').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a clip') });
    await page.getByTestId('clip-error').filter({ hasText: /none of these files is a clip/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('clip-row-real').filter({ hasText: 'Your clips' }).waitFor();
    await page.getByTestId('clip-builtin').click();
    await page.getByTestId('clip-row-real').filter({ hasText: 'Real clips' }).waitFor();
    assert.equal(await width(), eight);
    assert.equal(await page.getByTestId('clip-upload-note').innerText(), '');

    // A short video (WebM, recorded here from a canvas: a square moving right) is sampled to 8
    // frames by the browser's own decoder; a file it cannot play is named with the reason.
    const webm = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const context = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
      const chunks = [];
      recorder.ondataavailable = (event) => chunks.push(event.data);
      const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
      recorder.start(100);
      for (let frame = 0; frame < 40; frame += 1) {
        context.fillStyle = '#14205a';
        context.fillRect(0, 0, 64, 64);
        context.fillStyle = '#fafafa';
        context.fillRect(4 + frame, 24, 16, 16);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      recorder.stop();
      await stopped;
      return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
    });
    await page.getByTestId('clip-upload').setInputFiles([
      { name: 'square.webm', mimeType: 'video/webm', buffer: Buffer.from(webm) },
      { name: 'broken.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video') },
    ]);
    await page.getByTestId('clip-upload-note').filter({ hasText: /^1 of your clips/ }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('clip-upload-note').innerText(), /Left out: broken\.mp4: this browser cannot play it/);
    // The cap on length, without recording a minute: the same video whose header says 61 s.
    await page.getByTestId('clip-upload').setInputFiles([
      { name: 'square.webm', mimeType: 'video/webm', buffer: Buffer.from(webm) },
      { name: 'long.webm', mimeType: 'video/webm', buffer: withDuration(webm, 61) },
    ]);
    await page.getByTestId('clip-upload-note').filter({ hasText: /Left out: long\.webm: it is 61 s long; the gallery samples videos of at most 60 s/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('clip-row-real').filter({ hasText: 'Your clips' }).waitFor();
    const moving = await real.evaluate((canvas) => canvas.toDataURL());
    await page.getByTestId('clip-step').click();
    assert.notEqual(await real.evaluate((canvas) => canvas.toDataURL()), moving, 'the video clip moves');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a clip encoder trains next to its baseline in the Video panel: estimate, controls, charts and measures (CPU)', { timeout: 8 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();

    // Before Start: what one step needs, and a refusal with the figure for what cannot fit.
    assert.match(await page.getByTestId('video-memory-estimate').innerText(), /^One step needs about [\d.]+ MB .* it fits\.$/);
    await setField(page, 'video-batch', 256);
    await setField(page, 'video-nda-views', 4);
    await page.getByTestId('video-preset').selectOption('medium');
    assert.match(await page.getByTestId('video-memory-estimate').innerText(), /does not fit: Start will refuse it/);
    await page.getByTestId('video-compare').click();
    assert.match(await page.getByTestId('video-error').innerText(), /cannot start video training: batch 256 at 32 px needs about [\d.]+ GB/);
    assert.equal(await page.getByTestId('video-phase').innerText(), 'Not started.', 'nothing claims to train');

    // A refused setting says why and keeps the old value.
    await page.getByTestId('video-preset').selectOption('tiny');
    await setField(page, 'video-nda-views', 1);
    await setField(page, 'video-batch', 8);
    await setField(page, 'video-temperature', 0);
    assert.ok((await page.getByTestId('video-form-error').innerText()).length > 0);
    assert.equal(await page.getByTestId('video-temperature').inputValue(), '0.07');

    await setField(page, 'video-steps', 4);
    await setField(page, 'video-evaluate-every', 4);
    await page.getByTestId('video-compare').click();
    await waitForVideo(page, 4, 'Finished.', 4 * SLOW);
    // Two runs, each evaluated untrained and at the end: motion and one-frame k-NN points.
    assert.equal(Number(await page.getByTestId('video-accuracy-chart').getAttribute('data-points')), 2 * 2 * 2);
    assert.ok(Number(await page.getByTestId('video-loss-chart').getAttribute('data-points')) >= 2);
    const rows = page.getByTestId('video-measure-row');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /^NDA\s+4\s+0\.\d{3}\s+0\.\d{3}/);
    assert.match(await rows.nth(1).innerText(), /^Baseline\s+4\s+0\.\d{3}/);
    assert.equal(await page.getByTestId('video-step').isDisabled(), true, 'a finished run takes no step');

    // The run file downloads.
    const download = page.waitForEvent('download', { timeout: SLOW });
    await page.getByTestId('video-export').click();
    await download;
    assert.equal((await download).suggestedFilename(), 'nda-lab-video-step-4.zip');
    const runFile = await (await download).path();

    // It opens again, after a reset: the settings, the finished runs, their charts and measures.
    await page.getByTestId('video-reset').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Not started.' }).waitFor({ timeout: SLOW });
    await setField(page, 'video-steps', 9);
    await page.getByTestId('video-import').setInputFiles(runFile);
    await waitForVideo(page, 4, 'Finished.', 2 * SLOW);
    assert.equal(await page.getByTestId('video-steps').inputValue(), '4', "the file's settings");
    assert.equal(Number(await page.getByTestId('video-accuracy-chart').getAttribute('data-points')), 2 * 2 * 2);
    assert.match(await page.getByTestId('video-measure-row').nth(1).innerText(), /^Baseline\s+4\s+0\.\d{3}/);
    // A file that is not a run file is refused with a reason; the opened runs stay.
    await page.getByTestId('video-import').setInputFiles({ name: 'not-a-run.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip') });
    await page.getByTestId('video-error').filter({ hasText: /^this run file cannot be opened: / }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('video-measure-row').count(), 2);

    // A longer run: pause, one step, resume, stop, reset.
    await setField(page, 'video-steps', 500);
    await setField(page, 'video-evaluate-every', 250);
    await page.getByTestId('video-start').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Training…' }).waitFor({ timeout: 2 * SLOW });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="video-progress-text"]')?.dataset.step) >= 1, null, { timeout: 2 * SLOW });
    await page.getByTestId('video-pause').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
    const paused = Number(await page.getByTestId('video-progress-text').getAttribute('data-step'));
    await page.getByTestId('video-step').click();
    await waitForVideo(page, paused + 1, 'Paused.', 4 * SLOW);
    assert.equal(await page.getByTestId('video-measure-row').count(), 1, 'NDA only');

    // Explain one step: the run's next step, one clip beside its NDA clip, the loss recomputed
    // on the page next to the device's.
    await page.getByTestId('video-explain').click();
    await waitForVideo(page, paused + 2, 'Paused.', 4 * SLOW);
    const walk = page.getByTestId('vwalk-body');
    await walk.waitFor({ timeout: 2 * SLOW });
    const told = await page.getByTestId('vwalk-text').innerText();
    assert.match(told, new RegExp(`NDA run, step ${paused + 2}: clip 1 of the batch of 8\\.`));
    assert.match(told, /Its 1 NDA clip\(s\), frame shuffle \(/);
    const deviceLoss = Number(await walk.getAttribute('data-loss'));
    const pageLoss = Number(await walk.getAttribute('data-mean-loss'));
    assert.ok(Number.isFinite(deviceLoss) && Math.abs(deviceLoss - pageLoss) <= 1e-3 * Math.max(1, deviceLoss), `device ${deviceLoss}, page ${pageLoss}`);
    const strips = page.getByTestId('vwalk-strip');
    assert.equal(await strips.count(), 2, 'the clip and its NDA clip');
    const drawn = await strips.evaluateAll((canvases) => canvases.map((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let opaque = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index] > 0) opaque += 1;
      return { width: canvas.width, opaque };
    }));
    assert.ok(drawn.every(({ width, opaque }) => width > 8 * 32 && opaque > 0), JSON.stringify(drawn));
    await page.getByTestId('vwalk-clip').selectOption({ value: '1' });
    await page.getByTestId('vwalk-text').filter({ hasText: 'clip 2 of the batch of 8' }).waitFor();
    await page.getByTestId('video-resume').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Training…' }).waitFor({ timeout: SLOW });
    await page.getByTestId('video-stop').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Stopped.' }).waitFor({ timeout: SLOW });
    await page.getByTestId('video-reset').click();
    await page.getByTestId('video-phase').filter({ hasText: 'Not started.' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('video-measures').count(), 0, 'the results are gone after a reset');
    assert.equal(await page.getByTestId('video-steps').inputValue(), '500', 'the settings stay');
    await screenshot(page, 'video-training.png');

    // The settings travel in a share link, which opens on the Video panel.
    await setField(page, 'video-seed', 9);
    await page.getByTestId('video-negative').selectOption('frozen');
    const link = await copyLink(page);
    const second = await openPage(link);
    try {
      await second.page.getByTestId('share-banner').filter({ hasText: /^Opened a shared experiment: A clip encoder with NDA clips on Moving Shapes, 1600 clips of 8 frames, seed 1; Tiny encoder, batch 8, 500 steps, m 1 NDA clips \(frozen ×1\)/ }).waitFor({ timeout: SLOW });
      assert.equal(await second.page.getByTestId('tab-video').getAttribute('aria-selected'), 'true', 'the link opens the Video panel');
      assert.equal(await second.page.getByTestId('video-steps').inputValue(), '500');
      assert.equal(await second.page.getByTestId('video-seed').inputValue(), '9');
      assert.equal(await second.page.getByTestId('video-negative').inputValue(), 'frozen');
      assert.deepEqual(second.problems.pageErrors, []);
    } finally {
      await second.close();
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('a video run is saved in the browser when it finishes, survives a reload, opens where it was and can be deleted', { timeout: 6 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();
    await setField(page, 'video-steps', 3);
    await setField(page, 'video-evaluate-every', 3);
    await page.getByTestId('video-compare').click();
    await waitForVideo(page, 3, 'Finished.', 4 * SLOW);
    const measured = await page.getByTestId('video-measure-row').nth(0).innerText();
    await page.getByTestId('tab-experiments').click();
    const saved = page.getByTestId('saved-run-0');
    await saved.filter({ hasText: /^Video NDA vs baseline on Moving Shapes \(1600 clips of 8 frames\), Tiny clip encoder · step 3 · saved/ }).waitFor({ timeout: SLOW });

    await page.reload();
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await saved.filter({ hasText: /step 3 · saved/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('saved-open-0').click();
    await waitForVideo(page, 3, 'Finished.', 4 * SLOW);
    assert.equal(await page.getByTestId('tab-video').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('video-steps').inputValue(), '3', "the run's settings");
    assert.equal(await page.getByTestId('video-measure-row').count(), 2);
    assert.equal(await page.getByTestId('video-measure-row').nth(0).innerText(), measured, 'the same measures');
    // Opened, it is saved back under its own key: one saved run, not two.
    await page.getByTestId('tab-experiments').click();
    await saved.waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('saved-run-1').count(), 0);
    await page.getByTestId('saved-delete-0').click();
    await page.getByTestId('saved-empty').waitFor({ timeout: SLOW });
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test("the Video panel trains on a person's labelled clips from the gallery, and their saved run opens only with them", { timeout: 6 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  const loadClips = async () => {
    await page.getByTestId('tab-augmentations').click();
    // tests/fixtures/training-clips.zip: 10 squares moving right and 10 moving left, 8 frames each.
    await page.getByTestId('clip-upload').setInputFiles(new URL('../fixtures/training-clips.zip', import.meta.url).pathname);
    await page.getByTestId('clip-upload-note').filter({ hasText: /^20 of your clips \(labels: left, right\)/ }).waitFor({ timeout: SLOW });
  };
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();
    assert.equal(await page.getByTestId('video-clips-text').innerText(), 'Trains on Moving Shapes, 1600 clips of 8 frames.');
    assert.equal(await page.getByTestId('video-clips').locator('option[value="own"]').isDisabled(), true, 'no clips of yours yet');
    await loadClips();
    await page.getByTestId('tab-video').click();
    await page.getByTestId('video-clips').selectOption({ value: 'own' });
    assert.equal(await page.getByTestId('video-clips-text').innerText(), 'Trains on your 20 clips (a fifth of each label held out to measure).');
    await setField(page, 'video-batch', 8);
    await setField(page, 'video-steps', 2);
    await setField(page, 'video-evaluate-every', 2);
    await page.getByTestId('video-compare').click();
    await waitForVideo(page, 2, 'Finished.', 4 * SLOW);
    const rows = page.getByTestId('video-measure-row');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /^NDA\s+2\s+[01]\.\d{3}/);
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-run-0').filter({ hasText: /^Video NDA vs baseline on your 20 clips, Tiny clip encoder · step 2 · saved/ }).waitFor({ timeout: SLOW });

    // After a reload the clips are gone from the page: the saved run says which to load, and
    // opens once they are back.
    await page.reload();
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-open-0').click();
    await page.getByTestId('video-error').filter({ hasText: /^this run file cannot be opened: this experiment trains on a person's 20 clips \(fingerprint [0-9a-f]+\): load those clips in the clip gallery/ }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('video-phase').innerText(), 'Not started.', 'nothing claims to train');
    await loadClips();
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('saved-open-0').click();
    await waitForVideo(page, 2, 'Finished.', 4 * SLOW);
    assert.equal(await page.getByTestId('video-measure-row').count(), 2);
    assert.equal(await page.getByTestId('video-clips').inputValue(), 'own');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test("the page's CPU video run gives the native trainer's numbers (tests/fixtures/video-cpu-golden.json)", { timeout: 4 * SLOW }, async () => {
  const golden = JSON.parse(await readFile(new URL('../fixtures/video-cpu-golden.json', import.meta.url), 'utf8'));
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();
    // The run of src/ui/video/golden_tests.rs: the defaults, NDA only, 3 steps evaluated at the end.
    await setField(page, 'video-steps', 3);
    await setField(page, 'video-evaluate-every', 3);
    await page.getByTestId('video-start').click();
    await waitForVideo(page, 3, 'Finished.', 3 * SLOW);
    const row = page.getByTestId('video-measure-row');
    const point = JSON.parse(await row.getAttribute('data-point'));
    const evaluations = JSON.parse(await row.getAttribute('data-evaluations'));
    // As the native test's tolerances: relative 1e-3 for the losses at step 3, and one tie in
    // a hundred for accuracies and AUROCs.
    const expected = golden.points[point.step - 1];
    assert.equal(point.step, 3);
    let largest = 0;
    for (const [key, value] of Object.entries(expected)) {
      if (value === null) {
        assert.equal(point[key], null, key);
        continue;
      }
      const difference = Math.abs(point[key] - value) / Math.max(1, Math.abs(value));
      largest = Math.max(largest, difference);
      assert.ok(difference <= 1e-3, `${key}: page ${point[key]}, native ${value}`);
    }
    assert.deepEqual(evaluations.map((e) => e.step), golden.evaluations.map((e) => e.step));
    evaluations.forEach((evaluation, index) => {
      const native = golden.evaluations[index];
      for (const key of ['motion_knn', 'motion_linear', 'appearance_knn', 'appearance_linear']) {
        assert.ok(Math.abs(evaluation[key] - native[key]) <= 0.01, `step ${evaluation.step} ${key}: page ${evaluation[key]}, native ${native[key]}`);
      }
      evaluation.anomaly_auroc.forEach(([kind, auroc], k) => {
        assert.equal(kind, native.anomaly_auroc[k][0]);
        assert.ok(Math.abs(auroc - native.anomaly_auroc[k][1]) <= 0.01, `step ${evaluation.step} AUROC ${kind}: page ${auroc}, native ${native.anomaly_auroc[k][1]}`);
      });
    });
    console.log(`video CPU page vs native at step 3: largest relative difference of the point ${largest}`);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await close();
  }
});
