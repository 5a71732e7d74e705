import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Order } from '../../../shared/schemas/order.js';
import { formatLongDate, t } from './locale.js';
import { atRisk } from './time-in-step.js';

/**
 * "en retard prévu": the forecast finishes after the due date while the order is not late yet.
 * Its own pill beside the urgency one (which keeps its red for orders already late), with an icon
 * and a word, drawn with a dashed border so that it never reads as the urgent red.
 */
@customElement('at-risk-pill')
export class AtRiskPill extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      padding: 0.1em 0.6em;
      border-radius: 999px;
      border: 2px dashed var(--j-urgent-bg);
      background: var(--j-surface);
      color: var(--j-text);
      font-weight: 700;
      white-space: nowrap;
    }
    b {
      color: var(--j-urgent-bg);
    }
  `;

  @property({ attribute: false }) order: Pick<Order, 'forecast' | 'urgency'> | null = null;
  /** Icon only (the word for screen readers and as a tooltip): the wall's compact rows. */
  @property({ type: Boolean }) short = false;

  override render() {
    const o = this.order;
    if (!o || !atRisk(o)) return nothing;
    const word = t('forecast.atRisk');
    const title = o.forecast ? t('forecast.atRiskTitle', { date: formatLongDate(o.forecast.finishDate) }) : '';
    if (this.short) return html`<span role="img" aria-label=${word} title=${title} data-at-risk><b>⌛</b></span>`;
    return html`<span title=${title} data-at-risk><b aria-hidden="true">⌛</b>${word}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'at-risk-pill': AtRiskPill;
  }
}
