import { css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ReworkReason } from '../../../shared/schemas/settings.js';
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

/** Why an order goes back: the required comment and, when one was touched, the workshop's reason (Settings.reworkReasons' id). */
export interface GoingBack {
  comment: string;
  reasonCode?: string;
}

/**
 * Asks why an order goes back. Offers the workshop's rework reasons as big chips (one touch selects,
 * the chosen one says so with a tick and its pressed state, and fills the comment with its label,
 * still editable), then the device's recent comments; cannot be confirmed without a comment.
 * Opens with the text field focused (the on-screen keyboard comes up).
 * Use `ask(stepLabel, reasons)`: resolves with the comment and reason, or null when cancelled.
 */
@customElement('comment-dialog')
export class CommentDialog extends AskingDialog<GoingBack | null> {
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
      .reasons {
        margin: 0 0 12px;
      }
      .reasons legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 6px;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0;
      }
      .reasons .chips {
        margin: 0;
      }
      .reasons button {
        min-height: 64px;
        padding: 0 20px;
        font-size: 1.15rem;
        font-weight: 700;
      }
      .reasons button[aria-pressed='true'] {
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
      }
      .tick {
        margin-right: 0.4em;
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
  @state() private reasons: readonly ReworkReason[] = [];
  @state() private reasonCode: string | null = null;
  @query('textarea') private field!: HTMLTextAreaElement;
  protected readonly cancelled = null;

  async ask(stepLabel: string, reasons: readonly ReworkReason[] = []): Promise<GoingBack | null> {
    this.stepLabel = stepLabel;
    this.text = '';
    this.tried = false;
    this.recent = recentReasons();
    this.reasons = reasons;
    this.reasonCode = null;
    // The field has the focus (the on-screen keyboard comes up); the chips sit above it, in view.
    return this.wait(() => this.field.focus());
  }

  /** One touch selects (and fills an empty comment, or one still the last chip's label); a second touch unselects. */
  private _onReason = (e: Event): void => {
    const id = (e.currentTarget as HTMLButtonElement).dataset['code'] ?? '';
    const label = (id: string | null) => this.reasons.find((r) => r.id === id)?.label ?? '';
    const untouched = !this.text.trim() || this.text === label(this.reasonCode);
    const next = this.reasonCode === id ? null : id;
    if (untouched) this.text = label(next);
    this.reasonCode = next;
  };

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
    this.finish(this.reasonCode ? { comment: v, reasonCode: this.reasonCode } : { comment: v });
  };

  override render() {
    const empty = !this.text.trim();
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      <form @submit=${this._onSubmit}>
        <h2 id="title">${t('comment.title', { step: this.stepLabel })}</h2>
        ${this.reasons.length
          ? html`<fieldset class="reasons">
              <legend>${t('reason.title')}</legend>
              <ul class="chips">
                ${this.reasons.map((r) => {
                  const on = r.id === this.reasonCode;
                  return html`<li>
                    <button type="button" data-code=${r.id} aria-pressed=${on ? 'true' : 'false'} @click=${this._onReason}>
                      ${on ? html`<span class="tick" aria-hidden="true">✓</span>` : nothing}${r.label}${on
                        ? html`<span class="visually-hidden"> (${t('reason.selected')})</span>`
                        : nothing}
                    </button>
                  </li>`;
                })}
              </ul>
            </fieldset>`
          : nothing}
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
