// Browser benchmark (`make bench`): prints, for the CPU (WebAssembly) and the WebGPU backend of
// headless Chromium, the time to generate each built-in set of 5,000 images and the time of each
// gallery row (one augmentation of 16 images at 32×32, computed and read back). On a machine
// without a GPU, Chromium's WebGPU is SwiftShader on the CPU: a correctness run, not a speed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, serveDist, openPage } from '../e2e/harness.js';

const LONG = 300_000;
/** `BENCH_ONLY=contrastive` (or generation, rows, gan) runs one group; `BENCH_GPU_OPS=1` adds, on
 * WebGPU, the dispatches per iteration of each kernel (by its pipeline's label). */
const only = process.env.BENCH_ONLY;
/** `BENCH_BACKENDS=webgpu` (or cpu) measures one backend; `BENCH_GAN_ITERATIONS` how many GAN
 * iterations a WebGPU measurement takes (few on SwiftShader, more on a real GPU: `make bench-gpu`). */
const backends = (process.env.BENCH_BACKENDS ?? 'cpu,webgpu').split(',');
const webgpuIterations = Number(process.env.BENCH_GAN_ITERATIONS ?? 3);
/** `BENCH_PREFIX=page` starts every measurement line with `page-cpu` or `page-webgpu`, for
 * `bench/ratio.awk`. */
const prefixFor = (webgpu) => (process.env.BENCH_PREFIX ? `${process.env.BENCH_PREFIX}-${webgpu ? 'webgpu' : 'cpu'} ` : '');
const wanted = (group) => !only || only === group;
/** Issue 14's goals: the whole page at most 4 MB gzipped, the badge under 2 s. */
const SIZE_GOAL_BYTES = 4_000_000;
const BADGE_GOAL_MS = 2000;

/**
 * What a visitor downloads: every file the page loads (the served folder, recursively), raw and
 * gzipped at level 9, biggest first, then the total against the goal.
 */
function pageSizes(dir) {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((name) => !name.split(path.sep).some((part) => part.startsWith('.')))
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  const lines = files.map((file) => `page file ${file.name}: ${mb(file.raw)} raw, ${mb(file.gzip)} gzipped`);
  const total = files.reduce((sum, file) => sum + file.gzip, 0);
  const raw = files.reduce((sum, file) => sum + file.raw, 0);
  lines.push(`page size: ${mb(raw)} raw, ${mb(total)} gzipped; goal ${mb(SIZE_GOAL_BYTES)} gzipped: ${(total / SIZE_GOAL_BYTES).toFixed(2)}x the goal`);
  return lines;
}

if (!only) for (const line of pageSizes(DIST)) console.log(line);
const server = await serveDist();

async function generationTimes(page) {
  const lines = [];
  await page.getByTestId('builtin-count').fill('5000');
  await page.getByTestId('builtin-count').press('Enter');
  for (const name of ['digits', 'shapes', 'faces']) {
    await page.getByTestId(`builtin-${name}`).check();
    const headline = page.getByTestId('dataset-headline').filter({ hasText: /^\w+ · 5,000 images .* generated in \d+ ms$/ });
    await headline.filter({ hasText: new RegExp(`^${name}`, 'i') }).waitFor({ timeout: LONG });
    const text = await page.getByTestId('dataset-headline').innerText();
    lines.push(`generate ${name.padEnd(6)} 5000 x 32x32: ${text.match(/generated in (\d+) ms/)[1]} ms`);
  }
  return lines;
}

