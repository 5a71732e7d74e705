import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { formatLongDate, t } from '../common/locale.js';
import type { ShownOrder } from '../common/order-store.js';
import { fitting, planPages, type PagePlan } from './wall-pages.js';
import { wipState, type WipState } from './wip.js';
import '../common/at-risk-pill.js';
import '../common/step-since.js';
import '../common/urgency-pill.js';

const GAP_PX = 10;

/**
 * One active step on the wall: its count and its orders, most urgent on top, readable at three
 * metres. When they do not fit its height, the column turns pages on its own ("2/4") or shows
 * compact rows, so that every order is on screen within ALL_SEEN_MS; the first page is always the
 * most urgent orders. What fits is measured on two hidden samples (a card and a row).
 */
@customElement('wall-column')
export class WallColumn extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
      position: relative;
      background: var(--j-surface);
      border-radius: var(--j-radius);
      overflow: hidden;
      container-type: inline-size;
    }
    /* Never a ragged wrap nor a word cut across lines: the label gives way (ellipsis, the whole
       label as its tooltip), the page and the count keep their size. */
    h2 {
      margin: 0;
      padding: 12px 16px;
      display: flex;
      align-items: baseline;
      gap: 10px;
      flex-wrap: nowrap;
      font-size: clamp(1.6rem, 1.6vw, 3.2rem);
      background: var(--j-surface-2);
      border-bottom: 2px solid var(--j-border);
    }
    .label {
      flex: 1 1 auto;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .count {
      flex: none;
      margin-left: auto;
      font-size: 1.2em;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
      border-radius: 10px;
      padding: 0 0.25em;
    }
    .page {
      flex: none;
      color: var(--j-muted);
      font-size: 0.8em;
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
    .count.at-limit,
    .wip.at-limit {
      background: var(--j-soon-bg);
      color: var(--j-soon-text);
    }
    .count.over,
    .wip.over {
      background: var(--j-urgent-bg);
      color: var(--j-urgent-text);
    }
    /* The limit's word under the header, as large as a company name, so it reads from 3 m. */
    .wip {
      margin: 0;
      padding: 4px 16px;
      font-size: clamp(22px, 1.3vw, 44px);
      font-weight: 800;
    }
    /* A narrow column (six steps on a 1280 or 1920 px wall): the label has the first line to itself and
       the count the second, in every column alike, so the lists still start at one height. */
    @container (max-width: 420px) {
      h2 {
        flex-wrap: wrap;
        row-gap: 0;
      }
      .label {
        flex-basis: 100%;
      }
    }
    .since {
      font-size: clamp(20px, 1.1vw, 40px);
    }
    li.row step-since {
      flex: none;
      flex-wrap: nowrap;
      font-size: 20px;
    }
    at-risk-pill {
      font-size: clamp(18px, 1vw, 36px);
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 10px;
      flex: 1;
      min-height: 0;
      align-content: start;
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
    .top > span {
      display: flex;
      gap: 6px;
      align-items: center;
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
    li.row {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px 12px;
    }
    li.row .number {
      font-size: 40px;
      flex: none;
    }
    li.row .company {
      flex: 1;
      min-width: 0;
      font-size: clamp(22px, 1.2vw, 40px);
    }
    /* Six columns on a 1080p wall or a 1024-wide panel: the number, the company and the urgency
       come first, the time gives way (with it the company was cut to "S…"). */
    ol {
      container-type: inline-size;
    }
    @container (max-width: 340px) {
      li.row step-since {
        display: none;
      }
    }
    /* Six columns on a 1280-wide tablet or wall (~180 px a row): a smaller number and company, so
       that five letters of the company still show beside the number and the urgency. */
    @container (max-width: 200px) {
      li.row {
        padding: 4px 8px;
        gap: 6px;
      }
      li.row .number {
        font-size: 32px;
      }
      li.row .company {
        font-size: 18px;
      }
    }
    /* Six columns on an 800-wide portrait screen (~100 px a row): the number and its urgency only
       (a company cut to one letter says nothing), with a thinner edge, so both fit the row. */
    @container (max-width: 140px) {
      li.row {
        border-left-width: 8px;
        padding: 4px;
        gap: 4px;
        justify-content: space-between;
      }
      li.row .company {
        display: none;
      }
      li.row .number {
        font-size: 32px;
      }
      li.row urgency-pill {
        font-size: 16px;
      }
    }
    .probe {
      position: absolute;
      left: 10px;
      right: 10px;
      top: 0;
      visibility: hidden;
      pointer-events: none;
      display: grid;
      grid-template-columns: minmax(0, 1fr);
    }
  `;

  @property() label = '';
  /** The step's WIP limit (Step.wipLimit); null: none. */
  @property({ type: Number }) limit: number | null = null;
  @property({ attribute: false }) orders: ShownOrder[] = [];
  /** Cards and compact rows that fit the column's height, as last measured (0: not yet). */
  @state() private fit = { full: 0, compact: 0 };
  @state() private page = 0;
  @query('ol') private list!: HTMLOListElement;
  @query('.probe .card') private cardSample!: HTMLElement | null;
  @query('.probe .row') private rowSample!: HTMLElement | null;
  private turnTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly resize = new ResizeObserver(() => this.measure());

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = null;
  }

  /** The plan for the orders now, with what fits (everything on one page until measured). */
  private plan(): PagePlan {
    if (!this.fit.full) return { compact: false, perPage: Math.max(1, this.orders.length), pages: 1, intervalMs: 0 };
    return planPages(this.orders.length, this.fit.full, this.fit.compact);
  }

  private measure(): void {
    const card = this.cardSample?.getBoundingClientRect().height ?? 0;
    const row = this.rowSample?.getBoundingClientRect().height ?? 0;
    if (!this.list || !card || !row) return;
    const style = getComputedStyle(this.list);
    const available = this.list.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const fit = { full: fitting(available, card, GAP_PX), compact: fitting(available, row, GAP_PX) };
    if (fit.full !== this.fit.full || fit.compact !== this.fit.compact) this.fit = fit;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.fit.full || changed.has('orders')) this.measure();
    const { pages, intervalMs } = this.plan();
    if (this.page >= pages) this.page = 0;
    // One timer at a time, armed for the page now shown; none when everything fits.
    if (pages > 1 && !this.turnTimer) {
      this.turnTimer = setTimeout(() => {
        this.turnTimer = null;
        this.page = (this.page + 1) % this.plan().pages;
      }, intervalMs);
    }
  }

  private card({ order, fresh, pending }: ShownOrder, compact: boolean) {
    const number = html`<span class="number">${order.number}${pending ? html`<span class="pending" aria-label=${t('order.pending')}> ⟳</span>` : nothing}</span>`;
    const company = html`<div class="company">${order.contact.company || order.contact.name}</div>`;
    if (compact) {
      return html`<li class="row ${order.urgency} ${fresh ? 'fresh' : ''}" data-order=${order.number}>
        ${number}${company}<step-since short .since=${order.stepSince} .usual=${order.stepUsualSeconds}></step-since
        ><at-risk-pill short .order=${order}></at-risk-pill><urgency-pill .urgency=${order.urgency} short></urgency-pill>
      </li>`;
    }
    return html`<li class="card ${order.urgency} ${fresh ? 'fresh' : ''}" data-order=${order.number}>
      <div class="top">${number}<span><at-risk-pill .order=${order}></at-risk-pill><urgency-pill .urgency=${order.urgency}></urgency-pill></span></div>
      ${company}
      ${order.dueDate ? html`<div class="due">${formatLongDate(order.dueDate)}</div>` : nothing}
      ${order.stepSince ? html`<div class="since"><step-since .since=${order.stepSince} .usual=${order.stepUsualSeconds}></step-since></div>` : nothing}
    </li>`;
  }

  override render() {
    const plan = this.plan();
    const page = Math.min(this.page, plan.pages - 1);
    const shown = this.orders.slice(page * plan.perPage, (page + 1) * plan.perPage);
    const sample = this.orders[0];
    const count = this.orders.length;
    const wip: WipState = wipState(count, this.limit);
    return html`<h2 data-wip=${wip}>
        <span class="label" title=${this.label}>${this.label}</span>
        ${plan.pages > 1
          ? html`<span class="page" data-page="${page + 1}/${plan.pages}" aria-label=${t('wall.page', { page: page + 1, pages: plan.pages })}
              >${page + 1}/${plan.pages}</span
            >`
          : nothing}
        <span
          class="count ${wip}"
          aria-label=${this.limit ? t('wip.columnLimit', { step: this.label, count, limit: this.limit }) : t('wall.column', { step: this.label, count })}
          >${this.limit ? `${count} / ${this.limit}` : count}</span
        >
      </h2>
      ${wip === 'at-limit' || wip === 'over'
        ? html`<p class="wip ${wip}" data-wip-word=${wip}><span aria-hidden="true">${wip === 'over' ? '▲ ' : '● '}</span>${t(wip === 'over' ? 'wip.over' : 'wip.atLimit')}</p>`
        : nothing}
      <ol data-compact=${plan.compact ? 'yes' : 'no'}>
        ${repeat(
          shown,
          (s) => s.order.id,
          (s) => this.card(s, plan.compact),
        )}
      </ol>
      ${sample
        ? html`<div class="probe" aria-hidden="true">
            ${this.card(
              {
                ...sample,
                fresh: false,
                pending: 0,
                // The tallest card: with a due date and, when the server says since when, the time-in-step line warned.
                order: { ...sample.order, dueDate: sample.order.dueDate ?? '2000-01-01', ...(sample.order.stepSince ? { stepUsualSeconds: 0 } : {}) },
              },
              false,
            )}
            ${this.card(sample, true)}
          </div>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wall-column': WallColumn;
  }
}
