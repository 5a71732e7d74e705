import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { t } from '../../common/locale.js';
import { dialogStyles } from '../../common/dialog-styles.js';
import { tabletStyles } from '../tablet-styles.js';

/**
 * A secret shown once (an API token's, a webhook's signing key): large, selectable, with a
 * copy button and the warning that it will not be shown again. Closing forgets it.
 */
@customElement('secret-dialog')
export class SecretDialog extends LitElement {
  static override styles = [tabletStyles, dialogStyles];
  @state() private shown: { title: string; warning: string; secret: string } | null = null;
  @state() private copied = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  async open(title: string, warning: string, secret: string): Promise<void> {
    this.shown = { title, warning, secret };
    this.copied = false;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private _onCopy = async (): Promise<void> => {
    if (!this.shown) return;
    try {
      await navigator.clipboard.writeText(this.shown.secret);
      this.copied = true;
    } catch {
      // No clipboard (plain http, permissions): the secret is selected for a manual copy.
      this.renderRoot.querySelector('code')?.focus();
      const range = document.createRange();
      const code = this.renderRoot.querySelector('code');
      if (code) {
        range.selectNodeContents(code);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
    }
  };

  private _onClose = (): void => {
    this.dialog.close();
    this.shown = null;
  };

  override render() {
    const s = this.shown;
    return html`<dialog aria-labelledby="secret-title" @close=${() => (this.shown = null)}>
      ${s
        ? html`<h2 id="secret-title">${s.title}</h2>
            <p role="alert" class="warning">${s.warning}</p>
            <p><code class="secret" tabindex="0" style="word-break: break-all; font-size: 1.1rem; user-select: all">${s.secret}</code></p>
            ${this.copied ? html`<p class="ok" role="status">${t('integration.copied')}</p>` : nothing}
            <div class="buttons">
              <button type="button" class="copy" @click=${this._onCopy}>${t('integration.copy')}</button>
              <button type="button" class="primary close" @click=${this._onClose}>${t('integration.close')}</button>
            </div>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'secret-dialog': SecretDialog;
  }
}