async function rowTimes(page) {
  await page.getByTestId('tab-augmentations').click();
  await page.getByTestId('gallery-numimages').fill('16');
  await page.getByTestId('gallery-numimages').press('Enter');
  const samples = {};
  for (let seed = 2; seed <= 6; seed += 1) {
    await page.getByTestId('gallery-reroll').click();
    await page.locator(`[data-testid="gallery"][data-rendered-seeds="1-${seed}"]`).waitFor({ timeout: LONG });
    const rows = await page.locator('.gallery-row').evaluateAll((figures) =>
      figures.map((figure) => [figure.dataset.testid.replace('gallery-row-', ''), Number(figure.querySelector('.millis').textContent.match(/[\d.]+/)[0])]),
    );
    for (const [slug, millis] of rows) (samples[slug] ??= []).push(millis);
  }
  return Object.entries(samples).map(([slug, values]) => {
    values.sort((a, b) => a - b);
    return `gallery row ${slug.padEnd(11)} 16x3x32x32: median ${values[Math.floor(values.length / 2)]} ms`;
  });
}

/**
 * Trains the small preset (batch 64, 32x32, n_dis 4) on the default digits for a few iterations
 * and reads the page's own training-time readout: ms per iteration = 1000 / (iterations/s).
 */
async function ganIteration(page, preset, iterations) {
  await page.getByTestId('tab-data').click();
  await page.getByTestId('builtin-digits').check();
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: LONG });
  await page.getByTestId('tab-gan').click();
  await page.getByTestId('gan-preset').selectOption(preset);
  // Batch 64 always: without WebGPU the form starts at a CPU-sized batch of 32.
  await page.getByTestId('gan-batch').fill('64');
  await page.getByTestId('gan-batch').press('Enter');
  const freezes = await longTasksSince(page);
  const gpuCalls = await gpuCallsSince(page);
  await page.getByTestId('gan-start').click();
  await page.waitForFunction(
    (target) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) >= target,
    iterations,
    { timeout: LONG * 4 },
  );
  await page.getByTestId('gan-pause').click();
  await page.getByTestId('gan-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: LONG });
  const text = await page.getByTestId('gan-progress-text').innerText();
  const perSecond = Number(text.match(/([\d.]+) it\/s/)[1]);
  const trained = Number(await page.getByTestId('gan-progress-text').getAttribute('data-iteration'));
  const tasks = await freezes();
  const calls = await gpuCalls(trained);
  await page.getByTestId('gan-reset').click();
  return `gan iteration ${preset} (4 D + 1 G, batch 64, 32x32): ${(1000 / perSecond).toFixed(0)} ms (${text}); ${tasks}${calls}`;
}

/**
 * Starts counting the worker's WebGPU calls: kernel dispatches, queue submits, buffer read-backs
 * (`mapAsync`) and uploads (`writeBuffer`), a cost that does not depend on the device (it reads
 * the same on SwiftShader as on a GPU). The returned function gives them per iteration, or ''
 * on the CPU path. Every call the page makes while training counts, grid refreshes included.
 */
async function gpuCallsSince(page) {
  const worker = page.workers()[0];
  const read = () => worker.evaluate(() => {
    if (!self.GPUComputePassEncoder) return null;
    if (!self.__gpuCalls) {
      self.__gpuCalls = { dispatches: 0, submits: 0, 'read-backs': 0, uploads: 0 };
      const count = (prototype, name, key) => {
        const original = prototype[name];
        prototype[name] = function (...args) {
          self.__gpuCalls[key] += 1;
          return original.apply(this, args);
        };
      };
      count(GPUQueue.prototype, 'submit', 'submits');
      count(GPUBuffer.prototype, 'mapAsync', 'read-backs');
      count(GPUQueue.prototype, 'writeBuffer', 'uploads');
      // Dispatches, in all and per kernel by the pipeline's label (cubecl names each kernel;
      // BENCH_GPU_OPS prints which make the most): one wrapper counts both.
      self.__gpuKernels = {};
      const setPipeline = GPUComputePassEncoder.prototype.setPipeline;
      GPUComputePassEncoder.prototype.setPipeline = function (pipeline) {
        this.__kernel = pipeline.label || '(unlabelled)';
        return setPipeline.call(this, pipeline);
      };
      const dispatch = GPUComputePassEncoder.prototype.dispatchWorkgroups;
      GPUComputePassEncoder.prototype.dispatchWorkgroups = function (...args) {
        self.__gpuCalls.dispatches += 1;
        self.__gpuKernels[this.__kernel] = (self.__gpuKernels[this.__kernel] ?? 0) + 1;
        return dispatch.apply(this, args);
      };
    }
    return { ...self.__gpuCalls, kernels: { ...self.__gpuKernels } };
  });
  const before = worker ? await read() : null;
  return async (iterations) => {
    if (!before) return '';
    const after = await read();
    const keys = Object.keys(after).filter((key) => key !== 'kernels');
    if (keys.every((key) => after[key] === before[key])) return '';
    const per = (count) => Math.round(count / Math.max(1, iterations));
    const each = keys.map((key) => `${key} ${per(after[key] - before[key])}`);
    let kernels = '';
    if (process.env.BENCH_GPU_OPS) {
      const counts = Object.entries(after.kernels)
        .map(([name, count]) => [name, count - (before.kernels[name] ?? 0)])
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1]);
      kernels = `; dispatches per iteration by kernel (${counts.length} kernels): `
        + counts.slice(0, 25).map(([name, count]) => `${name.slice(0, 60)} ${(count / Math.max(1, iterations)).toFixed(1)}`).join(', ');
    }
    return `; WebGPU calls per iteration: ${each.join(', ')}${kernels}`;
  };
}

