import { LitElement } from 'lit';
import { query } from 'lit/decorators.js';

/**
 * A modal that answers one question. The subclass sets its state, then returns `this.wait()`:
 * the native <dialog> opens and the promise resolves with what `finish()` is given. Cancel,
 * Escape and the backdrop (the native `close`) answer `cancelled`, so no caller is left waiting.
 */
export abstract class AskingDialog<T> extends LitElement {
  @query('dialog') protected dialog!: HTMLDialogElement;
  /** The answer when the person backs out. */
  protected abstract readonly cancelled: T;
  private resolve: ((v: T) => void) | null = null;

  /** A question asked while another is open replaces it: the earlier caller hears `cancelled`. */
  protected supersede(): void {
    this.resolve?.(this.cancelled);
    this.resolve = null;
  }

  /** Opens the dialog once rendered, runs `shown` (to place the focus), and waits for the answer. */
  protected async wait(shown?: () => void): Promise<T> {
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    shown?.();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  protected finish(v: T): void {
    if (this.dialog.open) this.dialog.close();
    this.resolve?.(v);
    this.resolve = null;
  }

  protected _onCancel = (): void => this.finish(this.cancelled);

  /** Escape or the backdrop closed the native dialog: that is a cancel. */
  protected _onClose = (): void => {
    if (this.resolve) this.finish(this.cancelled);
  };
}
