// The page shell: badge, device check through the worker, CPU switch, tabs, small screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, openPage, screenshot, expectedChecksum, SLOW } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** Waits for the device check and returns the checksum the worker computed. */
async function deviceChecksum(page) {
  const check = page.getByTestId('device-check');
  await check.locator('xpath=self::*[@data-checksum]').waitFor({ timeout: SLOW });
  assert.equal(await check.getAttribute('data-correct'), 'true');
  return Number(await check.getAttribute('data-checksum'));
}

function assertCloseToExact(checksum) {
  const exact = expectedChecksum(64);
  assert.ok(Math.abs(checksum - exact) <= 1e-4 * Math.abs(exact), `${checksum} vs exact ${exact}`);
}

test('without WebGPU the badge says CPU with the reason, and the worker computes the check', { timeout: SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    const badge = page.getByTestId('backend-badge');
    await assert.doesNotReject(
      badge.filter({ hasText: /^CPU \(WebAssembly\) · WebGPU unavailable: .+/ }).waitFor({ timeout: SLOW }),
    );
    assertCloseToExact(await deviceChecksum(page));
    assert.match(await page.getByTestId('device-check').innerText(), /computed on the CPU/);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('with WebGPU the badge names the adapter and the GPU computes the check', { timeout: SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url, { webgpu: true });
  try {
    const badge = page.getByTestId('backend-badge');
    await badge.filter({ hasText: /^WebGPU · .+/ }).waitFor({ timeout: SLOW });
    assertCloseToExact(await deviceChecksum(page));
    assert.match(await page.getByTestId('device-check').innerText(), /computed on WebGPU/);
    await screenshot(page, 'page.png');

    // Forcing the CPU re-selects the backend and re-runs the check there.
    await page.getByTestId('force-cpu').check();
    await badge.filter({ hasText: /^CPU \(WebAssembly\) · WebGPU unavailable: switched off/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('device-check').filter({ hasText: /computed on the CPU/ }).waitFor({ timeout: SLOW });
    assertCloseToExact(await deviceChecksum(page));

    // And back: the GPU device is reused, not initialised twice.
    await page.getByTestId('force-cpu').uncheck();
    await badge.filter({ hasText: /^WebGPU · / }).waitFor({ timeout: SLOW });
    await page.getByTestId('device-check').filter({ hasText: /computed on WebGPU/ }).waitFor({ timeout: SLOW });
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('tabs switch panels by mouse and keyboard, and the page fits 360 px', { timeout: SLOW }, async () => {
  const { page, close } = await openPage(server.url, { viewport: { width: 360, height: 740 } });
  try {
    await page.getByTestId('tab-data').waitFor();
    assert.equal(await page.getByTestId('panel-data').isVisible(), true);
    assert.equal(await page.getByTestId('panel-gan').isVisible(), false);

    await page.getByTestId('tab-gan').click();
    assert.equal(await page.getByTestId('panel-gan').isVisible(), true);
    assert.equal(await page.getByTestId('panel-data').isVisible(), false);
    assert.equal(await page.getByTestId('tab-gan').getAttribute('aria-selected'), 'true');

    await page.getByTestId('tab-experiments').focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByTestId('panel-experiments').isVisible(), true);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than a 360 px screen`);
    await screenshot(page, 'page-360.png');
  } finally {
    await close();
  }
});
