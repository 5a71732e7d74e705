import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { User } from '../../../shared/schemas/people.js';
import { ApiError, NetworkError } from '../common/api.js';
import { AskingDialog } from '../common/asking-dialog.js';
import { dialogStyles } from '../common/dialog-styles.js';
import { t, tn } from '../common/locale.js';
import { controlStyles } from '../common/tokens.js';
import type { PinRequest } from './operator-gate.js';

const PIN_MIN = 4;
const PIN_MAX = 6;
/** When the server gives no Retry-After, its PIN window (one minute) is the honest wait. */
const DEFAULT_WAIT_S = 60;

/**
 * The operator's PIN before Previous/Next on a kiosk that asks for one: the person touches their
 * name, then types 4 to 6 digits on a large keypad (keys of 64 px at least: gloves), or on a
 * keyboard. A wrong PIN is said in a plain sentence and the keypad stays; too many attempts
 * (429) say how long to wait. `ask()` resolves true once the server accepted a PIN, false when
 * cancelled.
 */
@customElement('pin-dialog')
export class PinDialog extends AskingDialog<boolean> {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(34rem, 94vw);
        max-height: calc(100vh - 16px);
        max-height: calc(100dvh - 16px);
        overflow: auto;
        box-sizing: border-box;
        box-shadow: 0 10px 40px rgb(0 0 0 / 0.35);
      }
      h2 {
        margin: 0 0 8px;
        font-size: 1.5rem;
      }
      p {
        margin: 0 0 12px;
      }
      .people {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: 10px;
        list-style: none;
        margin: 0 0 12px;
        padding: 0;
      }
      .people button {
        width: 100%;
        min-height: 64px;
        font-size: 1.25rem;
        font-weight: 700;
        text-align: left;
      }
      .layout {
        display: grid;
        gap: 14px;
        grid-template-areas: 'info' 'keys' 'buttons';
      }
      .layout > div:first-child {
        grid-area: info;
      }
      .layout .keys {
        grid-area: keys;
      }
      .layout .buttons {
        grid-area: buttons;
        margin-top: 0;
      }
      .dots {
        display: flex;
        justify-content: center;
        gap: 14px;
        min-height: 40px;
        align-items: center;
        font-size: 2rem;
        letter-spacing: 0.1em;
      }
      .dot {
        width: 22px;
        height: 22px;
        border-radius: 50%;
        border: 3px solid var(--j-text);
        box-sizing: border-box;
      }
      .dot.on {
        background: var(--j-text);
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 10px;
      }
      .keys button {
        min-height: 72px;
        padding: 0 4px;
        font-size: 1.8rem;
        font-weight: 800;
        overflow-wrap: anywhere;
      }
      .keys .erase {
        font-size: 1.1rem;
      }
      .keys .ok {
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
        font-size: 1.2rem;
      }
      .error {
        color: var(--j-urgent-bg);
        font-weight: 700;
        min-height: 1.5em;
        margin: 0;
      }
      .buttons {
        margin-top: 14px;
      }
      .buttons button {
        min-height: 64px;
      }
      /* Short screens (200 % zoom): text beside the keypad, keys still 64 px. */
      @media (max-height: 560px) and (min-width: 520px) {
        dialog {
          width: min(48rem, 96vw);
          padding: 12px 16px;
        }
        .layout {
          grid-template-columns: 1fr 1.2fr;
          grid-template-areas: 'info keys' 'buttons keys';
          align-items: start;
        }
        .keys button {
          min-height: 64px;
        }
        .buttons {
          margin-top: 8px;
        }
      }
    `,
  ];

  @state() private step: 'who' | 'pin' = 'who';
  @state() private person: User | null = null;
  @state() private digits = '';
  @state() private error = '';
  @state() private busy = false;
  @state() private request: PinRequest | null = null;
  protected readonly cancelled = false;

  async ask(request: PinRequest): Promise<boolean> {
    this.request = request;
    const chosen = request.people.find((p) => p.id === request.preselect) ?? (request.people.length === 1 ? request.people[0] : null);
    this.person = chosen;
    this.step = chosen ? 'pin' : 'who';
    this.digits = '';
    this.error = request.people.length ? '' : t('pin.noPeople');
    this.busy = false;
    return this.wait(() => this.focusFirst());
  }

  private focusFirst(): void {
    void this.updateComplete.then(() => {
      const first = this.renderRoot.querySelector<HTMLButtonElement>(this.step === 'pin' ? '.keys button' : '.people button');
      first?.focus();
    });
  }

  private _onPerson = (e: Event): void => {
    const id = (e.currentTarget as HTMLButtonElement).dataset['id'];
    this.person = this.request?.people.find((p) => p.id === id) ?? null;
    this.step = 'pin';
    this.digits = '';
    this.error = '';
    this.focusFirst();
  };

  private _onSomeoneElse = (): void => {
    this.step = 'who';
    this.digits = '';
    this.error = '';
    this.focusFirst();
  };

  private type(d: string): void {
    if (this.busy || this.digits.length >= PIN_MAX) return;
    this.digits += d;
    this.error = '';
  }

  private _onDigit = (e: Event): void => this.type((e.currentTarget as HTMLButtonElement).dataset['digit'] ?? '');

  private _onErase = (): void => {
    this.digits = this.digits.slice(0, -1);
  };

  /** A keyboard works too (and screen-reader users): digits, Backspace, Enter. */
  private _onKey = (e: KeyboardEvent): void => {
    if (this.step !== 'pin') return;
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      this.type(e.key);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      this._onErase();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void this._onSubmit();
    }
  };

  private _onSubmit = async (): Promise<void> => {
    const req = this.request;
    const person = this.person;
    if (!req || !person || this.busy || this.digits.length < PIN_MIN) return;
    this.busy = true;
    try {
      await req.signIn(person.id, this.digits);
      this.finish(true);
    } catch (e) {
      this.digits = '';
      this.error = this.refusal(e);
    } finally {
      this.busy = false;
    }
  };

  private refusal(e: unknown): string {
    if (e instanceof NetworkError) return t('pin.offline');
    if (e instanceof ApiError) {
      if (e.status === 401) return t('pin.wrong');
      if (e.code === 'pin_locked') return t('pin.locked');
      if (e.status === 429) return t('pin.tooMany', { seconds: e.retryAfter ?? DEFAULT_WAIT_S });
      if (e.status === 400) return t('refusal.pin');
      return t('pin.failed', { message: e.message });
    }
    return t('pin.failed', { message: String(e) });
  }

  private renderWho() {
    const people = this.request?.people ?? [];
    return html`<h2 id="title">${t('pin.who')}</h2>
      <p>${t('pin.whoExplain')}</p>
      <ul class="people">
        ${people.map((p) => html`<li><button type="button" data-id=${p.id} @click=${this._onPerson}>${p.name}</button></li>`)}
      </ul>
      <p class="error" role="alert">${this.error}</p>
      <div class="buttons"><button type="button" class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button></div>`;
  }

  private renderPin() {
    const n = this.digits.length;
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    return html`<div class="layout">
      <div>
        <h2 id="title">${t('pin.title', { name: this.person?.name ?? '' })}</h2>
        <p>${tn('pin.explain', this.request?.minutes ?? 0)}</p>
        <div class="dots" role="status" aria-live="polite" aria-label=${tn('pin.digits', n)} data-digits=${n}>
          ${Array.from({ length: Math.max(PIN_MIN, n) }, (_, i) => html`<span class="dot ${i < n ? 'on' : ''}"></span>`)}
        </div>
        <p class="error" role="alert">${this.busy ? t('pin.checking') : this.error}</p>
      </div>
      <div class="keys" role="group" aria-label=${t('pin.title', { name: this.person?.name ?? '' })}>
        ${keys.map((d) => html`<button type="button" class="digit" data-digit=${d} ?disabled=${this.busy} @click=${this._onDigit}>${d}</button>`)}
        <button type="button" class="erase" ?disabled=${this.busy || n === 0} @click=${this._onErase}>${t('pin.erase')}</button>
        <button type="button" class="digit" data-digit="0" ?disabled=${this.busy} @click=${this._onDigit}>0</button>
        <button type="button" class="ok" ?disabled=${this.busy || n < PIN_MIN} @click=${this._onSubmit}>${t('pin.ok')}</button>
      </div>
      <div class="buttons">
        <button type="button" class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button>
        ${(this.request?.people.length ?? 0) > 1
          ? html`<button type="button" class="someone-else" @click=${this._onSomeoneElse}>${t('pin.someoneElse')}</button>`
          : nothing}
      </div>
    </div>`;
  }

  override render() {
    return html`<dialog aria-labelledby="title" @close=${this._onClose} @keydown=${this._onKey}>
      ${this.step === 'who' ? this.renderWho() : this.renderPin()}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pin-dialog': PinDialog;
  }
}
