// The GAN panel's evaluation: a tiny baseline-vs-NDA run evaluated during training shows both
// runs' KID, FD, structure and AUROC with differences, ROC curves and metrics over training;
// "Evaluate now", "score your image", the settings travel in a share link and the evaluators are
// kept in the browser across a reload; a GAN on your own
// images is judged in an encoder trained on them without NDA and its untrained twin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveDist, openPage, screenshot, SLOW, setField, copyLink, uploadStripes } from './harness.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

/** The cells of the metric row `metric` of table `testId`, as text. */
async function rowCells(page, testId, metric) {
  return page.getByTestId(testId).locator(`tr[data-metric="${metric}"] td`).allInnerTexts();
}

test('a baseline-vs-NDA run is evaluated while it trains: table with differences, ROC, charts, scored image, shared settings', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 4);
    await page.getByTestId('eval-enabled').check();
    await setField(page, 'eval-samples', 40);
    await setField(page, 'eval-anomaly-images', 30);
    await setField(page, 'eval-evaluator-steps', 5);
    await page.getByTestId('eval-form-error').filter({ hasText: /evaluator steps/ }).waitFor();
    assert.equal(await page.getByTestId('eval-evaluator-steps').inputValue(), '400', 'a refused value is not kept');
    await setField(page, 'eval-evaluator-steps', 10);
    assert.equal(await page.getByTestId('eval-score-input').isDisabled(), true, 'nothing to score with yet');

    await page.getByTestId('gan-compare').click();
    await page.getByTestId('eval-progress').filter({ hasText: /training the evaluators of digits at 32 px/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 3 * SLOW });
    await page.getByTestId('eval-summary').filter({ hasText: /^At iteration 4 · 40 samples/ }).waitFor({ timeout: 3 * SLOW });
    assert.match(await page.getByTestId('eval-evaluators').innerText(), /10 steps per network.*classifier is right [\d.]+ %/);

    const header = await page.getByTestId('eval-table').locator('th').allInnerTexts();
    assert.deepEqual(header, ['Metric', 'NDA', 'Baseline', 'NDA − baseline', 'Better']);
    for (const metric of ['kid', 'fd', 'structure', 'auroc']) {
      const cells = await rowCells(page, 'eval-table', metric);
      assert.equal(cells.length, 5, `${metric}: ${cells}`);
      const [nda, baseline, difference] = cells.slice(1, 4).map((cell) => Number(cell.split(' ± ')[0].replace('−', '-')));
      assert.ok(Number.isFinite(nda) && Number.isFinite(baseline), `${metric}: ${cells}`);
      assert.ok(Math.abs(nda - baseline - difference) < 0.002 * Math.max(1, Math.abs(nda)), `${metric}: the difference is NDA − baseline: ${cells}`);
      assert.match(cells[4], /^(NDA|baseline|=)$/);
    }
    assert.ok((await page.getByTestId('eval-set-table').locator('tr[data-metric^="auroc:"]').count()) >= 30, 'one AUROC per anomaly set');
    // NDA and baseline curves plus the chance diagonal; evaluations at iterations 1, 2 and 4.
    assert.ok(Number(await page.getByTestId('eval-roc-nda').getAttribute('data-points')) > 6);
    assert.ok((await page.getByTestId('eval-histogram-1').locator('rect.bar').count()) > 0, 'the baseline\'s anomaly scores are drawn');
    assert.equal(Number(await page.getByTestId('eval-kid-chart').getAttribute('data-points')), 6);

    await page.getByTestId('eval-now').click();
    await page.getByTestId('eval-summary').filter({ hasText: /^At iteration 4/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('eval-now').waitFor({ state: 'visible' });
    await page.waitForFunction(() => !document.querySelector('[data-testid="eval-now"]').disabled, null, { timeout: SLOW });
    assert.equal(Number(await page.getByTestId('eval-kid-chart').getAttribute('data-points')), 6, 'a repeat replaces its iteration');

    await page.getByTestId('eval-score-input').setInputFiles(path.join(FIXTURES, 'red.png'));
    await page.locator('[data-testid="eval-score"] li[data-run="Baseline"], [data-testid="eval-error"]').first().waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('eval-error').count(), 0, await page.getByTestId('evaluation').innerText());
    assert.match(await page.getByTestId('eval-score').innerText(), /red\.png at iteration 4, ranked among 256 held-out Digits images/);
    assert.match(await page.getByTestId('eval-score').locator('li[data-run="NDA"]').innerText(), /^NDA: D scores it -?[\d.]+, higher than \d+ % of real images and \d+ % of its own samples\.$/);
    await page.getByTestId('eval-score-input').setInputFiles(path.join(FIXTURES, 'fake.png'));
    await page.getByTestId('eval-error').filter({ hasText: /fake\.png cannot be scored/ }).waitFor({ timeout: SLOW });
    await screenshot(page, 'gan-evaluation.png');

    const link = await copyLink(page);
    const reopened = await openPage(link);
    try {
      await reopened.page.getByTestId('tab-gan').click();
      assert.equal(await reopened.page.getByTestId('eval-samples').inputValue(), '40');
      assert.equal(await reopened.page.getByTestId('eval-evaluator-steps').inputValue(), '10');
      assert.equal(await reopened.page.getByTestId('eval-enabled').isChecked(), true);
    } finally {
      await reopened.close();
    }

    // The evaluators were kept in this browser: after a reload they are read, not trained.
    await page.reload();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ state: 'attached', timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 1);
    await setField(page, 'eval-samples', 40);
    await setField(page, 'eval-anomaly-images', 30);
    await setField(page, 'eval-evaluator-steps', 10);
    await page.getByTestId('gan-start').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: SLOW });
    await page.getByTestId('eval-now').click();
    await page.getByTestId('eval-summary').filter({ hasText: /^At iteration 1 · 40 samples/ }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('eval-evaluators').innerText(), /10 steps per network\), read from this browser's storage; .*classifier is right [\d.]+ %/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});


test('a GAN on your own images is evaluated with an encoder trained on them without NDA and its untrained twin', { timeout: 3 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await uploadStripes(page);
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 2);
    await setField(page, 'eval-samples', 24);
    await setField(page, 'eval-anomaly-images', 20);
    await setField(page, 'eval-evaluator-steps', 10);
    await page.getByTestId('gan-compare').click();
    await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: 2 * SLOW });
    await page.getByTestId('eval-now').click();
    await page.getByTestId('eval-summary').filter({ hasText: /^At iteration 2 · 24 samples vs 24 of your images \(D trained on them\) · 20 images per anomaly set/ }).waitFor({ timeout: 2 * SLOW });
    assert.match(await page.getByTestId('eval-evaluators').innerText(), /^Encoder of your images at 32 px \(trained without NDA, 10 steps\).*untrained as a control/);
    for (const metric of ['kid', 'kid_untrained', 'coverage_untrained', 'auroc']) {
      const cells = await rowCells(page, 'eval-table', metric);
      assert.equal(cells.length, 5, `${metric}: ${cells}`);
      assert.ok(Number.isFinite(Number(cells[1].split(' ± ')[0])), `${metric}: ${cells}`);
    }
    assert.match((await rowCells(page, 'eval-table', 'kid_untrained'))[0], /^KID ×1000 \(untrained control\)$/);
    assert.equal(await page.getByTestId('eval-table').locator('tr[data-metric="structure"]').count(), 0, 'no structure detector for uploads');
    for (const set of ['digits', 'shapes', 'faces']) {
      assert.equal(await page.getByTestId('eval-set-table').locator(`tr[data-metric="auroc:${set}"]`).count(), 1, set);
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});
