import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { t } from '../common/locale.js';
import { controlStyles } from '../common/tokens.js';

/** A code never lives longer than this (the server's rule); it also bounds a wrong tablet clock. */
const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * A pairing code, large enough to read from the workstation being paired, with the time left
 * before it expires (counted from when the tablet received it).
 * @fires code-expired - the countdown reached zero
 */
@customElement('pairing-code')
export class PairingCode extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        text-align: center;
      }
      .code {
        font-size: clamp(3.5rem, 12vw, 6.5rem);
        font-weight: 800;
        letter-spacing: 0.12em;
        font-variant-numeric: tabular-nums;
        margin: 8px 0;
        line-height: 1.1;
      }
      .code.expired {
        text-decoration: line-through;
        color: var(--j-muted);
      }
      .left {
        font-size: 1.4rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .left.expired {
        color: var(--j-urgent-bg);
      }
    `,
  ];

  @property() code = '';
  /** The server's expiry instant (ISO). */
  @property() expiresAt = '';
  @state() private left = CODE_LIFETIME_MS;
  private deadline = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('code') || changed.has('expiresAt')) {
      const serverLeft = Date.parse(this.expiresAt) - Date.now();
      this.deadline = Date.now() + Math.max(0, Math.min(Number.isFinite(serverLeft) ? serverLeft : CODE_LIFETIME_MS, CODE_LIFETIME_MS));
      this.tick();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const was = this.left;
    this.left = Math.max(0, this.deadline - Date.now());
    if (was > 0 && this.left === 0) this.dispatchEvent(new CustomEvent('code-expired', { bubbles: true, composed: true }));
  }

  override render() {
    const expired = this.left <= 0;
    const s = Math.ceil(this.left / 1000);
    const time = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    // "123 456": two groups are easier to read out and to type.
    const shown = this.code.length === 6 ? `${this.code.slice(0, 3)} ${this.code.slice(3)}` : this.code;
    return html`<div class="code ${expired ? 'expired' : ''}" data-code=${this.code} aria-label=${this.code.split('').join(' ')}>${shown}</div>
      <div class="left ${expired ? 'expired' : ''}" role="timer" aria-live="off">
        ${expired ? t('kiosks.expired') : t('kiosks.expiresIn', { time })}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pairing-code': PairingCode;
  }
}
