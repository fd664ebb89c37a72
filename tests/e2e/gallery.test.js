// The Augmentations panel: every negative and positive row, re-roll, and settings with errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openPage, screenshot, SLOW } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

const ROWS = ['real', 'jigsaw', 'stitching', 'mixup', 'cutout', 'cutmix', 'positive-1', 'positive-2'];

async function rowPixels(page, slug) {
  return page.getByTestId(`gallery-canvas-${slug}`).evaluate((canvas) => canvas.toDataURL());
}

/** Waits until the rows on screen were drawn with these seeds. */
async function waitForSeeds(page, imageSeed, augmentSeed) {
  await page.locator(`[data-testid="gallery"][data-rendered-seeds="${imageSeed}-${augmentSeed}"]`).waitFor({ timeout: SLOW });
}

for (const webgpu of [false, true]) {
  test(`the gallery shows every augmentation and re-rolls (${webgpu ? 'WebGPU' : 'CPU'})`, { timeout: SLOW }, async () => {
    const { page, problems, close } = await openPage(server.url, { webgpu });
    try {
      await page.getByTestId('backend-badge').filter({ hasText: webgpu ? /^WebGPU · / : /^CPU / }).waitFor({ timeout: SLOW });
      await page.getByTestId('builtin-faces').check();
      await page.getByTestId('dataset-headline').filter({ hasText: /^Faces/ }).waitFor({ timeout: SLOW });
      await page.getByTestId('tab-augmentations').click();
      for (const slug of ROWS) {
        await page.getByTestId(`gallery-canvas-${slug}`).waitFor({ timeout: SLOW });
      }
      await page.getByTestId('gallery-row-jigsaw').filter({ hasText: 'Jigsaw (negative)' }).waitFor({ timeout: SLOW });
      await waitForSeeds(page, 1, 1);
      assert.match(await page.getByTestId('gallery-row-positive-1').innerText(), /still a photo of the same thing/);

      const before = Object.fromEntries(await Promise.all(ROWS.map(async (slug) => [slug, await rowPixels(page, slug)])));
      for (const slug of ROWS.slice(1)) assert.ok(before[slug] !== before.real, `${slug} differs from the real images`);

      await page.getByTestId('gallery-reroll').click();
      await waitForSeeds(page, 1, 2);
      assert.ok((await rowPixels(page, 'real')) === before.real, 'a re-roll keeps the real images');
      assert.ok((await rowPixels(page, 'jigsaw')) !== before.jigsaw, 'a re-roll changes the jigsaw');
      assert.ok((await rowPixels(page, 'cutout')) !== before.cutout, 'a re-roll changes the cutout');

      await page.getByTestId('gallery-other-images').click();
      await waitForSeeds(page, 2, 2);
      assert.ok((await rowPixels(page, 'real')) !== before.real, 'other images');
      if (!webgpu) await screenshot(page, 'gallery.png');
      assert.deepEqual(problems.pageErrors, []);
      assert.deepEqual(problems.consoleErrors, []);
    } finally {
      await close();
    }
  });
}

test('gallery settings: a grid that does not divide the image explains itself, a bad number is refused', { timeout: SLOW }, async () => {
  const { page, close } = await openPage(server.url);
  try {
    await page.getByTestId('tab-augmentations').click();
    await page.getByTestId('gallery-canvas-jigsaw').waitFor({ timeout: SLOW });

    await page.getByTestId('gallery-jigsawgrid').selectOption('3');
    await page.getByTestId('gallery-row-jigsaw').locator('.error').filter({ hasText: 'grid 3 does not divide the image size 32' }).waitFor({ timeout: SLOW });
    // The other rows are still drawn.
    await page.getByTestId('gallery-canvas-stitching').waitFor({ timeout: SLOW });

    await page.getByTestId('gallery-jigsawgrid').selectOption('4');
    await page.getByTestId('gallery-canvas-jigsaw').waitFor({ timeout: SLOW });

    await page.getByTestId('gallery-mixupbeta').fill('-2');
    await page.getByTestId('gallery-mixupbeta').press('Enter');
    await page.getByTestId('gallery-form-error').waitFor();
    assert.match(await page.getByTestId('gallery-form-error').innerText(), /beta|β/i);
  } finally {
    await close();
  }
});
