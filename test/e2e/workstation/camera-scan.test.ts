import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'puppeteer-core';
import { makeMachines, shot, startHarness, waitForCard, type Harness } from '../harness.js';
import { fakeCameraArgs, writeQrVideo } from '../y4m.js';

/**
 * The camera path on a workstation: Chromium's fake camera plays a video of a traveller sheet's
 * QR code (made here, `<base>/o/<number>`); "Scanner" opens the camera, the bundled decoder
 * (headless Chromium on Linux has no BarcodeDetector) reads it, lazy-loaded with its WebAssembly
 * from our own build, and the order's card is highlighted with Next focused. Screenshots of the
 * scan overlay at 1024×600 and 1920×1080.
 */
type Ctx = { h: Harness; dir: string; saw: string; number: number };
const C = suite<Ctx>('workstation: camera scanner');

/** The base address is only known once the harness is up, and the video must exist before Chromium starts: a fixed number. */
const NUMBER = 73_519;

C.before(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'jalon-camera-'));
  const video = join(ctx.dir, 'sheet.y4m');
  // The QR's host does not matter to the kiosk (any `…/o/<number>`); the harness's port is not known yet.
  writeQrVideo(video, `https://jalon.example/o/${NUMBER}`);
  ctx.h = await startHarness({}, { browserArgs: fakeCameraArgs(video) });
  [ctx.saw] = await makeMachines(ctx.h, 'Scie');
  const r = await ctx.h.api('POST', '/api/orders', { contact: { name: 'Contact', company: 'Client caméra' }, machineId: ctx.saw, number: NUMBER });
  assert.is(r.status, 201, JSON.stringify(r.body));
  for (let i = 0; i < 6; i++) await ctx.h.api('POST', '/api/orders', { contact: { name: 'Contact', company: `Client ${i}` }, machineId: ctx.saw });
  ctx.number = NUMBER;
});

C.after(async ({ h, dir }) => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const scannerOpen = (page: Page) => page.evaluate(() => !!(window as any).__deepAll('camera-scanner')[0]?.shadowRoot?.querySelector('dialog[open]'));

C('"Scanner" opens the camera; the bundled decoder reads the sheet; the card is highlighted with Next focused', async ({ h, saw, number }) => {
  const page = await h.page(`/kiosk?machine=${saw}`, { width: 1280, height: 800 });
  await waitForCard(page, number, undefined, 15_000).catch(async (e: unknown) => {
    await shot(page, 'camera-scan-failed');
    throw new Error(`${String(e)} ${page.url()} ${JSON.stringify(await page.evaluate(() => (window as any).__deepAll('article').map((a: HTMLElement) => a.dataset['order'])))}`);
  });
  const wasmAsked: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasmAsked.push(r.url());
  });
  const button = (await page.evaluateHandle(() => (window as any).__deepAll('button[data-scan-camera]')[0])).asElement();
  assert.ok(button, 'a Scanner button in the header');
  await (button as any).click();
  await page
    .waitForFunction((n: number) => (window as any).__deepAll(`article.scanned[data-order="${n}"]`).length === 1, { timeout: 20_000 }, number)
    .catch(async (e: unknown) => {
      const status = await page.evaluate(() => (window as any).__deepAll('camera-scanner')[0]?.shadowRoot?.querySelector('.status')?.textContent);
      const alert = await page.evaluate(() => (window as any).__deepAll('p.alert').map((x: Element) => x.textContent));
      await shot(page, 'camera-scan-failed');
      throw new Error(`not read: scanner says "${status}", alert ${JSON.stringify(alert)}: ${String(e)}`);
    });
  assert.not.ok(await scannerOpen(page), 'the camera closes once the sheet is read');
  const via = await page.evaluate(() => (window as any).__deepAll('camera-scanner')[0].dataset.reader);
  assert.is(via, 'bundled', 'no BarcodeDetector here: the bundled decoder read it');
  // The decoder's WebAssembly came from our own build (or the service worker's copy of it), never a CDN.
  assert.ok(wasmAsked.every((u) => u.startsWith(h.base)), wasmAsked.join(' '));
  // The camera is let go.
  const live = await page.evaluate(() => {
    const v = (window as any).__deepAll('camera-scanner')[0].shadowRoot.querySelector('video') as HTMLVideoElement;
    return v.srcObject !== null;
  });
  assert.not.ok(live, 'the video has no stream after closing');
  await page.waitForFunction(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.classList.contains('next');
  }, { timeout: 3000 });
  await page.browserContext().close();
});

C('the scan overlay, screenshots at 1024×600 and 1920×1080', async ({ h, saw, number }) => {
  for (const [width, height] of [
    [1024, 600],
    [1920, 1080],
  ] as const) {
    const page = await h.page(`/kiosk?machine=${saw}`, { width, height });
    await waitForCard(page, number, undefined, 15_000);
    // The dialogs are drawn once the first cards are (lazy-dialogs.ts).
    await page.waitForFunction(() => (window as any).__deepAll('camera-scanner').length === 1, { timeout: 5000 });
    // Opened as the button does, with a rule refusing every code: the overlay stays, saying why.
    void page
      .evaluate(() => (window as any).__deepAll('camera-scanner')[0].scan('Scanner une fiche', () => 'Ce code n’est pas celui d’une fiche de commande.'))
      .catch(() => undefined);
    await page.waitForFunction(
      () => ((window as any).__deepAll('camera-scanner')[0]?.shadowRoot?.querySelector('.status')?.textContent ?? '').includes('fiche de commande'),
      { timeout: 20_000 },
    );
    await shot(page, `scan-overlay-${width}x${height}`);
    const box = await page.evaluate(() => {
      const r = (window as any).__deepAll('camera-scanner')[0].shadowRoot.querySelector('button.close').getBoundingClientRect();
      return { bottom: r.bottom, height: r.height };
    });
    assert.ok(box.bottom <= height, `the close button is on screen at ${width}×${height}`);
    assert.ok(box.height >= 48, 'a glove-sized close button');
    await page.browserContext().close();
  }
});

C.run();
