// Teaching: "Explain one step" takes the run's next iteration apart, stage by stage, with the
// run's own numbers: the plugged-in hinge terms add up to the L_D of the loss chart, and the
// scores shown are the ones the histogram bins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import { serveDist, openPage, screenshot, screenshotOf, SLOW, setField, copyLink } from './harness.js';

let server;
before(async () => {
  server = await serveDist();
});
after(async () => {
  await server.close();
});

const STAGES = ['real', 'nda', 'generated', 'scores', 'loss', 'change', 'generator'];

async function stage(page) {
  return page.getByTestId('walk-body').getAttribute('data-stage');
}

test('explain one step: every stage, forward and back with buttons and keys, with the run\'s own numbers', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    assert.equal(await page.getByTestId('walk-start').innerText(), 'Start and explain', 'without a run the button starts one');
    await page.getByTestId('gan-compare').click();
    await page.getByTestId('gan-grid-0').waitFor({ timeout: SLOW });
    await page.getByTestId('gan-pause').click();
    await page.getByTestId('gan-phase').filter({ hasText: /^Paused/ }).waitFor({ timeout: SLOW });
    const before = Number(await page.getByTestId('gan-progress-text').getAttribute('data-iteration'));

    await page.getByTestId('walk-start').click();
    await page.getByTestId('walk-body').waitFor({ timeout: SLOW });
    // It took exactly one more iteration, and the run stays paused.
    await page.waitForFunction(
      (want) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) === want,
      before + 1,
      { timeout: SLOW },
    );
    assert.match(await page.getByTestId('gan-phase').innerText(), /^Paused/);

    // Stage 1: the real batch of the iteration's last D step.
    assert.equal(await stage(page), 'real');
    assert.match(await page.getByTestId('walk-text').innerText(), new RegExp(`^Iteration ${before + 1} of the NDA run, D step 4 of 4: 8 real images x`));
    assert.equal(await page.getByTestId('walk-real').getByTestId('walk-thumb').count(), 8);
    assert.equal(await page.getByTestId('walk-back').isDisabled(), true);

    // Stage 2: the jigsawed batch under it.
    await page.getByTestId('walk-next').click();
    assert.equal(await stage(page), 'nda');
    assert.match(await page.getByTestId('walk-text').innerText(), /NDA made one negative x̃ from each real image with Jigsaw \(2×2 patches shuffled\)/);
    assert.equal(await page.getByTestId('walk-nda').getByTestId('walk-thumb').count(), 8);

    // The keyboard moves too.
    await page.getByTestId('walk-body').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await stage(page), 'generated');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await stage(page), 'nda');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');

    // Stage 4: D's scores, sorted, are the ones the histogram bins.
    assert.equal(await stage(page), 'scores');
    await screenshotOf(page, 'walk', 'walk-scores.png');
    const scores = {};
    for (const group of ['real', 'generated', 'nda']) {
      const strip = page.getByTestId(`walk-scores-${group}`);
      scores[group] = JSON.parse(await strip.locator('xpath=..').getAttribute('data-scores'));
      assert.equal(scores[group].length, 8);
      const captions = (await strip.locator('figcaption').allInnerTexts()).map(Number);
      const sorted = [...captions].sort((a, b) => b - a);
      assert.deepEqual(captions, sorted, `${group}: highest score first`);
    }
    const histogram = JSON.parse(await page.getByTestId('gan-histogram-0').getAttribute('data-histogram'));
    const all = [...scores.real, ...scores.generated, ...scores.nda];
    assert.equal(histogram.min, Math.min(...all));
    assert.equal(histogram.max, Math.max(...all));
    const bin = (value) => Math.min(histogram.real.length - 1, Math.floor((value - histogram.min) / (histogram.max - histogram.min) * histogram.real.length));
    for (const [group, counts] of [['real', histogram.real], ['generated', histogram.fake], ['nda', histogram.negative]]) {
      const mine = new Array(counts.length).fill(0);
      for (const value of scores[group]) mine[bin(value)] += 1;
      assert.deepEqual(mine, counts, `${group}: the histogram bins these scores`);
    }

    // Stage 5: the plugged-in terms add up to the L_D of the loss chart's last point.
    await page.getByTestId('walk-next').click();
    assert.equal(await stage(page), 'loss');
    const point = JSON.parse(await page.getByTestId('gan-latest-0').getAttribute('data-point'));
    assert.equal(point.iteration, before + 1);
    const terms = (await page.getByTestId('walk-loss-terms').innerText()).match(/^= (\S+) \+ (\S+) \+ (\S+) = (\S+)$/).slice(1).map(Number);
    assert.ok(Math.abs(terms[0] + terms[1] + terms[2] - terms[3]) <= 2e-4, `${terms} add up`);
    assert.ok(Math.abs(terms[3] - point.d_loss) <= 5e-5, `${terms[3]} is the chart's L_D ${point.d_loss}`);
    assert.ok(Math.abs(terms[0] - point.d_loss_real) <= 5e-5);
    assert.ok(Math.abs(terms[1] - point.d_loss_fake) <= 5e-5);
    assert.ok(Math.abs(terms[2] - point.d_loss_negative) <= 5e-5);
    const hinge = (values, sign) => values.reduce((sum, s) => sum + Math.max(0, 1 + sign * s), 0) / values.length;
    const means = (await page.getByTestId('walk-loss-means').innerText()).match(/^= (\S+) \+ 0\.25 × (\S+) \+ 0\.75 × (\S+)$/).slice(1).map(Number);
    assert.ok(Math.abs(means[0] - hinge(scores.real, -1)) <= 5e-5, 'mean(relu(1 − D(x))) of the scores shown');
    assert.ok(Math.abs(means[1] - hinge(scores.generated, 1)) <= 5e-5);
    assert.ok(Math.abs(means[2] - hinge(scores.nda, 1)) <= 5e-5);

    // Stage 6: before and after the D step.
    await page.getByTestId('walk-next').click();
    assert.equal(await stage(page), 'change');
    const rows = await page.getByTestId('walk-change').locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.match(rows[0], /^real\s+[+-]\d\.\d{4}\s+[+-]\d\.\d{4}\s+\d of 8 up$/);
    assert.match(rows[2], /^NDA\s+.*of 8 down$/);

    // Stage 7: the G step.
    await page.getByTestId('walk-next').click();
    assert.equal(await stage(page), 'generator');
    const g = (await page.getByTestId('walk-text').innerText()).match(/L_G = −mean\(D\(G\(z\)\)\) = (\S+) \(mean score/);
    assert.ok(Math.abs(Number(g[1]) - point.g_loss) <= 5e-5, 'the L_G of the chart');
    assert.match(await page.getByTestId('walk-text').innerText(), /NDA never enters L_G/);
    assert.equal(await page.getByTestId('walk-next').isDisabled(), true);
    await screenshotOf(page, 'walk', 'walk-generator.png');

    // Every tab opens its stage; the baseline's NDA stage says it has none.
    for (const key of STAGES) {
      await page.getByTestId(`walk-stage-${key}`).click();
      assert.equal(await stage(page), key);
    }
    await page.getByTestId('walk-run').selectOption('1');
    await page.getByTestId('walk-stage-nda').click();
    assert.match(await page.getByTestId('walk-text').innerText(), /The Baseline run has no NDA images \(β = 0\)/);
    await page.getByTestId('walk-stage-loss').click();
    const baseline = JSON.parse(await page.getByTestId('gan-latest-1').getAttribute('data-point'));
    const baselineTerms = (await page.getByTestId('walk-loss-terms').innerText()).match(/= (\S+)$/);
    assert.ok(Math.abs(Number(baselineTerms[1]) - baseline.d_loss) <= 5e-5);
    await screenshotOf(page, 'walk', 'walk-loss.png');

    // A second explanation takes the next iteration and keeps the stage.
    await page.getByTestId('walk-start').click();
    await page.getByTestId('walk-text').filter({ hasText: /L_D/ }).waitFor({ timeout: SLOW });
    await page.waitForFunction(
      (want) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) === want,
      before + 2,
      { timeout: SLOW },
    );
    assert.equal(await stage(page), 'loss');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('the flip control: the GAN trains with mirror images as its "negatives", and the walk-through shows them mirrored', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('builtin-faces').check();
    await page.getByTestId('dataset-headline').filter({ hasText: /^Faces/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    const flip = page.getByTestId('gan-weight-flip');
    assert.match(await page.locator('label', { has: flip }).innerText(), /Flip \(control\)/);
    // The flip first: a form whose every weight is 0 refuses the edit (β > 0 needs a negative).
    await setField(page, 'gan-weight-flip', 1);
    await setField(page, 'gan-weight-jigsaw', 0);
    await page.getByTestId('walk-start').click();
    await page.getByTestId('walk-body').waitFor({ timeout: SLOW });
    await page.getByTestId('walk-stage-nda').click();
    assert.match(await page.getByTestId('walk-text').innerText(), /with Flip \(the control: a mirror image\)/);
    // Every NDA image is its real image mirrored left to right, pixel for pixel.
    const real = page.getByTestId('walk-nda-real').getByTestId('walk-thumb');
    const nda = page.getByTestId('walk-nda').getByTestId('walk-thumb');
    assert.equal(await nda.count(), 8);
    for (let index = 0; index < 8; index += 1) {
      const [left, right] = await Promise.all([real.nth(index), nda.nth(index)].map((canvas) => canvas.evaluate((element) => {
        const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
        return { width: element.width, height: element.height, data: Array.from(data) };
      })));
      let different = 0;
      for (let y = 0; y < left.height; y += 1) {
        for (let x = 0; x < left.width; x += 1) {
          for (let channel = 0; channel < 4; channel += 1) {
            const a = left.data[(y * left.width + x) * 4 + channel];
            const b = right.data[(y * left.width + (left.width - 1 - x)) * 4 + channel];
            if (a !== b) different += 1;
          }
        }
      }
      assert.equal(different, 0, `image ${index + 1} is mirrored`);
    }
    const link = await copyLink(page);
    const other = await openPage(link);
    try {
      await other.page.getByTestId('share-banner').waitFor({ timeout: SLOW });
      await other.page.getByTestId('tab-gan').click();
      assert.equal(await other.page.getByTestId('gan-weight-flip').inputValue(), '1', 'the link keeps the control');
      assert.equal(await other.page.getByTestId('gan-weight-jigsaw').inputValue(), '0');
    } finally {
      await other.close();
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.offsiteRequests, []);
  } finally {
    await close();
  }
});

