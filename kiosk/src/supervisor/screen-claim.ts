import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Kiosk } from '../../../shared/schemas/auth.js';
import { t } from '../common/locale.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import { field, resultLine, submitted, type Result } from './catalog-section.js';
import { refusalText } from './refusals.js';
import { scopeFields, scopeFromForm, type ScopeKind } from './screen-scope-fields.js';
import { supervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * "Associer cet écran": the tablet claims a waiting screen by the code its QR carries (scanned,
 * opened from `/admin/pair?code=…`, or typed), choosing what it shows: a machine, a person or the
 * wall. The screen then pairs itself (it asks the server every few seconds): nothing is typed on it.
 * `open(code)` shows the dialog.
 * @fires screen-claimed - the kiosk was created; detail: the kiosk
 */
@customElement('screen-claim')
export class ScreenClaim extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      dialog {
        width: min(40rem, 94vw);
      }
      fieldset {
        border: none;
        margin: 0 0 12px;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      legend {
        font-weight: 600;
        margin-bottom: 4px;
      }
      input[name='code'] {
        font-size: 1.6rem;
        letter-spacing: 0.2em;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @state() private code = '';
  @state() private kind: ScopeKind = 'machine';
  @state() private result: Result = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  private readonly session = session();
  private readonly api = supervisorApi();

  constructor() {
    super();
    new WatchController(this, [this.session]);
  }

  async open(code: string): Promise<void> {
    this.code = code;
    this.result = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
  }

  private _onSubmit = async (e: Event): Promise<void> => {
    const form = submitted(e);
    const code = field(form, 'code').replace(/\D/g, '');
    const chosen = scopeFromForm(form, this.kind);
    if ('missing' in chosen) {
      this.result = { text: chosen.missing, ok: false };
      return;
    }
    try {
      const { kiosk } = await this.api.claimScreen({ code, name: field(form, 'name'), ...chosen });
      this.result = { text: t('kiosks.claimed', { name: kiosk.name }), ok: true };
      form.reset();
      this.dispatchEvent(new CustomEvent<Kiosk>('screen-claimed', { detail: kiosk, bubbles: true, composed: true }));
    } catch (err) {
      this.result = { text: refusalText(err), ok: false };
    }
  };

  private _onClose = (): void => this.dialog.close();

  override render() {
    return html`<dialog class="claim-dialog" aria-labelledby="claim-title">
      <h2 id="claim-title">${t('kiosks.claimTitle')}</h2>
      <p class="help">${t('kiosks.claimExplain')}</p>
      <form @submit=${this._onSubmit}>
        <label class="field"
          ><span>${t('kiosks.claimCode')}</span
          ><input name="code" required inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="off" .value=${this.code}
        /></label>
        <label class="field"><span>${t('kiosks.name')}</span><input name="name" required maxlength="80" /></label>
        ${scopeFields(this.kind, this.session, (k) => (this.kind = k))}
        ${resultLine(this.result)}
        <div class="buttons">
          <button type="button" class="close" @click=${this._onClose}>${t('action.close')}</button>
          <button type="submit" class="primary claim">${t('kiosks.claim')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'screen-claim': ScreenClaim;
  }
}
