// The Data panel: built-in sets, uploads with good and bad files, zip archives with labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, openPage, screenshot, canvasPixels, SLOW } from './harness.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const fixture = (name) => path.join(FIXTURES, name);

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

async function headline(page, pattern) {
  await page.getByTestId('dataset-headline').filter({ hasText: pattern }).waitFor({ timeout: SLOW });
  return page.getByTestId('dataset-headline').innerText();
}

test('the page opens on a built-in set, and each built-in set shows thumbnails and class counts', { timeout: SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await headline(page, /^Digits · 4,000 images · 32×32 · 10 classes · generated in \d+ ms$/);
    const digits = await canvasPixels(page, 'dataset-thumbnails');
    assert.ok(digits.opaque > 32 * 32 * 40, `digit thumbnails are drawn (${digits.opaque} px)`);

    await page.getByTestId('builtin-shapes').check();
    await headline(page, /^Shapes · 4,000 images/);
    const shapes = await canvasPixels(page, 'dataset-thumbnails');
    assert.notEqual(shapes.sum, digits.sum);
    assert.match(await page.getByTestId('class-counts').innerText(), /circle\s+\d+/i);

    await page.getByTestId('builtin-faces').check();
    await headline(page, /^Faces · 4,000 images/);
    assert.notEqual((await canvasPixels(page, 'dataset-thumbnails')).sum, shapes.sum);

    // An out-of-range count is refused with a reason and the set stays as it was.
    await page.getByTestId('builtin-count').fill('0');
    await page.getByTestId('builtin-count').press('Enter');
    await page.getByTestId('data-form-error').waitFor();
    assert.match(await page.getByTestId('dataset-headline').innerText(), /^Faces · 4,000 images/);

    await page.getByTestId('builtin-count').fill('500');
    await page.getByTestId('builtin-count').press('Enter');
    await headline(page, /^Faces · 500 images/);
    await screenshot(page, 'data-faces.png');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('uploads keep every good file, list every bad one with a reason, and zip folders give labels', { timeout: SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await headline(page, /^Digits/);
    await page.getByTestId('upload-files').setInputFiles(
      ['red.png', 'gray16.png', 'notes.txt', 'fake.png', 'truncated.png', 'empty.png'].map(fixture),
    );
    await page.getByTestId('upload-outcome').filter({ hasText: 'Added 2 images; 4 files could not be used:' }).waitFor({ timeout: SLOW });
    const rejected = await page.getByTestId('upload-rejected').locator('li').allInnerTexts();
    assert.equal(rejected.length, 4);
    for (const name of ['notes.txt', 'fake.png', 'truncated.png', 'empty.png']) {
      const line = rejected.find((text) => text.startsWith(`${name}: `));
      assert.ok(line, `${name} is listed`);
      assert.ok(line.length > name.length + 10, `${name} has a reason: ${line}`);
    }
    await headline(page, /^Your images · 2 images · 32×32 · no labels/);

    // Only bad files: nothing already loaded is lost.
    await page.getByTestId('upload-files').setInputFiles([fixture('notes.txt')]);
    await page.getByTestId('upload-outcome').filter({ hasText: 'Added 0 images; 1 file could not be used:' }).waitFor({ timeout: SLOW });
    await headline(page, /^Your images · 2 images/);

    // A zip with folders: labels from the folder names, system clutter skipped, the text refused.
    await page.getByTestId('upload-files').setInputFiles([fixture('labelled.zip')]);
    await page.getByTestId('upload-outcome').filter({ hasText: /^Added 3 images; 1 file could not be used:/ }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('upload-rejected').innerText(), /readme\.txt/);
    await headline(page, /^Your images · 5 images · 32×32 · 2 classes/);
    const counts = await page.getByTestId('class-counts').innerText();
    assert.match(counts, /cats\s+2/);
    assert.match(counts, /dogs\s+1/);
    assert.match(counts, /\(no label\)\s+2/);

    // Switching to a built-in set keeps the uploads, and they can be used again.
    await page.getByTestId('builtin-shapes').check();
    await headline(page, /^Shapes/);
    await page.getByTestId('use-uploads').filter({ hasText: 'Use my 5 uploaded images' }).click();
    await headline(page, /^Your images · 5 images/);
    await screenshot(page, 'data-uploads.png');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});
