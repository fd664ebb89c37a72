// The Video panel on WebGPU (SwiftShader in the tests): a 2-step clip-encoder run with its charts
// and measures. Not part of `make test`: on SwiftShader its two evaluations (768 clips encoded
// twice, 768 broken clips scored) take about 8 minutes on 2 cores. `make e2e-slow` runs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openPage, SLOW, setField, waitForVideo } from '../e2e/harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

test('a short clip-encoder run trains on WebGPU with its charts and measures', { timeout: 10 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url, { webgpu: true });
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();
    assert.match(await page.getByTestId('video-memory-estimate').innerText(), /WebGPU in a browser .* it fits\.$/);
    await setField(page, 'video-batch', 8);
    await setField(page, 'video-steps', 2);
    await setField(page, 'video-evaluate-every', 2);
    await page.getByTestId('video-start').click();
    await waitForVideo(page, 2, 'Finished.', 8 * SLOW);
    // One run, evaluated untrained and at the end: motion and one-frame k-NN points.
    assert.equal(Number(await page.getByTestId('video-accuracy-chart').getAttribute('data-points')), 2 * 2);
    assert.ok(Number(await page.getByTestId('video-loss-chart').getAttribute('data-points')) >= 1);
    assert.match(await page.getByTestId('video-measure-row').innerText(), /^NDA\s+2\s+0\.\d{3}\s+0\.\d{3}/);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await close();
  }
});