test('the video lesson opens the Video panel with its settings hidden, and its instructions explain a step of shuffled clips', { timeout: 4 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('backend-badge').filter({ hasText: /^CPU / }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    await page.getByTestId('lesson-why-shuffle').click();
    await page.getByTestId('lesson-title').filter({ hasText: 'Lesson: Why a shuffled clip is a negative' }).waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId('tab-video').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('video-batch').count(), 0, 'the video settings are hidden');
    // As the lesson says: "NDA only", then "Explain the next step".
    assert.match(await page.getByTestId('lesson-text').innerText(), /Press "NDA only", then "Explain the next step"/);
    await page.getByTestId('video-start').click();
    await page.getByTestId('video-explain').and(page.locator(':enabled')).waitFor({ timeout: SLOW });
    await page.getByTestId('video-explain').click();
    await page.getByTestId('vwalk-body').waitFor({ timeout: 3 * SLOW });
    assert.match(await page.getByTestId('vwalk-text').innerText(), /clip 1 of the batch of 8\..*frame shuffle/s);
    assert.equal(await page.getByTestId('vwalk-strip').count(), 2, 'a clip beside its shuffled copy');
    assert.match(await page.getByTestId('video-phase').innerText(), /^Paused/);
    await screenshot(page, 'lesson-why-shuffle.png');
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await close();
  }
});