/**
 * Starts counting the page's main-thread tasks over 50 ms; the returned function says how many
 * there were since, and the longest (training must never freeze the page: the goal is none).
 * It also says how long the main thread's tasks took in all and how much of that was its own CPU
 * time (Chromium's TaskDuration and ThreadTime metrics): a long task that is mostly waiting means
 * the main thread did not get a core, not that the page did too much on it.
 */
async function longTasksSince(page) {
  const from = await page.evaluate(() => window.__longTasks.length);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
  };
  const before = await metrics();
  return async () => {
    const after = await metrics();
    await cdp.detach();
    const tasks = await page.evaluate((from) => window.__longTasks.slice(from), from);
    const longest = tasks.length ? Math.max(...tasks) : 0;
    const ms = (name) => Math.round((after[name] - before[name]) * 1000);
    return `main-thread tasks over 50 ms while training: ${tasks.length} (longest ${Math.round(longest)} ms); `
      + `main thread busy ${ms('TaskDuration')} ms, of which its own CPU ${ms('ThreadTime')} ms`;
  };
}

/**
 * Trains the NDA run alone (batch 64, 32x32, m = 2, queue 1024: the default settings) of `preset`
 * on the default digits for a few steps and reads the page's training-time readout (evaluations
 * excluded): ms per step = 1000 / (steps/s).
 */
async function contrastiveStep(page, preset, steps) {
  await page.getByTestId('tab-data').click();
  await page.getByTestId('builtin-digits').check();
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: LONG });
  await page.getByTestId('tab-contrastive').click();
  await page.getByTestId('contrastive-preset').selectOption(preset);
  const freezes = await longTasksSince(page);
  const gpuCalls = await gpuCallsSince(page);
  await page.getByTestId('contrastive-start').click();
  await page.waitForFunction(
    (target) => Number(document.querySelector('[data-testid="contrastive-progress-text"]')?.dataset.step) >= target,
    steps,
    { timeout: LONG * 4 },
  );
  await page.getByTestId('contrastive-pause').click();
  await page.getByTestId('contrastive-phase').filter({ hasText: 'Paused.' }).waitFor({ timeout: LONG });
  const text = await page.getByTestId('contrastive-progress-text').innerText();
  const perSecond = Number(text.match(/([\d.]+) steps\/s/)[1]);
  const trained = Number(await page.getByTestId('contrastive-progress-text').getAttribute('data-step'));
  const tasks = await freezes();
  const calls = await gpuCalls(trained);
  await page.getByTestId('contrastive-reset').click();
  return `contrastive step ${preset} (batch 64, 32x32, m = 2, queue 1024): ${(1000 / perSecond).toFixed(0)} ms (${text}); ${tasks}${calls}`;
}

