import { css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { AskingDialog } from '../asking-dialog.js';
import { dialogStyles } from '../dialog-styles.js';
import { t } from '../locale.js';
import { controlStyles } from '../tokens.js';
import { frameReader } from './barcode-reader.js';

/** Pause between two reads of the camera: fast enough to feel instant, light on a small kiosk's CPU. */
const READ_EVERY_MS = 150;

/**
 * The device's camera, full width, reading QR codes and Code 128 until one is accepted.
 * `scan(accept)` opens it and resolves with the first text `accept` takes (a code `accept`
 * refuses is said and reading goes on), or null when closed. The camera is let go on close.
 */
@customElement('camera-scanner')
export class CameraScanner extends AskingDialog<string | null> {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(56rem, 96vw);
        box-sizing: border-box;
      }
      h2 {
        margin: 0 0 12px;
      }
      video {
        display: block;
        width: 100%;
        max-height: 60vh;
        background: #000;
        border-radius: var(--j-radius);
        object-fit: contain;
      }
      .status {
        min-height: 1.5em;
        font-size: 1.2rem;
        font-weight: 700;
        margin: 12px 0 0;
      }
      .buttons button {
        min-height: 64px;
        min-width: 10rem;
        font-size: 1.2rem;
        font-weight: 700;
      }
      @media (max-height: 700px) {
        video {
          max-height: 48vh;
        }
        dialog {
          padding: 12px;
        }
      }
    `,
  ];

  @state() private status = '';
  @state() private heading = '';
  @query('video') private video!: HTMLVideoElement | null;
  protected readonly cancelled = null;
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private accept: (text: string) => string | true = () => true;
  private run = 0;
  private failed = false;

  /**
   * Opens the camera. `accept` returns true to take a text, or a sentence saying why not
   * (shown; reading goes on).
   */
  scan(title: string, accept: (text: string) => string | true): Promise<string | null> {
    this.supersede();
    this.heading = title;
    this.accept = accept;
    this.status = t('scan.starting');
    const answer = this.wait();
    void this.startCamera(++this.run);
    return answer;
  }

  private async startCamera(run: number): Promise<void> {
    try {
      const [stream, reader] = await Promise.all([
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 } }, audio: false }),
        frameReader(),
      ]);
      if (run !== this.run) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const video = this.video;
      if (!video) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      video.srcObject = stream;
      await video.play().catch(() => undefined);
      this.status = t('scan.aim');
      this.dataset['reader'] = reader.via;
      const tick = async (): Promise<void> => {
        if (run !== this.run) return;
        const text = await reader.read(video).catch((e: unknown) => {
          // Said once in the console (a decoder that cannot load would fail every frame alike).
          if (!this.failed) console.warn('barcode reader failed', e);
          this.failed = true;
          return null;
        });
        if (run !== this.run) return;
        if (text) {
          const verdict = this.accept(text);
          if (verdict === true) {
            this.finish(text);
            return;
          }
          this.status = verdict;
        }
        this.timer = setTimeout(() => void tick(), READ_EVERY_MS);
      };
      void tick();
    } catch (e) {
      if (run !== this.run) return;
      const denied = e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError');
      this.status = t(denied ? 'scan.denied' : 'scan.noCamera');
    }
  }

  private stopCamera(): void {
    this.run++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    if (this.video) this.video.srcObject = null;
  }

  protected override finish(v: string | null): void {
    this.stopCamera();
    super.finish(v);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopCamera();
  }

  override render() {
    return html`<dialog aria-labelledby="scan-title" @close=${this._onClose}>
      <h2 id="scan-title">${this.heading}</h2>
      <video muted playsinline autoplay aria-label=${t('scan.camera')}></video>
      <p class="status" role="status" aria-live="polite">${this.status}</p>
      <div class="buttons">
        <span></span>
        <button type="button" class="close" @click=${this._onCancel}>${t('action.close')}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'camera-scanner': CameraScanner;
  }
}
