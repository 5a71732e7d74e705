import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { t } from '../common/locale.js';
import { controlStyles } from '../common/tokens.js';

export type RowAction = 'edit' | 'move' | 'history' | 'mail';

/**
 * The menu of one row of the orders table (the reference's context menu): edit, move to any
 * step, history [suivi], envelope. Opens where it was asked, stays inside the screen, closes on
 * Escape or a touch outside.
 * @fires row-action - detail: { action, orderId }
 */
@customElement('row-menu')
export class RowMenu extends LitElement {
  static override styles = [
    controlStyles,
    css`
      dialog {
        margin: 0;
        padding: 6px;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface);
        color: var(--j-text);
        box-shadow: 0 8px 30px rgb(0 0 0 / 0.3);
        min-width: 15rem;
        left: var(--menu-x, 0px);
        top: var(--menu-y, 0px);
        right: auto;
        bottom: auto;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.15);
      }
      h2 {
        margin: 4px 8px 8px;
        font-size: 1rem;
        color: var(--j-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      button {
        width: 100%;
        min-height: 52px;
        text-align: left;
        font-size: 1.1rem;
        border-color: transparent;
      }
      button:hover,
      button:focus-visible {
        border-color: var(--j-accent);
      }
      .icon {
        display: inline-block;
        width: 1.6em;
      }
    `,
  ];

  @state() private orderId = '';
  @state() private number = 0;
  @state() private mailable = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  async open(order: { id: string; number: number }, x: number, y: number, mailable: boolean): Promise<void> {
    this.orderId = order.id;
    this.number = order.number;
    this.mailable = mailable;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    // Placed at the finger, then pulled back inside the screen.
    const r = this.dialog.getBoundingClientRect();
    const left = Math.max(8, Math.min(x, innerWidth - r.width - 8));
    const top = Math.max(8, Math.min(y, innerHeight - r.height - 8));
    this.style.setProperty('--menu-x', `${left}px`);
    this.style.setProperty('--menu-y', `${top}px`);
    this.dialog.querySelector('button')?.focus();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private _onPick = (e: Event): void => {
    const action = (e.currentTarget as HTMLButtonElement).dataset['action'] as RowAction;
    this.close();
    this.dispatchEvent(new CustomEvent('row-action', { detail: { action, orderId: this.orderId }, bubbles: true, composed: true }));
  };

  /** A touch on the backdrop lands on the dialog element itself, outside its box. */
  private _onDialogClick = (e: MouseEvent): void => {
    if (e.target !== this.dialog) return;
    const r = this.dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.close();
  };

  override render() {
    return html`<dialog aria-labelledby="menu-title" @click=${this._onDialogClick}>
      <h2 id="menu-title">${t('order.number', { number: this.number })}</h2>
      <ul role="menu" aria-labelledby="menu-title">
        <li role="none"><button role="menuitem" data-action="edit" @click=${this._onPick}><span class="icon" aria-hidden="true">✎</span>${t('menu.edit')}</button></li>
        <li role="none"><button role="menuitem" data-action="move" @click=${this._onPick}><span class="icon" aria-hidden="true">⇄</span>${t('menu.move')}</button></li>
        <li role="none"><button role="menuitem" data-action="history" @click=${this._onPick}><span class="icon" aria-hidden="true">☰</span>${t('menu.history')}</button></li>
        ${this.mailable
          ? html`<li role="none"><button role="menuitem" data-action="mail" @click=${this._onPick}><span class="icon" aria-hidden="true">✉</span>${t('menu.mail')}</button></li>`
          : nothing}
      </ul>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'row-menu': RowMenu;
  }
}
