/** Reads one frame of the camera: the text of the first QR code or Code 128 found, or null. */
export type FrameReader = (video: HTMLVideoElement) => Promise<string | null>;

interface NativeDetector {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
interface NativeDetectorClass {
  new (opts: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

const FORMATS = ['qr_code', 'code_128'];

/** The browser's own detector, when it reads both formats (Chrome on Android and macOS, not on Linux). */
async function nativeReader(): Promise<FrameReader | null> {
  const Detector = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const supported = await Detector.getSupportedFormats();
    if (!FORMATS.every((f) => supported.includes(f))) return null;
    const detector = new Detector({ formats: FORMATS });
    return async (video) => (await detector.detect(video))[0]?.rawValue ?? null;
  } catch {
    return null;
  }
}

/** The bundled decoder (zxing-wasm), loaded on first use: a frame is drawn on a canvas and read there. */
async function bundledReader(): Promise<FrameReader> {
  const { readFrame } = await import('./zxing-reader.js');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D canvas');
  return async (video) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.drawImage(video, 0, 0, w, h);
    return readFrame(ctx.getImageData(0, 0, w, h));
  };
}

let chosen: Promise<{ read: FrameReader; via: 'native' | 'bundled' }> | null = null;

/** The reader this browser uses, chosen once per page. */
export function frameReader(): Promise<{ read: FrameReader; via: 'native' | 'bundled' }> {
  chosen ??= nativeReader()
    .then(async (native) => (native ? { read: native, via: 'native' as const } : { read: await bundledReader(), via: 'bundled' as const }))
    .catch((e: unknown) => {
      chosen = null;
      throw e;
    });
  return chosen;
}
