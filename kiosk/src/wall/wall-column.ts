import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatLongDate, t } from '../common/locale.js';
import type { ShownOrder } from '../common/order-store.js';
import '../common/urgency-pill.js';

/** How many cards a column draws: more would be below the bottom of a 4K screen anyway. */
export const WALL_CARDS_MAX = 30;

/** One active step on the wall: its count and its orders, most urgent on top, readable at three metres. */
@customElement('wall-column')
export class WallColumn extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      background: var(--j-surface);
      border-radius: var(--j-radius);
      overflow: hidden;
    }
    h2 {
      margin: 0;
      padding: 12px 16px;
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: 10px;
      font-size: clamp(1.6rem, 1.6vw, 3.2rem);
      background: var(--j-surface-2);
      border-bottom: 2px solid var(--j-border);
    }
    .count {
      font-size: 1.2em;
      font-variant-numeric: tabular-nums;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 10px;
      display: grid;
      /* minmax(0, …): a long company name is cut with an ellipsis instead of widening the column. */
      grid-template-columns: minmax(0, 1fr);
      gap: 10px;
      overflow: hidden;
    }
    li {
      border-left: 14px solid var(--j-none-bg);
      background: var(--j-surface-2);
      border-radius: 8px;
      padding: 8px 12px;
      transition: background-color 0.8s ease;
    }
    li.ok {
      border-left-color: var(--j-ok-bg);
    }
    li.soon {
      border-left-color: var(--j-soon-bg);
    }
    li.urgent {
      border-left-color: var(--j-urgent-bg);
    }
    li.fresh {
      background: var(--j-fresh);
    }
    .top {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
    }
    .number {
      font-size: clamp(40px, 2.4vw, 80px);
      font-weight: 800;
      line-height: 1.1;
      font-variant-numeric: tabular-nums;
    }
    .company {
      font-size: clamp(28px, 1.6vw, 56px);
      font-weight: 600;
      line-height: 1.2;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .due {
      font-size: clamp(20px, 1.1vw, 40px);
      color: var(--j-muted);
    }
    urgency-pill {
      font-size: clamp(18px, 1vw, 36px);
    }
    .pending {
      color: #c9a8ff;
    }
    .more {
      text-align: center;
      font-size: 1.6rem;
      color: var(--j-muted);
      padding: 8px;
    }
  `;

  @property() label = '';
  @property({ attribute: false }) orders: ShownOrder[] = [];

  override render() {
    const shown = this.orders.length > WALL_CARDS_MAX ? this.orders.slice(0, WALL_CARDS_MAX) : this.orders;
    const more = this.orders.length - shown.length;
    return html`<h2><span>${this.label}</span><span class="count" aria-label=${t('wall.column', { step: this.label, count: this.orders.length })}>${this.orders.length}</span></h2>
      <ol>
        ${repeat(
          shown,
          (s) => s.order.id,
          ({ order, fresh, pending }) => html`<li class="${order.urgency} ${fresh ? 'fresh' : ''}" data-order=${order.number}>
            <div class="top">
              <span class="number">${order.number}${pending ? html`<span class="pending" aria-label=${t('order.pending')}> ⟳</span>` : nothing}</span>
              <urgency-pill .urgency=${order.urgency}></urgency-pill>
            </div>
            <div class="company">${order.contact.company || order.contact.name}</div>
            ${order.dueDate ? html`<div class="due">${formatLongDate(order.dueDate)}</div>` : nothing}
          </li>`,
        )}
      </ol>
      ${more > 0 ? html`<div class="more">+ ${more}</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wall-column': WallColumn;
  }
}
