import bwipjs from 'bwip-js/node';
import * as QRCode from 'qrcode';

/**
 * The two codes of a traveller sheet, drawn as vector rectangles rather than
 * images: they stay sharp at any printer resolution and cost a few hundred
 * bytes a page.
 */

/** Rectangles in module units (x, y, width, height): one per run of dark modules on a row. */
export type Runs = [number, number, number, number][];

/** The QR code of `text` (error correction M: a creased or smudged sheet still scans). */
export function qrRuns(text: string): { size: number; runs: Runs } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  const runs: Runs = [];
  for (let y = 0; y < size; y++) {
    let start = -1;
    for (let x = 0; x <= size; x++) {
      const dark = x < size && data[y * size + x] === 1;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push([start, y, x - start, 1]);
        start = -1;
      }
    }
  }
  return { size, runs };
}

/** Code 128 of `text`: the bars as [x, width] in modules, and the symbol's width in modules. */
export function code128Bars(text: string): { width: number; bars: [number, number][] } {
  const [symbol] = bwipjs.raw('code128', text, {}) as { sbs: number[] }[];
  const bars: [number, number][] = [];
  let x = 0;
  // sbs alternates bar, space, bar, … widths, starting with a bar.
  symbol.sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push([x, w]);
    x += w;
  });
  return { width: x, bars };
}