/**
 * The cost of a GAN evaluation in the page (tiny NDA run and baseline, 500 images per anomaly set):
 * the evaluators' training (default steps), then "Evaluate now" at N = 1,000 and N = 5,000, read
 * from the page's own summary line. Minutes on a CPU: only with `BENCH_ONLY=evaluation`.
 */
async function evaluationTimes(page) {
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: LONG });
  await page.getByTestId('tab-gan').click();
  await page.getByTestId('gan-preset').selectOption('tiny');
  for (const [field, value] of [['gan-batch', 8], ['gan-iterations', 1], ['eval-anomaly-images', 500]]) {
    await page.getByTestId(field).fill(String(value));
    await page.getByTestId(field).press('Enter');
  }
  await page.getByTestId('gan-compare').click();
  await page.getByTestId('gan-phase').filter({ hasText: 'Finished.' }).waitFor({ timeout: LONG });
  const lines = [];
  for (const samples of [1000, 5000]) {
    await page.getByTestId('eval-samples').fill(String(samples));
    await page.getByTestId('eval-samples').press('Enter');
    await page.getByTestId('eval-now').click();
    const summary = page.getByTestId('eval-summary').filter({ hasText: new RegExp(`· ${samples} samples vs`) });
    await summary.waitFor({ timeout: 4 * LONG });
    const text = await summary.innerText();
    const evaluators = await page.getByTestId('eval-evaluators').innerText();
    // The first evaluation's time includes the evaluators' training: it is printed apart.
    const training = samples === 1000 ? Number(evaluators.match(/\(([\d.]+) s to train here\)/)?.[1] ?? 0) : 0;
    if (training) lines.push(`evaluators of digits 32 px (400 + 400 steps): ${training} s to train`);
    const seconds = Number(text.match(/([\d.]+) s$/)[1]) - training;
    lines.push(`evaluate NDA + baseline, N ${samples}, 500 per anomaly set: ${seconds.toFixed(1)} s`);
  }
  return lines;
}

/**
 * Runs in the page before its scripts: notes when the badge first names a backend, and every
 * main-thread task over 50 ms (the `longtask` entries), so a training run can count its freezes.
 */
function watchBadge() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    const badge = document.querySelector('[data-testid="backend-badge"]');
    if (badge && /^(WebGPU|CPU) /.test(badge.textContent)) {
      window.__badgeShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

for (const webgpu of [false, true]) {
  if (!backends.includes(webgpu ? 'webgpu' : 'cpu')) continue;
  const { page, close } = await openPage(server.url, { webgpu, initScript: watchBadge });
  try {
    const badge = page.getByTestId('backend-badge');
    await badge.filter({ hasText: webgpu ? /^WebGPU · / : /^CPU / }).waitFor({ timeout: LONG });
    console.log(`# ${await badge.innerText()}`);
    const badgeAt = await page.evaluate(() => window.__badgeShownAt);
    console.log(`navigation to badge: ${Math.round(badgeAt)} ms (fresh profile, served from 127.0.0.1); goal under ${BADGE_GOAL_MS} ms: ${(badgeAt / BADGE_GOAL_MS).toFixed(2)}x the goal`);
    if (wanted('generation')) for (const line of await generationTimes(page)) console.log(line);
    if (wanted('rows')) for (const line of await rowTimes(page)) console.log(line);
    const prefix = prefixFor(webgpu);
    if (wanted('gan')) for (const preset of ['tiny', 'small']) console.log(prefix + await ganIteration(page, preset, webgpu ? webgpuIterations : 5));
    if (wanted('contrastive')) for (const preset of ['tiny', 'small']) console.log(prefix + await contrastiveStep(page, preset, webgpu ? 2 : 4));
    if (only === 'evaluation' && !webgpu) for (const line of await evaluationTimes(page)) console.log(line);
  } finally {
    await close();
  }
}
await server.close();
