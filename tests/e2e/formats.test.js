// Old links and files keep opening: every fixture in tests/fixtures/v1/ was written by the page
// that wrote format version 1 (tests/fixtures/v1/capture.mjs says how), with the settings that page
// showed on opening it. Today's page must show the same settings for each link, settings file and
// run file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, serveDist, settingsSnapshot, settled, SLOW } from './harness.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/v1');
const names = (await readdir(FIXTURES)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5));
const fixtures = await Promise.all(names.map(async (name) => JSON.parse(await readFile(path.join(FIXTURES, `${name}.json`), 'utf8'))));

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

// Controls the version 1 page did not have (the Video panel's): an old link or file shows them at
// their defaults, since it holds no video settings.
const ADDED_SINCE_V1 = {
  'hide-video-settings': false,
  'study-split': '1',
  'video-batch': '16',
  'video-clips': 'shapes',
  'video-evaluate-every': '100',
  'video-lr': '0.001',
  'video-nda-views': '1',
  'video-negative': 'frame shuffle',
  'video-preset': 'tiny',
  'video-seed': '2',
  'video-steps': '300',
  'video-temperature': '0.07',
};

// Defaults changed on purpose since version 1. The study form's primary metric is FD, not KID, since
// evaluator version 3 (issue 28: FD passes the metric validation on every built-in set, KID fails
// on Digits and Shapes). No fixture's link or file holds a study that declares KID: each "kid" was
// the form's old default, shown because the link held no study.
const DEFAULTS_CHANGED = { 'study-primary': { kid: 'fd' } };

/** The recorded controls with today's defaults where the defaults changed. */
function withTodaysDefaults(controls) {
  const changed = Object.entries(DEFAULTS_CHANGED)
    .filter(([id, map]) => map[controls[id]] !== undefined)
    .map(([id, map]) => [id, map[controls[id]]]);
  return { ...controls, ...Object.fromEntries(changed), ...ADDED_SINCE_V1 };
}

/** Compares snapshots setting by setting, so a failure names the control that changed. */
function assertSameSettings(actual, recorded, what) {
  const expected = { ...recorded, controls: withTodaysDefaults(recorded.controls) };
  assert.deepEqual(Object.keys(actual.controls).sort(), Object.keys(expected.controls).sort(), `${what}: the same controls are shown`);
  for (const [id, value] of Object.entries(expected.controls)) assert.equal(actual.controls[id], value, `${what}: ${id}`);
  assert.deepEqual({ ...actual, controls: null }, { ...expected, controls: null }, `${what}: tab, lesson, study note and banner`);
}

for (const fixture of fixtures.filter((fixture) => fixture.link)) {
  test(`the version 1 link and settings file "${fixture.name}" open with every setting as it was`, { timeout: 2 * SLOW }, async () => {
    const linked = await openPage(`${server.url}#${fixture.link}`);
    try {
      await settled(linked.page);
      assertSameSettings(await settingsSnapshot(linked.page), fixture.fromLink, `${fixture.name} link`);
      assert.deepEqual(linked.problems.pageErrors, []);
    } finally {
      await linked.close();
    }
    const { page, problems, close } = await openPage(server.url);
    try {
      await settled(page);
      await page.getByTestId('tab-experiments').click();
      await page.getByTestId('config-open').setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fixture.file)) });
      await page.getByTestId('share-banner').filter({ hasText: /Opened settings\.json/ }).waitFor({ timeout: SLOW });
      await settled(page);
      assertSameSettings(await settingsSnapshot(page), fixture.fromFile, `${fixture.name} file`);
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await close();
    }
  });
}

for (const fixture of fixtures.filter((fixture) => fixture.step !== undefined)) {
  const gan = fixture.name.startsWith('gan');
  test(`the version 1 run file "${fixture.name}" imports paused at its step with every setting as it was`, { timeout: 2 * SLOW }, async () => {
    const { page, problems, close } = await openPage(server.url);
    try {
      await settled(page);
      await page.getByTestId(gan ? 'tab-gan' : 'tab-contrastive').click();
      const buffer = await readFile(path.join(FIXTURES, `${fixture.name}.zip`));
      await page.getByTestId(gan ? 'gan-import' : 'contrastive-import').setInputFiles({ name: `${fixture.name}.zip`, mimeType: 'application/zip', buffer });
      await page.getByTestId('share-banner').filter({ hasText: /Imported a (contrastive )?run file/ }).waitFor({ timeout: SLOW });
      await page.getByTestId(gan ? 'gan-phase' : 'contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: SLOW });
      await settled(page);
      const counter = page.getByTestId(gan ? 'gan-progress-text' : 'contrastive-progress-text');
      assert.equal(Number(await counter.getAttribute(gan ? 'data-iteration' : 'data-step')), fixture.step);
      assertSameSettings(await settingsSnapshot(page), fixture.fromFile, fixture.name);
      assert.deepEqual(problems.pageErrors, []);
    } finally {
      await close();
    }
  });
}
