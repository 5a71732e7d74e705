import { html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { AskingDialog } from '../common/asking-dialog.js';
import { t } from '../common/locale.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * Destructive actions ask once, here. `ask(message, confirmLabel)` resolves true when confirmed;
 * Cancel, Escape and the backdrop answer false. Cancel has the focus, so a stray Enter never destroys.
 */
@customElement('confirm-dialog')
export class ConfirmDialog extends AskingDialog<boolean> {
  static override styles = tabletStyles;

  @state() private message = '';
  @state() private confirmLabel = '';
  @query('button.cancel') private cancelButton!: HTMLButtonElement;
  protected readonly cancelled = false;

  async ask(message: string, confirmLabel: string): Promise<boolean> {
    this.supersede();
    this.message = message;
    this.confirmLabel = confirmLabel;
    return this.wait(() => this.cancelButton.focus());
  }

  private _onConfirm = (): void => this.finish(true);

  override render() {
    return html`<dialog aria-labelledby="title" aria-describedby="message" @close=${this._onClose}>
      <h2 id="title">${t('confirm.title')}</h2>
      <p id="message">${this.message}</p>
      <div class="buttons">
        <button class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button>
        <button class="danger confirm" @click=${this._onConfirm}>${this.confirmLabel}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confirm-dialog': ConfirmDialog;
  }
}
