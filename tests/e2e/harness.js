// Shared helpers for the browser tests: a static server over dist/ on 127.0.0.1 and a headless
// Debian Chromium driven by playwright-core. Nothing here downloads anything.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.resolve(ROOT, process.env.DIST ?? 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

/** Serves dist/ on a free port of 127.0.0.1; resolves to { url, close }. */
export function serveDist() {
  return serve(DIST);
}

const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * With `NDA_REAL_GPU=1` (`make bench-gpu`), WebGPU on the machine's GPU through Vulkan instead of
 * SwiftShader: the flags the Chrome team gives for GPU-backed headless testing on Linux.
 */
const REAL_GPU_FLAGS = ['--use-angle=vulkan', '--enable-features=Vulkan', '--disable-vulkan-surface', '--ignore-gpu-blocklist'];

/**
 * Opens the page in a fresh headless Chromium. `webgpu: true` adds --enable-unsafe-webgpu (SwiftShader
 * on this machine); without it Chromium offers no adapter and the page must fall back to the CPU.
 * Records console errors, page errors and every request that leaves 127.0.0.1.
 */
export async function openPage(url, { webgpu = false, viewport = { width: 1280, height: 900 }, initScript } = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), 'nda-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    acceptDownloads: true,
    args: webgpu ? [...BASE_FLAGS, '--enable-unsafe-webgpu', ...(process.env.NDA_REAL_GPU === '1' ? REAL_GPU_FLAGS : [])] : BASE_FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = { consoleErrors: [], pageErrors: [], offsiteRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  context.on('request', (request) => {
    const target = request.url();
    if (!target.startsWith('http://127.0.0.1:') && !target.startsWith('data:') && !target.startsWith('blob:')) {
      problems.offsiteRequests.push(target);
    }
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  const close = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  return { page, context, problems, close };
}

/** Saves a screenshot under tests/e2e/artifacts/ (the README's picture comes from there). */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/** Saves a screenshot of one element (by test id) under tests/e2e/artifacts/. */
export async function screenshotOf(page, testId, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.getByTestId(testId).screenshot({ path: path.join(ARTIFACTS, name) });
}

/** The device check's exact answer, recomputed here from the same closed formula as the worker. */
export function expectedChecksum(size) {
  const entry = (row, col) => ((row * 7 + col * 3) % 11) / 11 - 0.5;
  let total = 0;
  for (let col = 0; col < size; col += 1) {
    let columnSum = 0;
    for (let row = 0; row < size; row += 1) columnSum += entry(row, col);
    total += columnSum * columnSum;
  }
  return total;
}

/** Generous timeouts: SwiftShader compiles WebGPU kernels on the CPU. */
export const SLOW = 180_000;

/** A fingerprint of a canvas's pixels, to tell whether it shows something and whether it changed. */
export async function canvasPixels(page, testId) {
  return page.getByTestId(testId).evaluate((canvas) => {
    const context = canvas.getContext('2d');
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let opaque = 0;
    let sum = 0;
    for (let index = 0; index < data.length; index += 4) {
      if (data[index + 3] > 0) opaque += 1;
      sum = (sum * 31 + data[index] + 7 * data[index + 1] + 13 * data[index + 2]) % 1_000_000_007;
    }
    return { width: canvas.width, height: canvas.height, opaque, sum };
  });
}

/** Types `value` into the field `testId` and commits it with Enter, as a person does. */
export async function setField(page, testId, value) {
  await page.getByTestId(testId).fill(String(value));
  await page.getByTestId(testId).press('Enter');
}

/** Presses "Copy link" in the Experiments panel and returns the link it shows. */
export async function copyLink(page) {
  await page.getByTestId('tab-experiments').click();
  await page.getByTestId('share-copy').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-link"]')?.value.includes('#nda=1.'));
  return page.getByTestId('share-link').inputValue();
}

/**
 * Every setting the page shows, as a person would read it: each input, select and text area with a
 * test id (checked state for boxes and radios; file pickers and the link box left out), the open
 * tab, the lesson, the study note and the opened banner (it names the run's mode). Two pages that show the same experiment give
 * equal snapshots; the format fixtures (tests/fixtures/v1/) hold the snapshots today's page gave.
 */
export async function settingsSnapshot(page) {
  return page.evaluate(() => {
    const controls = {};
    for (const element of document.querySelectorAll('input[data-testid], select[data-testid], textarea[data-testid]')) {
      const id = element.dataset.testid;
      if (element.type === 'file' || id === 'share-link') continue;
      controls[id] = element.type === 'checkbox' || element.type === 'radio' ? element.checked : element.value;
    }
    const tab = document.querySelector('[role="tab"][aria-selected="true"]')?.dataset.testid ?? null;
    const lesson = document.querySelector('[data-testid="lesson-title"]')?.innerText ?? null;
    const study = document.querySelector('[data-testid="study-opened"]')?.innerText ?? null;
    const banner = document.querySelector('[data-testid="share-banner"]')?.innerText ?? null;
    return { controls, tab, lesson, study, banner };
  });
}

/** Waits until a page has settled: its data set is built and the device badge is known. */
export async function settled(page) {
  await page.getByTestId('dataset-headline').filter({ hasText: / images/ }).waitFor({ state: 'attached', timeout: SLOW });
  await page.getByTestId('backend-badge').filter({ hasText: /^(CPU|WebGPU)/ }).waitFor({ timeout: SLOW });
}

/** A 24-bit BMP of side `size` whose pixel (x, y) is `colour(x, y)` = [r, g, b]. */
export function bmp(size, colour) {
  const row = Math.ceil((size * 3) / 4) * 4;
  const buffer = Buffer.alloc(54 + row * size);
  buffer.write('BM', 0);
  buffer.writeUInt32LE(buffer.length, 2);
  buffer.writeUInt32LE(54, 10);
  buffer.writeUInt32LE(40, 14);
  buffer.writeInt32LE(size, 18);
  buffer.writeInt32LE(size, 22);
  buffer.writeUInt16LE(1, 26);
  buffer.writeUInt16LE(24, 28);
  buffer.writeUInt32LE(row * size, 34);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const [r, g, b] = colour(x, size - 1 - y);
      const at = 54 + y * row + x * 3;
      buffer[at] = b;
      buffer[at + 1] = g;
      buffer[at + 2] = r;
    }
  }
  return buffer;
}

/** Uploads 24 different 32 px pictures (stripes of a colour and period that change with the
 * index) and waits until the page has made them the active set. */
export async function uploadStripes(page) {
  const files = Array.from({ length: 24 }, (_, index) => ({
    name: `picture-${index}.bmp`,
    mimeType: 'image/bmp',
    buffer: bmp(32, (x, y) => {
      const stripe = Math.floor((x + index * y / 8) / (2 + (index % 5))) % 2;
      return stripe ? [40 + index * 8, 200 - index * 5, (index * 37) % 256] : [250 - index * 9, 30, 90 + index * 6];
    }),
  }));
  await page.getByTestId('upload-files').setInputFiles(files);
  await page.getByTestId('dataset-headline').filter({ hasText: /^Your images · 24 images · 32×32/ }).waitFor({ timeout: SLOW });
}

/** Waits until the Video panel of `page` says `phase` at step `step`, within `timeout` ms. */
export async function waitForVideo(page, step, phase, timeout) {
  await page.waitForFunction(
    ([step, phase]) => {
      const text = document.querySelector('[data-testid="video-progress-text"]');
      const shown = document.querySelector('[data-testid="video-phase"]');
      return text && Number(text.dataset.step) === step && shown && shown.textContent === phase;
    },
    [step, phase],
    { timeout },
  );
}
