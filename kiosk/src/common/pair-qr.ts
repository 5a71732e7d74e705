import { LitElement, css, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Kiosk } from '../../../shared/schemas/auth.js';
import type { ScreenCode } from '../../../shared/schemas/scan.js';
import { ApiError, type Api } from './api.js';
import { t } from './locale.js';

/** How often the waiting screen asks whether the tablet has claimed it. */
const ASK_EVERY_MS = 2000;
/** A new code this long before the current one expires (the tablet may be scanning right then). */
const RENEW_BEFORE_MS = 30_000;

/** The square modules of a QR code for `text` (the `qrcode` library, loaded only by unpaired screens). */
async function qrModules(text: string): Promise<{ size: number; dark: (r: number, c: number) => boolean }> {
  const QRCode = await import('qrcode');
  const m = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size: m.size, dark: (r, c) => m.get(r, c) === 1 };
}

/** The address a screen's QR carries: the tablet opens it (or scans it) to claim the screen. */
export const screenPairUrl = (code: string) => `${location.origin}/admin/pair?code=${code}`;

/**
 * Pairing by QR, the screen's side: asks the server for this screen's own code, shows it as a QR
 * code with its 6 digits below, and asks every few seconds whether the supervisor's tablet has
 * claimed it. A new code comes before the old one expires. Nothing to type on the screen.
 * @fires screen-paired - the tablet claimed this screen; the device cookie is set; detail: the kiosk
 */
@customElement('pair-qr')
export class PairQr extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      justify-items: center;
      gap: 8px;
      text-align: center;
    }
    svg,
    .waiting {
      width: min(42vh, 22rem);
      height: auto;
      aspect-ratio: 1;
      background: #fff;
      border-radius: 8px;
    }
    .waiting {
      opacity: 0.35;
    }
    [hidden-text] {
      visibility: hidden;
    }
    .digits {
      font-size: 2.6rem;
      font-weight: 800;
      letter-spacing: 0.12em;
      font-variant-numeric: tabular-nums;
      margin: 0;
    }
    p {
      margin: 0;
      max-width: 26rem;
    }
  `;

  @property({ attribute: false }) api!: Api;
  @state() private issued: ScreenCode | null = null;
  @state() private qr: { size: number; dark: (r: number, c: number) => boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private run = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.renew(++this.run);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.run++;
    if (this.timer) clearTimeout(this.timer);
  }

  private later(run: number, ms: number, task: () => Promise<void>): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (run === this.run) void task();
    }, ms);
  }

  /** A new code (first, or the old one is about to expire); unreachable: try again in a while. */
  private async renew(run: number): Promise<void> {
    try {
      const issued = await this.api.screenCode();
      const qr = await qrModules(screenPairUrl(issued.code));
      if (run !== this.run) return;
      this.issued = issued;
      this.qr = qr;
      this.later(run, ASK_EVERY_MS, () => this.ask(run));
    } catch {
      if (run === this.run) this.later(run, 10_000, () => this.renew(run));
    }
  }

  private async ask(run: number): Promise<void> {
    const issued = this.issued;
    if (!issued) return;
    try {
      const reply = await this.api.screenCodeWait(issued.code, issued.token);
      if (run !== this.run) return;
      if (reply.paired && reply.kiosk) {
        this.dispatchEvent(new CustomEvent<Kiosk>('screen-paired', { detail: reply.kiosk, bubbles: true, composed: true }));
        return;
      }
    } catch (e) {
      // The code expired or was used elsewhere: a new one.
      if (e instanceof ApiError && e.status === 401) return this.renew(run);
    }
    if (Date.parse(issued.expiresAt) - Date.now() < RENEW_BEFORE_MS) return this.renew(run);
    this.later(run, ASK_EVERY_MS, () => this.ask(run));
  }

  private drawQr(q: { size: number; dark: (r: number, c: number) => boolean }) {
    // One path of unit squares, with the 4-module white quiet zone a reader needs around the code.
    const quiet = 4;
    let d = '';
    for (let r = 0; r < q.size; r++) {
      for (let c = 0; c < q.size; c++) if (q.dark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
    }
    const side = q.size + quiet * 2;
    return html`<svg viewBox="0 0 ${side} ${side}" role="img" aria-label=${t('pair.qrLabel')} shape-rendering="crispEdges">${svg`<path d=${d} fill="#000"/>`}</svg>`;
  }

  override render() {
    const issued = this.issued;
    // Until the server hands out a code, the same room is kept (a blank square, the lines below
    // unseen): the code form beside or below it must not jump under a finger when the code arrives.
    if (!issued || !this.qr) {
      return html`<div class="waiting" aria-hidden="true"></div>
        <p class="digits" hidden-text aria-hidden="true">000 000</p>
        <p hidden-text aria-hidden="true">${t('pair.qrExplain')}</p>`;
    }
    return html`${this.drawQr(this.qr)}
      <p class="digits" data-screen-code=${issued.code} aria-label=${issued.code.split('').join(' ')}>${issued.code.slice(0, 3)} ${issued.code.slice(3)}</p>
      <p>${t('pair.qrExplain')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pair-qr': PairQr;
  }
}
