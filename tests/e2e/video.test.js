// The video task's gallery in the Augmentations panel: Moving Shapes clips and every temporal
// negative of them play side by side; a step shows the next frame; re-roll and other clips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openPage, canvasPixels, screenshot, SLOW } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

const ROWS = ['real', 'frame-shuffle', 'temporal-jigsaw', 'frozen', 'temporal-stitch', 'spatial-jigsaw', 'reverse'];

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
