// Accessibility: axe-core (through @axe-core/playwright) on every panel, first as the page opens
// and then in a trained state (a GAN compared with its baseline and evaluated, a contrastive
// pair), with the WCAG 2.0 and 2.1 A and AA rules: zero violations, no rule disabled and no
// region excluded. The GAN run is set up and started with the keyboard alone; charts read out
// their numbers; every trained panel fits 360 px and 200 % zoom (screenshots in the artifacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serveDist, openPage, screenshot, SLOW, setField } from './harness.js';

const PANELS = ['data', 'augmentations', 'gan', 'contrastive', 'video', 'experiments'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** Presses Tab until the control `testId` has the focus (it must be reachable by keyboard). */
async function tabTo(page, testId) {
  for (let presses = 0; presses < 400; presses += 1) {
    if ((await page.evaluate(() => document.activeElement?.dataset?.testid)) === testId) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${testId} cannot be reached with the Tab key`);
}

/** Tabs to a number field, replaces its value by typing and confirms with Enter. */
async function typeInto(page, testId, value) {
  await tabTo(page, testId);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(value));
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId(testId).inputValue(), String(value), `${testId} by keyboard`);
}

/** Every violation on every panel, as lines a person can act on. */
async function violations(page, state) {
  const found = [];
  for (const panel of PANELS) {
    await page.getByTestId(`tab-${panel}`).click();
    await page.locator(`[data-testid="tab-${panel}"][aria-selected="true"]`).waitFor();
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const violation of results.violations) {
      for (const node of violation.nodes) {
        found.push(`${state} · ${panel} · ${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary.replace(/\s+/g, ' ')}`);
      }
    }
  }
  return found;
}

test('axe finds no WCAG 2.1 A or AA violation on any panel, untrained or trained', { timeout: 6 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    const found = await violations(page, 'as opened');

    // Baseline vs NDA with evaluation on (charts, the metric table, ROC curves, histograms),
    // set up and started with the keyboard alone.
    await tabTo(page, 'tab-gan');
    await page.keyboard.press('Enter');
    for (const [field, value] of [['gan-batch', 8], ['gan-iterations', 2], ['gan-sample-every', 1]]) {
      await typeInto(page, field, value);
    }
    await tabTo(page, 'eval-enabled');
    await page.keyboard.press('Space');
    assert.equal(await page.getByTestId('eval-enabled').isChecked(), true, 'Space ticks the box');
    for (const [field, value] of [['eval-samples', 40], ['eval-anomaly-images', 30], ['eval-evaluator-steps', 10]]) {
      await typeInto(page, field, value);
    }
    await tabTo(page, 'gan-compare');
    await page.keyboard.press('Enter');
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 3 * SLOW });
    await page.getByTestId('eval-summary').filter({ hasText: /^At iteration 2/ }).waitFor({ timeout: 3 * SLOW });
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 8);
    await setField(page, 'contrastive-queue', 16);
    await setField(page, 'contrastive-steps', 2);
    await page.getByTestId('contrastive-start').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 2 * SLOW });
    found.push(...(await violations(page, 'trained')));

    assert.deepEqual(found, [], `axe-core violations:\n${found.join('\n')}`);

    // A chart's text alternative is the numbers it shows.
    await page.getByTestId('tab-gan').click();
    const label = await page.locator('[data-testid="gan-loss-chart-0"] svg').getAttribute('aria-label');
    assert.match(label, /L_D real: 2 points from \d+ to \d+, -?[\d.]+ at the first and -?[\d.]+ at the last, lowest -?[\d.]+, highest -?[\d.]+/);

    // Every panel, trained, fits a 360 px phone and a 1280 px screen at 200 % zoom (640 CSS px).
    for (const width of [360, 640]) {
      await page.setViewportSize({ width, height: 800 });
      for (const panel of PANELS) {
        await page.getByTestId(`tab-${panel}`).click();
        await page.locator(`[data-testid="tab-${panel}"][aria-selected="true"]`).waitFor();
        const [overflow, wide] = await page.evaluate(() => {
          const past = [...document.querySelectorAll('body *')]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 6)
            .map((element) => `${element.tagName.toLowerCase()}[${element.dataset?.testid ?? element.className}]`);
          return [document.documentElement.scrollWidth - window.innerWidth, past];
        });
        assert.ok(overflow <= 0, `${panel} at ${width} px: ${overflow} px of horizontal overflow from ${wide.join(', ')}`);
        await screenshot(page, `fit-${width}-${panel}.png`);
      }
    }
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await close();
  }
});
