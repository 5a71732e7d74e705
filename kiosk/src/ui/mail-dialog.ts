import { LitElement, css, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type { Order } from '../../../shared/schemas/order.js';
import { ApiError, type Api, type MailDraft } from '../app/api.js';
import { t } from '../app/locale.js';
import { controlStyles } from './tokens.js';

type Load = { state: 'loading' } | { state: 'none' } | { state: 'done'; draft: MailDraft };

/**
 * The envelope: the message prefilled with the current step's template. Sending from Jalon
 * arrives with the mail issue; until then the operator can read and copy the text.
 * @fires mail-unavailable - the server has no message for this step; detail: { stepId }
 */
@customElement('mail-dialog')
export class MailDialog extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        border: none;
        border-radius: var(--j-radius);
        padding: 20px;
        width: min(44rem, 94vw);
        background: var(--j-surface);
        color: var(--j-text);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.55);
      }
      dl {
        margin: 0;
        display: grid;
        gap: 8px;
      }
      dt {
        color: var(--j-muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      pre {
        white-space: pre-wrap;
        font: inherit;
        background: var(--j-surface-2);
        padding: 12px;
        border-radius: 8px;
        margin: 0;
      }
      .buttons {
        display: flex;
        gap: 12px;
        margin-top: 16px;
        justify-content: space-between;
      }
      .buttons button {
        min-height: 56px;
      }
    `,
  ];

  @state() private load: Load = { state: 'loading' };
  @state() private number = 0;
  @state() private copied = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  async show(order: Order, api: Api): Promise<void> {
    this.number = order.number;
    this.load = { state: 'loading' };
    this.copied = false;
    await this.updateComplete;
    this.dialog.showModal();
    try {
      this.load = { state: 'done', draft: await api.mail(order.id) };
    } catch (e) {
      this.load = { state: 'none' };
      if (e instanceof ApiError && e.status === 404) {
        this.dispatchEvent(new CustomEvent('mail-unavailable', { detail: { stepId: order.stepId }, bubbles: true, composed: true }));
      }
    }
  }

  private _onClose = (): void => this.dialog.close();

  private _onCopy = async (): Promise<void> => {
    if (this.load.state !== 'done') return;
    const d = this.load.draft;
    try {
      await navigator.clipboard.writeText(`${d.subject}\n\n${d.body}`);
      this.copied = true;
    } catch {
      /* clipboard refused (not a secure context or no permission): the text stays selectable */
    }
  };

  override render() {
    const l = this.load;
    return html`<dialog aria-labelledby="title">
      <h2 id="title">${t('action.mailOf', { number: this.number })}</h2>
      ${l.state === 'loading'
        ? html`<p>${t('mail.loading')}</p>`
        : l.state === 'none'
          ? html`<p>${t('mail.unavailable')}</p>`
          : html`<dl>
                <dt>${t('mail.to')}</dt>
                <dd>${l.draft.to}</dd>
                <dt>${t('mail.subject')}</dt>
                <dd>${l.draft.subject}</dd>
                <dt>${t('mail.body')}</dt>
                <dd><pre>${l.draft.body}</pre></dd>
              </dl>
              <p>${t('mail.notYet')}</p>`}
      <div class="buttons">
        <button @click=${this._onClose}>${t('action.close')}</button>
        ${l.state === 'done' ? html`<button @click=${this._onCopy}>${this.copied ? t('action.copied') : t('action.copy')}</button>` : ''}
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mail-dialog': MailDialog;
  }
}
