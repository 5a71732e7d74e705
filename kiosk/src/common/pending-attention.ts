import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { stepLabel } from '../../../shared/workflow.js';
import { formatTime, t, tn } from './locale.js';
import type { PendingActions } from './pending-actions.js';
import type { OrderStore } from './order-store.js';

/**
 * What the queue needs from a person: the operator whose PIN the next actions wait for (with a
 * button that opens the keypad on their name), and the actions made under another identity of this
 * screen, which are never sent and stay listed until someone has read them.
 *
 * @fires operator-needed - the waited-for operator wants to type their PIN; detail: { id }
 */
@customElement('pending-attention')
export class PendingAttention extends LitElement {
  static override styles = css`
    section {
      margin: 0 0 12px;
      padding: 12px 18px;
      border-radius: var(--j-radius);
      border: 3px solid var(--j-accent);
      background: var(--j-surface-2);
      font-size: 1.15em;
    }
    section.unsent {
      border-color: var(--j-urgent-bg);
    }
    p {
      margin: 0 0 8px;
      font-weight: 700;
    }
    ul {
      margin: 0 0 10px;
      padding-left: 1.2em;
    }
    button {
      min-height: 64px;
      padding: 0 24px;
      font: inherit;
      font-weight: 800;
      border-radius: var(--j-radius);
      border: 0;
      background: var(--j-accent);
      color: var(--j-accent-text, #fff);
    }
  `;

  /** The queue (for "read"); `waiting` and `unsent` are its state, passed so that a change redraws. */
  @property({ attribute: false }) actions: PendingActions | null = null;
  @property({ attribute: false }) waiting: PendingActions['waitingFor'] = null;
  @property({ attribute: false }) unsent: PendingActions['unsent'] = [];
  @property({ attribute: false }) store: OrderStore | null = null;
  @property() zone = 'Europe/Paris';

  override render() {
    const q = this.actions;
    if (!q) return nothing;
    const settings = this.store?.settings ?? null;
    const { waiting, unsent } = this;
    return html`${waiting
      ? html`<section class="waiting" role="status" data-waiting-for=${waiting.id}>
          <p>${tn('queue.waitingFor', waiting.count, { name: waiting.name })}</p>
          <button @click=${() => this.dispatchEvent(new CustomEvent('operator-needed', { detail: { id: waiting.id }, bubbles: true, composed: true }))}>
            ${t('queue.typeMyPin', { name: waiting.name })}
          </button>
        </section>`
      : nothing}
    ${unsent.length
      ? html`<section class="unsent" role="alert" data-unsent=${unsent.length}>
          <p>${tn('queue.unsent', unsent.length)}</p>
          <ul>
            ${unsent.map(
              (a) => html`<li data-order-number=${a.orderNumber}>
                ${t('queue.unsentLine', {
                  number: a.orderNumber,
                  action: t(a.kind === 'advance' ? 'queue.next' : 'queue.previous'),
                  from: settings ? stepLabel(settings, a.expectedStepId) : a.expectedStepId,
                  to: settings ? stepLabel(settings, a.toStepId) : a.toStepId,
                  who: a.by?.operatorName || t('queue.thisScreen'),
                  time: formatTime(Date.parse(a.createdAt), this.zone),
                })}
              </li>`,
            )}
          </ul>
          <button data-dismiss-unsent @click=${() => void q.dismissUnsent()}>${t('queue.unsentRead')}</button>
        </section>`
      : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pending-attention': PendingAttention;
  }
}
