import { css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { AskingDialog } from './asking-dialog.js';
import { dialogStyles } from './dialog-styles.js';
import { t } from './locale.js';
import { controlStyles } from './tokens.js';

const RECENT_KEY = 'jalon.recentReasons';
const RECENT_MAX = 5;

function recentReasons(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

function rememberReason(reason: string): void {
  const list = [reason, ...recentReasons().filter((r) => r !== reason)].slice(0, RECENT_MAX);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    /* not remembered */
  }
}

/**
 * Asks why an order goes back. Opens with the text field focused (the on-screen keyboard comes up),
 * offers the device's recent reasons as one-touch chips, and cannot be confirmed empty.
 * Use `ask(stepLabel)`: resolves with the comment, or null when cancelled.
 */
@customElement('comment-dialog')
export class CommentDialog extends AskingDialog<string | null> {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      dialog {
        width: min(40rem, 92vw);
        box-shadow: 0 10px 40px rgb(0 0 0 / 0.35);
      }
      h2 {
        margin: 0 0 12px;
        font-size: 1.5rem;
      }
      label {
        display: block;
        font-weight: 600;
        margin-bottom: 6px;
      }
      textarea {
        box-sizing: border-box;
        width: 100%;
        min-height: 6rem;
        font-size: 1.25rem;
        padding: 10px;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface-2);
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin: 12px 0 0;
        padding: 0;
        list-style: none;
      }
      .chips button {
        border-radius: 999px;
      }
      .hint {
        color: var(--j-urgent-bg);
        font-weight: 600;
        min-height: 1.5em;
        margin: 8px 0 0;
      }
      .buttons {
        flex-wrap: nowrap;
        gap: 16px;
      }
      .confirm {
        min-height: 64px;
        flex: 1;
        max-width: 20rem;
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
        font-weight: 800;
        font-size: 1.2rem;
      }
      .cancel {
        min-height: 64px;
      }
    `,
  ];

  @property() stepLabel = '';
  @state() private text = '';
  @state() private tried = false;
  @state() private recent: string[] = [];
  @query('textarea') private field!: HTMLTextAreaElement;
  protected readonly cancelled = null;

  async ask(stepLabel: string): Promise<string | null> {
    this.stepLabel = stepLabel;
    this.text = '';
    this.tried = false;
    this.recent = recentReasons();
    return this.wait(() => this.field.focus());
  }

  private _onInput = (e: Event): void => {
    this.text = (e.target as HTMLTextAreaElement).value;
  };

  private _onChip = (e: Event): void => {
    this.text = (e.currentTarget as HTMLButtonElement).dataset['reason'] ?? '';
    this.field.focus();
  };

  private _onSubmit = (e: Event): void => {
    e.preventDefault();
    const v = this.text.trim();
    if (!v) {
      this.tried = true;
      this.field.focus();
      return;
    }
    rememberReason(v);
    this.finish(v);
  };

  override render() {
    const empty = !this.text.trim();
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      <form @submit=${this._onSubmit}>
        <h2 id="title">${t('comment.title', { step: this.stepLabel })}</h2>
        <label for="comment">${t('comment.label')}</label>
        <textarea
          id="comment"
          required
          maxlength="1000"
          enterkeyhint="done"
          aria-invalid=${this.tried && empty ? 'true' : 'false'}
          aria-describedby="hint"
          .value=${this.text}
          @input=${this._onInput}
        ></textarea>
        ${this.recent.length
          ? html`<p class="visually-hidden" id="recent">${t('comment.recent')}</p>
              <ul class="chips" aria-labelledby="recent">
                ${this.recent.map((r) => html`<li><button type="button" data-reason=${r} @click=${this._onChip}>${r}</button></li>`)}
              </ul>`
          : nothing}
        <p class="hint" id="hint" aria-live="assertive">${this.tried && empty ? t('comment.required') : ''}</p>
        <div class="buttons">
          <button type="button" class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button>
          <button type="submit" class="confirm" ?disabled=${empty}>${t('action.confirm')}</button>
        </div>
      </form>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'comment-dialog': CommentDialog;
  }
}
