import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
// The WebAssembly comes from our own build (hashed, precached by the service worker), never
// from the library's default CDN: a kiosk scans with the server unreachable and no Internet.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
});

/**
 * The bundled decoder for browsers without `BarcodeDetector` (Chromium on Linux, Firefox): zxing-cpp
 * compiled to WebAssembly, reader part only. Loaded on the first camera scan, in its own chunk.
 */
export async function readFrame(frame: ImageData): Promise<string | null> {
  const results = await readBarcodes(frame, { formats: ['QRCode', 'Code128'], tryHarder: true, maxNumberOfSymbols: 1 });
  return results.find((r) => r.isValid && r.text)?.text ?? null;
}
