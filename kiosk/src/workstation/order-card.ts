import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { nextStep, previousStep, stepLabel } from '../../../shared/workflow.js';
import { formatLongDate, t } from '../common/locale.js';
import { noticeText } from '../common/notice-text.js';
import type { OrderActionDetail, ShownOrder } from '../common/order-store.js';
import { controlStyles } from '../common/tokens.js';
import '../common/at-risk-pill.js';
import '../common/step-since.js';
import '../common/urgency-pill.js';

/**
 * One order on a workstation, readable at a glance and usable with gloves: Next is the biggest
 * target, Previous is smaller and at the other end of the card.
 * @fires order-next - Next pressed; detail: { orderId }
 * @fires order-previous - Previous pressed (the view asks for a comment); detail: { orderId }
 * @fires order-history - suivi pressed; detail: { orderId }
 * @fires order-mail - envelope pressed; detail: { orderId }
 * @fires notice-dismiss - the operator read the notice; detail: { orderId }
 * @fires scan-undo - "Annuler" pressed after a scan pressed Next; detail: { orderId }
 */
@customElement('order-card')
export class OrderCard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        contain: layout paint;
      }
      article {
        background: var(--j-surface);
        border: 2px solid var(--j-border);
        border-left: 12px solid var(--j-none-bg);
        border-radius: var(--j-radius);
        padding: 14px 16px;
        display: grid;
        gap: 10px;
        transition: background-color 0.6s ease;
      }
      article.ok {
        border-left-color: var(--j-ok-bg);
      }
      article.soon {
        border-left-color: var(--j-soon-bg);
      }
      article.urgent {
        border-left-color: var(--j-urgent-bg);
      }
      article.fresh {
        background: var(--j-fresh);
      }
      /* Just scanned: an outline that cannot be missed from a few steps away. */
      article.scanned {
        outline: 6px solid var(--j-accent);
        outline-offset: 2px;
        background: var(--j-fresh);
      }
      .undo {
        min-height: 64px;
        min-width: 9rem;
        font-weight: 800;
        border-color: var(--j-back);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 8px 16px;
      }
      .number {
        font-size: 2rem;
        font-weight: 800;
        letter-spacing: 0.01em;
      }
      .company {
        font-size: 1.5rem;
        font-weight: 700;
        flex: 1 1 12ch;
        overflow-wrap: anywhere;
      }
      .contact {
        color: var(--j-muted);
        font-size: 1.1rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 6px 16px;
        margin: 0;
      }
      dl div {
        min-width: 0;
      }
      dt {
        font-size: 0.85rem;
        color: var(--j-muted);
      }
      dd {
        margin: 0;
        font-weight: 600;
        font-size: 1.05rem;
        overflow-wrap: anywhere;
      }
      .step {
        font-size: 1.2rem;
      }
      .badges {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
      }
      .pending {
        background: var(--j-pending);
        color: #fff;
        border-radius: 999px;
        padding: 3px 12px;
        font-weight: 700;
      }
      .notice {
        display: flex;
        gap: 12px;
        align-items: center;
        background: var(--j-warn-bg);
        border: 2px solid var(--j-warn-border);
        border-radius: var(--j-radius);
        padding: 10px 12px;
        font-weight: 600;
      }
      .notice p {
        margin: 0;
        flex: 1;
      }
      .actions {
        display: flex;
        gap: 12px;
        align-items: stretch;
        flex-wrap: wrap;
      }
      .prev {
        min-height: 64px;
        min-width: 7rem;
        padding: 0 12px;
        background: var(--j-surface-2);
        border-color: var(--j-back);
        font-weight: 700;
      }
      .tool {
        min-height: 64px;
        min-width: 64px;
        font-weight: 600;
      }
      .spacer {
        flex: 1 1 24px;
      }
      .next {
        flex: 3 1 11rem;
        line-height: 1.15;
        min-height: var(--j-next-height);
        font-size: 1.45rem;
        font-weight: 800;
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
      }
      .arrow {
        font-size: 1.3em;
      }
      /* A small panel (1024×600): tighter card, same arrows (≥ 64 px), so that two cards fit. */
      @media (max-height: 700px) {
        article {
          padding: 8px 12px;
          gap: 6px;
        }
        .number {
          font-size: 1.7rem;
        }
        .company {
          font-size: 1.3rem;
        }
        .contact {
          font-size: 1rem;
        }
        dl {
          gap: 2px 16px;
        }
      }
    `,
  ];

  @property({ attribute: false }) shown!: ShownOrder;
  @property({ attribute: false }) settings!: SettingsReply;
  /** The current step has a message template: show the envelope. */
  @property({ type: Boolean }) mailable = false;
  /** Just scanned: highlighted. */
  @property({ type: Boolean }) scanned = false;
  /** A scan has just pressed Next: "Annuler" is offered. */
  @property({ type: Boolean }) undoable = false;

  /** Puts the focus on Next (after a scan: Enter or a tap on the big button moves the order on). */
  focusNext(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('button.next')?.focus({ preventScroll: true });
  }

  private _fire(name: string): void {
    this.dispatchEvent(new CustomEvent<OrderActionDetail>(name, { detail: { orderId: this.shown.order.id }, bubbles: true, composed: true }));
  }

  private _onNext = (): void => this._fire('order-next');
  private _onPrevious = (): void => this._fire('order-previous');
  private _onHistory = (): void => this._fire('order-history');
  private _onMail = (): void => this._fire('order-mail');
  private _onDismiss = (): void => this._fire('notice-dismiss');
  private _onUndo = (): void => this._fire('scan-undo');

  override render() {
    const { order, pending, notice, fresh } = this.shown;
    const s = this.settings;
    const next = nextStep(s, order.stepId);
    const prev = previousStep(s, order.stepId);
    const c = order.contact;
    return html`<article
      class="${order.urgency} ${fresh ? 'fresh' : ''} ${this.scanned ? 'scanned' : ''}"
      aria-label=${t('order.number', { number: order.number })}
      data-order=${order.number}
      data-step=${order.stepId}
    >
      <header>
        <span class="number">${order.number}</span>
        <span class="company" title=${t('order.company')}>${c.company || c.name}</span>
        <span class="badges">
          <urgency-pill .urgency=${order.urgency}></urgency-pill>
          <at-risk-pill .order=${order}></at-risk-pill>
          ${pending ? html`<span class="pending" data-pending=${pending}>⟳ ${t('order.pending')}</span>` : nothing}
        </span>
      </header>
      ${c.company ? html`<div class="contact">${c.name}</div>` : nothing}
      <dl>
        <div><dt>${t('order.step')}</dt><dd class="step">${stepLabel(s, order.stepId)}</dd></div>
        ${order.stepSince
          ? html`<div><dt>${t('since.label')}</dt><dd><step-since .since=${order.stepSince} .usual=${order.stepUsualSeconds}></step-since></dd></div>`
          : nothing}
        <div><dt>${t('order.due')}</dt><dd>${order.dueDate ? formatLongDate(order.dueDate) : t('order.noDue')}</dd></div>
        <div><dt>${t('order.status')}</dt><dd>${order.status ?? t('order.noStatus')}</dd></div>
        ${order.nature ? html`<div><dt>${t('order.nature')}</dt><dd>${order.nature}</dd></div>` : nothing}
        ${order.customerRef ? html`<div><dt>${t('order.ref')}</dt><dd>${order.customerRef}</dd></div>` : nothing}
        ${c.postalCode ? html`<div><dt>${t('order.postalCode')}</dt><dd>${c.postalCode}</dd></div>` : nothing}
      </dl>
      ${notice
        ? html`<div class="notice" role="alert">
            <p>${noticeText(notice, s)}</p>
            <button @click=${this._onDismiss}>${t('action.dismiss')}</button>
          </div>`
        : nothing}
      <div class="actions">
        <button
          class="prev"
          ?disabled=${!prev}
          aria-label=${prev ? t('action.previousTo', { step: prev.label }) : t('action.previous')}
          @click=${this._onPrevious}
        >
          <span class="arrow" aria-hidden="true">◀</span> ${t('action.previous')}
        </button>
        <button class="tool" aria-label=${t('action.historyOf', { number: order.number })} @click=${this._onHistory}>
          ${t('action.history')}
        </button>
        ${this.mailable
          ? html`<button class="tool" aria-label=${t('action.mailOf', { number: order.number })} @click=${this._onMail}>
              <span aria-hidden="true">✉</span>
            </button>`
          : nothing}
        ${this.undoable ? html`<button class="undo" @click=${this._onUndo}>${t('scan.undo')}</button>` : nothing}
        <span class="spacer"></span>
        <button
          class="next"
          ?disabled=${!next}
          aria-label=${next ? t('action.nextTo', { step: next.label }) : t('action.atFinal')}
          @click=${this._onNext}
        >
          ${next ? html`${next.label} <span class="arrow" aria-hidden="true">▶</span>` : t('action.atFinal')}
        </button>
      </div>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'order-card': OrderCard;
  }
}