test('a lesson opens the GAN panel with its settings hidden and the walk-through at its stage; its link does the same', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-experiments').click();
    for (const slug of ['why-jigsaw', 'five-minutes', 'what-d-looks-at', 'why-shuffle']) {
      assert.equal(await page.getByTestId(`lesson-${slug}`).count(), 1);
    }
    await page.getByTestId('lesson-why-jigsaw').click();
    await page.getByTestId('lesson-title').filter({ hasText: 'Lesson: Why a jigsawed image is a negative' }).waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId('lesson-text').innerText(), /Start and explain/);
    await page.getByTestId('dataset-headline').filter({ hasText: /^Faces · 2,000 images/ }).waitFor({ state: 'attached', timeout: SLOW });
    assert.equal(await page.getByTestId('gan-batch').count(), 0, 'the GAN settings are hidden');
    assert.equal(await page.getByTestId('walk-start').innerText(), 'Start and explain');
    await page.getByTestId('walk-start').click();
    await page.getByTestId('walk-body').waitFor({ timeout: SLOW });
    assert.equal(await stage(page), 'nda', 'the lesson opens at the NDA batch');
    assert.match(await page.getByTestId('walk-text').innerText(), /with Jigsaw \(2×2 patches shuffled\)/);
    assert.equal(await page.getByTestId('walk-nda').getByTestId('walk-thumb').count(), 16);
    assert.match(await page.getByTestId('gan-phase').innerText(), /^Paused/);
    await screenshotOf(page, 'walk', 'walk-nda.png');
    await screenshot(page, 'lesson-why-jigsaw.png');

    // The lesson's link (copied from the page) opens the same lesson, settings hidden, at the stage.
    const link = await copyLink(page);
    const opened = await openPage(link);
    try {
      const other = opened.page;
      await other.getByTestId('lesson-title').filter({ hasText: 'Why a jigsawed image is a negative' }).waitFor({ timeout: SLOW });
      await other.getByTestId('dataset-headline').filter({ hasText: /^Faces · 2,000 images/ }).waitFor({ state: 'attached', timeout: SLOW });
      assert.equal(await other.getByTestId('gan-batch').count(), 0);
      await other.getByTestId('walk-start').click();
      await other.getByTestId('walk-body').waitFor({ timeout: SLOW });
      assert.equal(await other.getByTestId('walk-body').getAttribute('data-stage'), 'nda');
      await other.getByTestId('lesson-close').click();
      assert.equal(await other.getByTestId('lesson').count(), 0);
      assert.deepEqual(opened.problems.pageErrors, []);
    } finally {
      await opened.close();
    }

    // A link naming a stage this page does not know opens at the first and says so.
    const [origin, payload] = link.split('#nda=1.');
    const shared = JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString());
    assert.equal(shared.walk, 'nda');
    shared.walk = 'dream';
    const odd = await openPage(`${origin}#nda=1.${deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url')}`);
    try {
      await odd.page.getByTestId('share-banner').filter({ hasText: /walk-through stage "dream" this page does not know/ }).waitFor({ timeout: SLOW });
    } finally {
      await odd.close();
    }
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('every setting and chart has a "?" that shows one sentence about it', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    const settings = 'label:has(input[type=number]), label:has(select), label:has(input[type=checkbox]), label:has(input[type=range])';
    const missing = async (scope, what) => {
      const lacking = [];
      for (const element of await scope.locator(what).all()) {
        if (!(await element.isVisible())) continue;
        if ((await element.locator('.help-mark').count()) === 0) lacking.push((await element.innerText()).slice(0, 60));
      }
      return lacking;
    };
    assert.deepEqual(await missing(page.locator('header'), settings), [], 'the header');
    for (const tab of ['data', 'augmentations', 'gan', 'contrastive', 'video', 'experiments']) {
      await page.getByTestId(`tab-${tab}`).click();
      const panel = page.locator('main');
      assert.deepEqual(await missing(panel, settings), [], `settings of the ${tab} panel without a "?"`);
      assert.deepEqual(await missing(panel, 'figure.chart'), [], `charts of the ${tab} panel without a "?"`);
    }
    // With a run, the GAN panel's charts are there too.
    await page.getByTestId('tab-gan').click();
    await setField(page, 'gan-batch', 8);
    await page.getByTestId('gan-compare').click();
    await page.getByTestId('gan-histogram-1').waitFor({ timeout: SLOW });
    await page.getByTestId('gan-pause').click();
    const charts = page.locator('main figure.chart');
    assert.ok((await charts.count()) >= 6, 'loss, score and histogram charts of both runs');
    assert.deepEqual(await missing(page.locator('main'), 'figure.chart'), []);

    // A "?" shows its sentence and hides it again.
    await page.getByTestId('help-gan-beta').click();
    assert.equal(await page.getByTestId('help-text-gan-beta').innerText(), "β weighs the NDA images' term of L_D (the paper's 0.75; 0 turns NDA off).");
    assert.equal(await page.getByTestId('gan-beta').inputValue(), '0.75', 'the click did not reach the field');
    await page.getByTestId('help-gan-beta').click();
    assert.equal(await page.getByTestId('help-text-gan-beta').count(), 0);
    await page.getByTestId('help-gan-histogram-0').click();
    assert.match(await page.getByTestId('help-text-gan-histogram-0').innerText(), /^How D scored every image of its last step/);
    await screenshot(page, 'help.png');
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});

