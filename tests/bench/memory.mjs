// Issue 31: does a long run in the page hold its memory? Trains the tiny GAN on the default
// Digits on the CPU path (WebAssembly in the worker) for ITERATIONS iterations (default 2,000) with
// its grid every SAMPLE_EVERY iterations (default 50, so the run's bounded timeline fills early)
// and the page's autosaves (every half minute while it trains), and samples every EVERY iterations
// (default 100): the worker's WebAssembly memory (which only grows, so it is a high-water mark),
// the worker's JS heap and the page's JS heap (Chromium's JSHeapUsedSize). Prints memory.csv's
// lines, then each series' growth from iteration 1,000 to the end, which must stay under 5 %.
// Usage: DIST=dist-release [ITERATIONS=N] [BATCH=16] node tests/bench/memory.mjs
// (`make bench-memory-page`). Minutes: part of no test.
import { serveDist, openPage, setField } from '../e2e/harness.js';

const iterations = Number(process.env.ITERATIONS ?? 2000);
const every = Number(process.env.EVERY ?? 100);
const batch = process.env.BATCH ?? '16';
const sampleEvery = process.env.SAMPLE_EVERY ?? '50';
const FROM = 1000;
const LONG = 120_000;

const server = await serveDist();
const { page, problems, close } = await openPage(server.url);
try {
  await page.getByTestId('backend-badge').filter({ hasText: /^CPU/ }).waitFor({ timeout: LONG });
  await page.getByTestId('dataset-headline').filter({ hasText: /^Digits/ }).waitFor({ timeout: LONG });
  await page.getByTestId('tab-gan').click();
  await page.getByTestId('gan-preset').selectOption('tiny');
  await setField(page, 'gan-batch', batch);
  await setField(page, 'gan-iterations', iterations);
  await setField(page, 'gan-sample-every', sampleEvery);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const worker = page.workers()[0];
  const sample = async (iteration) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const pageHeap = metrics.find(({ name }) => name === 'JSHeapUsedSize').value;
    const inWorker = await worker.evaluate(() => ({
      wasm: wasm_bindgen.worker_memory_bytes(),
      heap: self.performance.memory ? self.performance.memory.usedJSHeapSize : null,
    }));
    return { iteration, wasm: inWorker.wasm, workerHeap: inWorker.heap, pageHeap };
  };
  await page.getByTestId('gan-start').click();
  const rows = [];
  console.log('iteration,worker_wasm_bytes,worker_js_heap_bytes,page_js_heap_bytes');
  const started = Date.now();
  for (let at = every; at <= iterations; at += every) {
    await page.waitForFunction(
      (target) => Number(document.querySelector('[data-testid="gan-progress-text"]')?.dataset.iteration) >= target,
      at,
      { timeout: LONG * 10, polling: 1000 },
    );
    const row = await sample(at);
    rows.push(row);
    console.log(`${row.iteration},${row.wasm},${row.workerHeap ?? ''},${Math.round(row.pageHeap)}`);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const timeline = await page.getByTestId('gan-timeline').count();
  console.log(`${iterations} iterations in ${minutes} min (batch ${batch}, a grid every ${sampleEvery}); timeline shown: ${timeline > 0}`);
  const start = rows.find((row) => row.iteration >= FROM) ?? rows[0];
  const last = rows.at(-1);
  for (const [key, label] of [['wasm', "worker's WebAssembly memory"], ['workerHeap', "worker's JS heap"], ['pageHeap', "page's JS heap"]]) {
    if (start[key] === null || start[key] === undefined) {
      console.log(`${label}: not readable in this browser`);
      continue;
    }
    const peak = Math.max(...rows.filter((row) => row.iteration >= start.iteration).map((row) => row[key]));
    const growth = (100 * (last[key] - start[key])) / start[key];
    console.log(`${label}: ${(start[key] / 2 ** 20).toFixed(1)} MiB at iteration ${start.iteration}, ${(last[key] / 2 ** 20).toFixed(1)} MiB at ${last.iteration} (peak ${(peak / 2 ** 20).toFixed(1)} MiB): ${growth >= 0 ? '+' : ''}${growth.toFixed(2)} % (${growth < 5 ? 'flat: under 5 %' : 'GROWS: 5 % or more'})`);
  }
  if (problems.pageErrors.length) console.log(`page errors: ${problems.pageErrors.join(' | ')}`);
} finally {
  await close();
  await server.close();
}
