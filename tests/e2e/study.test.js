// The Experiments panel's study: a 2-seed tiny study of NDA against its baseline shows its plan
// (with the too-few-seeds warning), survives a reload midway, resumes, and ends with the table,
// the sentence, the forest plot (also as PNG), the per-seed values and report.md; a contrastive
// study runs the Contrastive panel's settings and compares the encoders' accuracies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, openPage, screenshot, SLOW, setField, copyLink, uploadStripes } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

test('a 2-seed study runs pair by pair, survives a reload midway and shows its statistics and forest plot', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 2);
    await setField(page, 'eval-samples', 20);
    await setField(page, 'eval-anomaly-images', 20);
    await setField(page, 'eval-evaluator-steps', 10);
    await page.getByTestId('tab-experiments').click();
    // The default plan can conclude on every metric; 8 seeds cannot on the 10 secondaries. Its
    // primary metric is FD, which the metric validation passes on Digits; KID draws a warning.
    assert.equal(await page.getByTestId('study-primary').inputValue(), 'fd');
    assert.match(await page.getByTestId('study-plan').innerText(), /^10 seeds \(1–10\)/);
    assert.equal(await page.getByTestId('study-warning').count(), 0, 'the defaults need no warning');
    await page.getByTestId('study-primary').selectOption('kid');
    await page.getByTestId('study-warning').filter({ hasText: /^kid did not pass the metric validation on Digits .* fd and diversity did$/ }).waitFor();
    await page.getByTestId('study-primary').selectOption('fd');
    await setField(page, 'study-seeds', 8);
    assert.match(await page.getByTestId('study-warning').innerText(), /no secondary metric can reach p < 0\.05: with 8 seeds .* \(a floor of 0\.078\)\. Use 9 seeds, or at most 6 secondary metrics/);
    await setField(page, 'study-seeds', 2);
    assert.match(await page.getByTestId('study-plan').innerText(), /^2 seeds \(1–2\) × 1 arm .*: 2 NDA\/baseline pairs, 4 runs of 2 iterations on Digits \(32 px\), each evaluated at its end \(20 samples, 20 images per anomaly set\)\. Primary metric: fd/);
    assert.match(await page.getByTestId('study-warning').innerText(), /2 seeds cannot reach p < 0\.05/);
    await page.getByTestId('study-control').check();
    await page.getByTestId('study-plan').filter({ hasText: /× 2 arms .*"alpha-only": α 0\.25, β 0\): 4 NDA\/baseline pairs, 6 runs of 2 iterations \(each seed's baseline shared by its arms\)/ }).waitFor();
    await page.getByTestId('study-control').uncheck();

    await page.getByTestId('study-run').click();
    await page.getByTestId('study-progress').filter({ hasText: /^Pair 1 of 2 \(arm nda, seed 1\)/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('study-done').filter({ hasText: /^1 of 2 pairs done/ }).waitFor({ timeout: 2 * SLOW });
    assert.match(await page.getByTestId('study-time').innerText(), /^About (\d+ s|\d+ min( \d+ s)?) left/);

    await page.reload();
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    // The second pair may have finished before the reload took effect; the first never gets lost.
    const done = await page.getByTestId('study-done').innerText();
    assert.match(await page.getByTestId('study-current').innerText(), /^The study below: 2 seeds \(1–2\)/, 'the stored study, not the reloaded defaults');
    assert.match(done, /^[12] of 2 pairs done \(not running\)$/);
    if (done.startsWith('1')) {
      await page.getByTestId('study-resume').click();
      await page.getByTestId('study-done').filter({ hasText: /^2 of 2 pairs done/ }).waitFor({ timeout: 2 * SLOW });
    }
    await page.getByTestId('study-table').waitFor({ timeout: SLOW });
    const fd = await page.getByTestId('study-table').locator('tr[data-metric="fd"] td').allInnerTexts();
    assert.equal(fd[0], 'fd (primary)');
    assert.match(fd[1], /^[+-]\d+\.\d{4} \[[+-]\d+\.\d{4}, [+-]\d+\.\d{4}\]$/);
    assert.match(fd[2], /^[012]\/2$/);
    assert.match(await page.getByTestId('study-sentence').innerText(), /A small in-page replication, not the paper's setting\.$/);
    assert.equal(await page.getByTestId('study-forest').locator('svg').count(), 1);
    assert.equal(await page.getByTestId('study-seeds-table').locator('tbody tr').count(), 2);
    assert.equal(await page.getByTestId('study-resume').count(), 0, 'nothing left to resume');
    await screenshot(page, 'study.png');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-report').click()]);
    const report = await readFile(await download.path(), 'utf8');
    assert.match(report, /^# NDA study: Digits at 32 px, 2 iterations, 2 seeds/);
    await assertForestPng(page, 'forest-nda.png');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-csv').click()]);
    const csv = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'arm,seed,metric,nda,baseline,difference');
    assert.ok(csv.some((line) => /^nda,1,fd,[-\d.e]+,[-\d.e]+,[-\d.e]+$/.test(line)), csv.slice(0, 3).join(' | '));
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

/** Saves the first arm's forest plot as PNG and checks it is a PNG twice the size of the SVG. */
async function assertForestPng(page, name) {
  const svg = page.getByTestId('study-forest').first().locator('svg');
  const [width, height] = await Promise.all([svg.getAttribute('width'), svg.getAttribute('height')]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-forest-png').first().click()]);
  assert.equal(download.suggestedFilename(), name);
  const png = await readFile(await download.path());
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG signature');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [2 * Number(width), 2 * Number(height)]);
}

test('a contrastive study compares the encoders of the Contrastive panel by their accuracies', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await setField(page, 'builtin-count', 200);
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits · 200 images/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 16);
    await setField(page, 'contrastive-queue', 64);
    await setField(page, 'contrastive-steps', 2);
    await page.getByTestId('tab-gan').click();
    await setField(page, 'eval-anomaly-images', 20);
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('study-task').selectOption('contrastive');
    await setField(page, 'study-seeds', 2);
    assert.match(await page.getByTestId('study-plan').innerText(), /^2 seeds \(1–2\) × 1 arm \(this page's contrastive NDA settings: m \d+\): 2 NDA\/baseline pairs, 4 encoders trained 2 steps on Digits \(32 px\), each evaluated at its end \(k-NN and linear-probe accuracy, 20 images per anomaly set\)\. Primary metric: knn_accuracy/);
    assert.deepEqual(await page.getByTestId('study-primary').locator('option').allInnerTexts(), ['knn_accuracy', 'linear_accuracy', 'auroc']);
    assert.equal(await page.getByTestId('study-control').count(), 0, 'the α-only control is a GAN\'s');
    assert.match(await page.getByTestId('study-time').innerText(), /else the first pair measures it/);

    await page.getByTestId('study-run').click();
    await page.getByTestId('study-progress').filter({ hasText: /^Pair 1 of 2 \(arm nda, seed 1\): (training|evaluating), step \d of 2/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('study-done').filter({ hasText: /^2 of 2 pairs done/ }).waitFor({ timeout: 3 * SLOW });
    await page.getByTestId('study-table').waitFor({ timeout: SLOW });
    const knn = await page.getByTestId('study-table').locator('tr[data-metric="knn_accuracy"] td').allInnerTexts();
    assert.equal(knn[0], 'knn_accuracy (primary)');
    assert.match(knn[1], /^[+-]\d+\.\d{4} \[[+-]\d+\.\d{4}, [+-]\d+\.\d{4}\]$|^— \(/);
    for (const metric of ['linear_accuracy', 'auroc']) {
      assert.equal(await page.getByTestId('study-table').locator(`tr[data-metric="${metric}"]`).count(), 1, metric);
    }
    assert.equal(await page.getByTestId('study-table').locator('tr[data-metric="kid"]').count(), 0);
    assert.equal(await page.getByTestId('study-seeds-table').locator('tbody tr').count(), 2);
    await screenshot(page, 'study-contrastive.png');
    await assertForestPng(page, 'forest-nda.png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-report').click()]);
    const report = await readFile(await download.path(), 'utf8');
    assert.match(report, /^# NDA study \(contrastive\): 200 images of Digits \(seed \d+\) at 32 px, 2 steps, 2 seeds/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a video study compares the clip encoders of the Video panel by their motion accuracy', { timeout: 5 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-video').click();
    await setField(page, 'video-batch', 8);
    await setField(page, 'video-steps', 2);
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('study-task').selectOption('video');
    await setField(page, 'study-seeds', 2);
    assert.match(await page.getByTestId('study-plan').innerText(), /^2 seeds \(1–2\) × 1 arm \(the Video panel's NDA settings: m 1\): 2 NDA\/baseline pairs, 4 clip encoders trained 2 steps on Moving Shapes \(1600 clips of 8 frames\), each evaluated at its end \(motion k-NN and linear-probe accuracy, the one-frame control and the AUROCs of broken clips\)\. Primary metric: motion_knn/);
    assert.deepEqual(await page.getByTestId('study-primary').locator('option').allInnerTexts(), ['motion_knn', 'motion_linear_probe', 'appearance_knn']);
    assert.equal(await page.getByTestId('study-control').count(), 0, 'the α-only control is a GAN\'s');

    await page.getByTestId('study-run').click();
    await page.getByTestId('study-done').filter({ hasText: /^2 of 2 pairs done/ }).waitFor({ timeout: 4 * SLOW });
    await page.getByTestId('study-table').waitFor({ timeout: SLOW });
    const knn = await page.getByTestId('study-table').locator('tr[data-metric="motion_knn"] td').allInnerTexts();
    assert.equal(knn[0], 'motion_knn (primary)');
    assert.match(knn[1], /^[+-]\d+\.\d{4} \[[+-]\d+\.\d{4}, [+-]\d+\.\d{4}\]$|^— \(/);
    for (const metric of ['appearance_knn', 'auroc_frame_shuffle', 'auroc_reverse']) {
      assert.equal(await page.getByTestId('study-table').locator(`tr[data-metric="${metric}"]`).count(), 1, metric);
    }
    assert.equal(await page.getByTestId('study-seeds-table').locator('tbody tr').count(), 2);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-report').click()]);
    const report = await readFile(await download.path(), 'utf8');
    assert.match(report, /^# NDA study \(video\): Moving Shapes at 32 px, 2 steps, 2 seeds/);
    assert.match(report, /## Arm `nda`: negatives in time frame shuffle \(weight 1\), m = 1 NDA clips per clip/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a study travels by file and link: its task, seeds, primary metric and own arms come back', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('study-task').selectOption('contrastive');
    await setField(page, 'study-seeds', 3);
    await page.getByTestId('study-primary').selectOption('linear_accuracy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-download').click()]);
    const config = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(config.task, 'Contrastive');
    assert.deepEqual(config.study.seeds, [1, 2, 3]);
    assert.equal(config.study.primary_metric, 'linear_accuracy');

    // Arms the form cannot make: two values of m, and seeds 11 and 12.
    const arm = (name, m) => ({ name, negatives: config.contrastive.config.negatives, alpha: 1, beta: 0, nda_views: m });
    config.study.arms = [arm('m1', 1), arm('m3', 3)];
    config.study.seeds = [11, 12];
    await page.getByTestId('config-open').setInputFiles({ name: 'arms.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(config)) });
    await page.getByTestId('share-banner').filter({ hasText: /Opened arms\.json: .*It holds a study of 2 seeds, primary metric linear_accuracy/ }).waitFor();
    await page.getByTestId('tab-experiments').click();
    const planText = /^2 seeds \(11, 12\) × 2 arms \("m1": m 1; "m3": m 3\): 4 NDA\/baseline pairs, 8 encoders trained \d+ steps on Digits \(32 px\)/;
    assert.match(await page.getByTestId('study-plan').innerText(), planText);
    await page.getByTestId('study-opened').waitFor();
    assert.equal(await page.getByTestId('study-task').inputValue(), 'contrastive');

    const link = await copyLink(page);
    const reopened = await openPage(link);
    try {
      await reopened.page.getByTestId('tab-experiments').click();
      assert.match(await reopened.page.getByTestId('study-plan').innerText(), planText);
      assert.equal(await reopened.page.getByTestId('study-primary').inputValue(), 'linear_accuracy');
      await reopened.page.getByTestId('study-use-form').click();
      assert.match(await reopened.page.getByTestId('study-plan').innerText(), /^2 seeds \(1–2\) × 1 arm \(this page's contrastive NDA settings: m \d+\)/);
      assert.equal(await reopened.page.getByTestId('study-opened').count(), 0);
    } finally {
      await reopened.close();
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a GAN study runs on your own images, judged by an encoder trained on them, and its report says so', { timeout: 4 * SLOW }, async () => {
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
    await page.getByTestId('tab-experiments').click();
    await setField(page, 'study-seeds', 2);
    assert.match(await page.getByTestId('study-plan').innerText(), /^2 seeds \(1–2\) × 1 arm .*4 runs of 2 iterations on uploads/);
    await page.getByTestId('study-run').click();
    await page.getByTestId('study-done').filter({ hasText: /^2 of 2 pairs done/ }).waitFor({ timeout: 3 * SLOW });
    await page.getByTestId('study-table').waitFor({ timeout: SLOW });
    for (const metric of ['kid', 'kid_untrained']) {
      const cells = await page.getByTestId('study-table').locator(`tr[data-metric="${metric}"] td`).allInnerTexts();
      assert.match(cells[1], /^[+-]\d+\.\d{4} \[[+-]\d+\.\d{4}, [+-]\d+\.\d{4}\]$/, `${metric}: ${cells}`);
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('study-report').click()]);
    const report = await readFile(await download.path(), 'utf8');
    assert.match(report, /^# NDA study: 24 of your images at 32 px, 2 iterations, 2 seeds/);
    assert.match(report, /in the features of an encoder trained on your images without NDA/);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('a study split across two browsers merges into the report of the same study run in one', { timeout: 5 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await setField(page, 'gan-iterations', 2);
    await setField(page, 'eval-samples', 20);
    await setField(page, 'eval-anomaly-images', 20);
    await setField(page, 'eval-evaluator-steps', 10);
    await page.getByTestId('tab-experiments').click();
    await setField(page, 'study-seeds', 2);
    // The same study in this one browser, for the numbers the merge must give.
    await page.getByTestId('study-run').click();
    await page.getByTestId('study-done').filter({ hasText: /^2 of 2 pairs done/ }).waitFor({ timeout: 3 * SLOW });
    const studyCsv = async (target) => {
      const [download] = await Promise.all([target.waitForEvent('download'), target.getByTestId('study-csv').click()]);
      return readFile(await download.path(), 'utf8');
    };
    const alone = await studyCsv(page);

    await setField(page, 'study-split', 2);
    const links = page.getByTestId('study-part-link');
    await links.first().waitFor();
    assert.deepEqual(await page.getByTestId('study-parts').locator('li').allInnerTexts(), ['Part 1 of 2: seeds 1 open this part', 'Part 2 of 2: seeds 2 open this part']);
    const hrefs = await links.evaluateAll((anchors) => anchors.map((anchor) => anchor.href));
    const results = [];
    for (const [index, href] of hrefs.entries()) {
      // Another browser: its own profile, worker and evaluators.
      const other = await openPage(href);
      try {
        await other.page.getByTestId('tab-experiments').click();
        assert.match(await other.page.getByTestId('study-plan').innerText(), new RegExp(`^Part ${index + 1} of 2 of a study split across browsers: this page runs seeds ${index + 1};`));
        await other.page.getByTestId('study-run').click();
        await other.page.getByTestId('study-done').filter({ hasText: /^1 of 1 pairs done \(not running\)/ }).waitFor({ timeout: 2 * SLOW });
        const [download] = await Promise.all([other.page.waitForEvent('download'), other.page.getByTestId('study-results').click()]);
        assert.equal(download.suggestedFilename(), `study-results-part-${index + 1}-of-2.json`);
        results.push({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: await readFile(await download.path()) });
        assert.deepEqual(other.problems.pageErrors, []);
        assert.deepEqual(other.problems.offsiteRequests, []);
      } finally {
        await other.close();
      }
    }

    // One part alone is refused with the seed it lacks; both make the study run in one browser.
    await page.getByTestId('study-merge').setInputFiles([results[0]]);
    await page.getByTestId('study-error').filter({ hasText: /^seeds 2 are missing/ }).waitFor();
    await page.getByTestId('study-merge').setInputFiles(results);
    await page.getByTestId('study-current').filter({ hasText: /Merged from 2 results files\.$/ }).waitFor();
    assert.match(await page.getByTestId('study-done').innerText(), /^2 of 2 pairs done \(not running\)$/);
    assert.equal(await page.getByTestId('study-error').count(), 0);
    assert.equal(await studyCsv(page), alone, 'every number equal to the study run in one browser');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});
