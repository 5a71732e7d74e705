import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture=<file>.y4m`): `frames`
 * frames of a white page with the QR code of `text` in its middle, as a printed sheet held in
 * front of a camera. YUV4MPEG2, 4:2:0: per frame a Y plane (the picture in grey levels) and U, V
 * planes at 128 (no colour). The QR is drawn from `qrcode`'s own matrix, with a white quiet zone.
 */
export function writeQrVideo(path: string, text: string, opts: { width?: number; height?: number; frames?: number } = {}): void {
  const w = opts.width ?? 640;
  const h = opts.height ?? 480;
  const frames = opts.frames ?? 10;
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const side = modules.size + 8; // 4 modules of quiet zone each side
  const scale = Math.floor((Math.min(w, h) * 0.9) / side);
  if (scale < 2) throw new Error(`QR of ${modules.size} modules does not fit ${w}×${h}`);
  const y = Buffer.alloc(w * h, 235); // white paper (video white is 235)
  const left = Math.floor((w - modules.size * scale) / 2);
  const top = Math.floor((h - modules.size * scale) / 2);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      if (!modules.get(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) y.fill(16, (top + r * scale + dy) * w + left + c * scale, (top + r * scale + dy) * w + left + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/** The Chromium switches for a fake camera showing `file`, its permission granted without asking. */
export const fakeCameraArgs = (file: string) => ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
