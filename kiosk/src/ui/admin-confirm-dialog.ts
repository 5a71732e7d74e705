import { LitElement, html } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { t } from '../app/locale.js';
import { adminStyles } from './admin-styles.js';
import { controlStyles } from './tokens.js';

/**
 * Destructive actions ask once, here. `ask(message, confirmLabel)` resolves true when confirmed;
 * Cancel, Escape and the backdrop answer false. Cancel has the focus, so a stray Enter never destroys.
 */
@customElement('admin-confirm-dialog')
export class AdminConfirmDialog extends LitElement {
  static override styles = [controlStyles, adminStyles];

  @state() private message = '';
  @state() private confirmLabel = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('button.cancel') private cancelButton!: HTMLButtonElement;
  private resolve: ((v: boolean) => void) | null = null;

  async ask(message: string, confirmLabel: string): Promise<boolean> {
    this.resolve?.(false);
    this.message = message;
    this.confirmLabel = confirmLabel;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.cancelButton.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  private finish(v: boolean): void {
    if (this.dialog.open) this.dialog.close();
    this.resolve?.(v);
    this.resolve = null;
  }

  private _onCancel = (): void => this.finish(false);
  private _onConfirm = (): void => this.finish(true);
  private _onClose = (): void => {
    if (this.resolve) this.finish(false);
  };

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
    'admin-confirm-dialog': AdminConfirmDialog;
  }
}
