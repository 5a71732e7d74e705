import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Kiosk } from '../../../shared/schemas/auth.js';
import { ApiError, type Api } from './api.js';
import { t } from './locale.js';
import { controlStyles, standaloneFormStyles } from './tokens.js';
import './pair-qr.js';

/**
 * Shown when the server does not know this screen (401). Either the supervisor's tablet scans the
 * QR code this screen shows (pairing by QR: nothing typed here, see pair-qr.ts), or the operator
 * types the one-time code the supervisor created for this workstation. Either way the server sets
 * the device cookie and the page reloads.
 */
@customElement('pair-screen')
export class PairScreen extends LitElement {
  static override styles = [
    controlStyles,
    standaloneFormStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        align-items: center;
        gap: 24px 48px;
        margin: 4vh auto;
      }
      form {
        flex: 0 1 30rem;
        gap: 14px;
      }
      pair-qr {
        flex: 0 1 24rem;
      }
      @media (max-height: 700px) {
        :host {
          margin: 8px auto;
          flex-wrap: nowrap;
        }
        form {
          padding: 14px;
          gap: 8px;
        }
        input {
          min-height: 56px;
        }
      }
      h2 {
        margin: 0;
      }
      input {
        font-size: 2.4rem;
        letter-spacing: 0.4em;
        text-align: center;
        min-height: 72px;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface-2);
      }
      button {
        min-height: 64px;
        font-size: 1.3rem;
        font-weight: 800;
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
      }
      .reachable {
        margin: 0;
        color: var(--j-ok-bg);
        font-weight: 700;
      }
      .error {
        color: var(--j-urgent-bg);
        font-weight: 700;
        min-height: 1.5em;
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) api!: Api;
  /** The server answered (it refused this screen as unknown): said, so that nobody looks for a network fault. */
  @property({ type: Boolean }) reachable = false;
  /** Called with the server's answer before the page reloads (the workstation view remembers its new identity). */
  @property({ attribute: false }) onPaired: ((kiosk: Kiosk) => Promise<void>) | null = null;
  @state() private code = '';
  @state() private error = '';
  @state() private busy = false;

  private _onInput = (e: Event): void => {
    this.code = (e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 6);
    this.error = '';
  };

  /** The tablet claimed this screen (pairing by QR): the device cookie is set, as after a typed code. */
  private _onScreenPaired = async (e: CustomEvent<Kiosk>): Promise<void> => {
    if (this.onPaired) await this.onPaired(e.detail).catch(() => undefined);
    location.reload();
  };

  private _onSubmit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.code.length !== 6 || this.busy) return;
    this.busy = true;
    try {
      const reply = await this.api.pair(this.code);
      if (reply?.kiosk && this.onPaired) await this.onPaired(reply.kiosk).catch(() => undefined);
      location.reload();
    } catch (err) {
      this.error = err instanceof ApiError ? t('pair.invalid') : t('pair.offline');
    } finally {
      this.busy = false;
    }
  };

  override render() {
    return html`<pair-qr .api=${this.api} @screen-paired=${this._onScreenPaired}></pair-qr>
      <form @submit=${this._onSubmit}>
      <h2>${t('pair.title')}</h2>
      ${this.reachable ? html`<p class="reachable" data-reachable="yes">✓ ${t('pair.reachable')}</p>` : nothing}
      <p>${t('pair.orType')}</p>
      <label for="code">${t('pair.code')}</label>
      <input id="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" autofocus .value=${this.code} @input=${this._onInput} />
      <p class="error" role="alert">${this.error}</p>
      <button type="submit" ?disabled=${this.code.length !== 6 || this.busy}>${t('pair.submit')}</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pair-screen': PairScreen;
  }
}
