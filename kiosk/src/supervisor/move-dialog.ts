import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { stepIndex, stepLabel } from '../../../shared/workflow.js';
import { AskingDialog } from '../common/asking-dialog.js';
import { t } from '../common/locale.js';
import { tabletStyles } from './tablet-styles.js';

/**
 * The supervisor's jump: every step of the workflow as one big button, the current one marked,
 * the earlier ones marked "back" (the view then asks for the comment, as on the kiosk).
 * `ask(order, settings)` resolves with the chosen step id, or null when cancelled.
 */
@customElement('move-dialog')
export class MoveDialog extends AskingDialog<string | null> {
  static override styles = [
    tabletStyles,
    css`
      ol {
        list-style: none;
        margin: 12px 0 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        gap: 8px;
      }
      ol button {
        width: 100%;
        min-height: 56px;
        text-align: left;
        font-size: 1.1rem;
        font-weight: 600;
      }
      button.back {
        border-style: dashed;
      }
      button[aria-current='step'] {
        border-color: var(--j-accent);
      }
      .tag {
        color: var(--j-muted);
        font-size: 0.9rem;
        font-weight: 400;
      }
    `,
  ];

  @state() private order: Order | null = null;
  @state() private settings: SettingsReply | null = null;
  protected readonly cancelled = null;

  async ask(order: Order, settings: SettingsReply): Promise<string | null> {
    this.supersede();
    this.order = order;
    this.settings = settings;
    return this.wait();
  }

  private _onPick = (e: Event): void => this.finish((e.currentTarget as HTMLButtonElement).dataset['step'] ?? null);

  override render() {
    const o = this.order;
    const s = this.settings;
    const here = o && s ? stepIndex(s, o.stepId) : -1;
    return html`<dialog aria-labelledby="title" @close=${this._onClose}>
      <h2 id="title">${o ? t('move.title', { number: o.number }) : ''}</h2>
      ${o && s
        ? html`<p class="help">${t('move.current', { step: stepLabel(s, o.stepId) })}</p>
            <ol aria-label=${t('move.to')}>
              ${s.steps.map((step, i) => {
                const current = i === here;
                return html`<li>
                  <button
                    data-step=${step.id}
                    class=${i < here ? 'back' : ''}
                    aria-current=${current ? 'step' : 'false'}
                    ?disabled=${current}
                    @click=${this._onPick}
                  >
                    ${step.label} ${i < here ? html`<span class="tag">${t('move.back')}</span>` : nothing}
                  </button>
                </li>`;
              })}
            </ol>`
        : nothing}
      <div class="buttons">
        <button class="cancel" @click=${this._onCancel}>${t('action.cancel')}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'move-dialog': MoveDialog;
  }
}