test('explain one contrastive step: a query\'s views, similarities and InfoNCE term, with the run\'s own loss', { timeout: 2 * SLOW }, async () => {
  const { page, problems, close } = await openPage(server.url);
  try {
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: SLOW });
    await setField(page, 'builtin-count', 200);
    await page.getByTestId('dataset-headline').filter({ hasText: /^Digits · 200 images/ }).waitFor({ timeout: SLOW });
    await page.getByTestId('tab-contrastive').click();
    await setField(page, 'contrastive-batch', 16);
    await setField(page, 'contrastive-queue', 64);
    await setField(page, 'contrastive-steps', 50);
    await setField(page, 'contrastive-evaluate-every', 50);
    assert.equal(await page.getByTestId('cwalk-start').isDisabled(), true, 'nothing to explain before a run');
    await page.getByTestId('contrastive-compare').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="contrastive-progress-text"]')?.dataset.step) >= 1, null, { timeout: SLOW });
    await page.getByTestId('contrastive-pause').click();
    await page.getByTestId('contrastive-phase').filter({ hasText: /^Paused/ }).waitFor({ timeout: SLOW });
    const before = Number(await page.getByTestId('contrastive-progress-text').getAttribute('data-step'));

    await page.getByTestId('cwalk-start').click();
    await page.getByTestId('cwalk-body').waitFor({ timeout: SLOW });
    await page.waitForFunction((want) => Number(document.querySelector('[data-testid="contrastive-progress-text"]')?.dataset.step) === want, before + 1, { timeout: SLOW });
    const text = await page.getByTestId('cwalk-text').innerText();
    assert.match(text, new RegExp(`^Query 1 of 16 at step ${before + 1} of the NDA run`));
    assert.match(text, /Its 2 NDA keys are broken versions of the same image/);
    const captions = await page.getByTestId('cwalk-views').locator('figcaption').allInnerTexts();
    assert.equal(captions.length, 4, 'query, positive and two NDA views');
    assert.match(captions[1], /^positive [+-]\d\.\d{3}$/);

    // The plugged-in numbers give the term shown, and the term is the query's own.
    const value = (await page.getByTestId('cwalk-value').innerText()).match(/^= −log\( (\S+) \/ \( (.+) \) \) = (\S+)$/);
    const denominator = value[2].split(' + ').map(Number).reduce((a, b) => a + b, 0);
    const term = Number(value[3]);
    assert.ok(Math.abs(-Math.log(Number(value[1]) / denominator) - term) <= 2e-3, `${value[0]}`);
    const queryLoss = Number(await page.getByTestId('cwalk-body').getAttribute('data-query-loss'));
    assert.ok(Math.abs(queryLoss - term) <= 5e-5);
    const plugged = await page.getByTestId('cwalk-plugged').innerText();
    const similarity = Number(captions[1].split(' ')[1]);
    const pluggedPositive = Number(plugged.match(/^= −log\( e\^\((\S+)\//)[1]);
    assert.ok(Math.abs(pluggedPositive - similarity) <= 5e-4, `${plugged} starts with the positive similarity ${similarity}`);

    // The batch's mean is the loss chart's value.
    const latest = await page.getByTestId('contrastive-latest-0').innerText();
    const chartLoss = Number(latest.match(/loss (\S+)/)[1]);
    const batch = (await page.getByTestId('cwalk-batch').innerText()).match(/over its 16 queries: (\S+) \(the loss chart's point at step (\d+): (\S+)\)/);
    assert.equal(Number(batch[2]), before + 1);
    assert.ok(Math.abs(Number(batch[3]) - chartLoss) <= 5e-5, `${batch[3]} vs ${latest}`);
    assert.ok(Math.abs(Number(batch[1]) - chartLoss) <= 1e-3, 'the host mean of the terms is the device loss');

    await page.getByTestId('cwalk-query').selectOption({ value: '2' });
    assert.match(await page.getByTestId('cwalk-text').innerText(), /^Query 3 of 16/);
    await screenshotOf(page, 'cwalk', 'cwalk.png');
    await page.getByTestId('cwalk-run').selectOption('1');
    assert.match(await page.getByTestId('cwalk-text').innerText(), /The Baseline run has no NDA keys \(m = 0\)/);
    assert.equal(await page.getByTestId('cwalk-views').locator('figcaption').count(), 2);
    assert.deepEqual(problems.pageErrors, []);
    assert.deepEqual(problems.consoleErrors, []);
  } finally {
    await close();
  }
});
