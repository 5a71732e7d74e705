import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, queryAll, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { DateTime } from 'luxon';
import type { MessageKey } from '../../../shared/i18n/index.js';
import type { Order, Urgency } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { nextStep, previousStep, stepLabel } from '../../../shared/workflow.js';
import type { OrderSortSpec, SortKey } from './order-sort.js';
import { localeState, t } from '../common/locale.js';
import type { ShownOrder } from '../common/order-store.js';
import { controlStyles } from '../common/tokens.js';

/** Every row has the same height: the table draws only the rows in view (2,000 orders stay smooth). */
export const ROW_HEIGHT = 56;
const OVERSCAN = 8;
const LONG_PRESS_MS = 550;
const LONG_PRESS_SLOP_PX = 10;

const icons: Record<Urgency, string> = { ok: '✓', soon: '⚠', urgent: '!', none: '' };

interface Column {
  label: MessageKey;
  width: number;
  sort?: SortKey;
  cls?: string;
}

/** The reference's columns, in its order (Id … Cpostal), then the due date that drives the colour. */
const columns: Column[] = [
  { label: 'col.id', width: 196, sort: 'number', cls: 'id' },
  { label: 'col.date', width: 96, sort: 'date' },
  { label: 'col.contactId', width: 92, sort: 'contactId' },
  { label: 'col.company', width: 180, sort: 'company' },
  { label: 'col.name', width: 180, sort: 'name' },
  { label: 'col.nature', width: 130, sort: 'nature' },
  { label: 'col.ref', width: 116, sort: 'ref' },
  { label: 'col.status', width: 128, sort: 'status' },
  { label: 'col.step', width: 150, sort: 'step' },
  { label: 'col.prev', width: 64, cls: 'tool' },
  { label: 'col.next', width: 64, cls: 'tool' },
  { label: 'col.mail', width: 64, cls: 'tool' },
  { label: 'col.postalCode', width: 92, sort: 'postalCode' },
  { label: 'col.due', width: 120, sort: 'due' },
];

/*
 * Widths and spacer heights go through style sheets and CSSOM, never a style attribute: the
 * content security policy allows no inline style (server/plugins/security.ts).
 */
const columnWidths = unsafeCSS(
  // A table of fixed width lays out from its columns alone, never from the cells' content.
  `table { width: ${columns.reduce((w, c) => w + c.width, 0)}px; }\n` +
    columns.map((c, i) => `col:nth-child(${i + 1}) { width: ${c.width}px; }`).join('\n'),
);

export interface OrderMenuDetail {
  orderId: string;
  x: number;
  y: number;
}

const shortDates = new Map<string, string>();
function shortDate(date: string): string {
  const key = `${localeState.locale}|${date}`;
  let s = shortDates.get(key);
  if (s === undefined) {
    const d = DateTime.fromISO(date, { locale: localeState.locale });
    s = d.isValid ? d.toLocaleString({ day: '2-digit', month: '2-digit', year: '2-digit' }) : date;
    if (shortDates.size > 5000) shortDates.clear();
    shortDates.set(key, s);
  }
  return s;
}

/**
 * The supervisor's orders table: the reference's columns, urgency as colour AND icon AND word,
 * sortable headers, Previous/Next arrows and the envelope per row, and a menu per row (the ⋮
 * button, a long press, or a right click). Only the rows in view are in the DOM.
 * @fires sort-change - a header was pressed; detail: { key }
 * @fires order-menu - the row's menu is asked; detail: { orderId, x, y }
 * @fires order-previous - detail: { orderId }
 * @fires order-next - detail: { orderId }
 * @fires order-mail - detail: { orderId }
 */
@customElement('order-table')
export class OrderTable extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-height: 0;
        position: relative;
      }
      .scroller {
        height: 100%;
        overflow: auto;
        overscroll-behavior: contain;
        border: 2px solid var(--j-border);
        border-radius: var(--j-radius);
        background: var(--j-surface);
        -webkit-overflow-scrolling: touch;
      }
      table {
        border-collapse: separate;
        border-spacing: 0;
        table-layout: fixed;
        font-size: 1rem;
      }
      th,
      td {
        box-sizing: border-box;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        padding: 0 8px;
        border-bottom: 1px solid var(--j-border);
        text-align: left;
      }
      th {
        position: sticky;
        top: 0;
        z-index: 2;
        height: 52px;
        background: var(--j-surface-2);
        font-size: 0.95rem;
        padding: 0 2px;
      }
      th.id,
      td.id {
        position: sticky;
        left: 0;
        z-index: 1;
        border-right: 2px solid var(--j-border);
      }
      th.id {
        z-index: 3;
      }
      th button {
        width: 100%;
        min-height: 48px;
        border: none;
        background: transparent;
        text-align: left;
        font-weight: 700;
        padding: 0 6px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      th .plain {
        display: block;
        font-weight: 700;
        padding: 0 6px;
      }
      tr.row {
        height: ${ROW_HEIGHT}px;
        -webkit-touch-callout: none;
      }
      tr.row td {
        background: var(--j-surface);
        transition: background-color 0.6s ease;
      }
      tr.row.fresh td {
        background: var(--j-fresh);
      }
      td.id {
        box-shadow: inset 10px 0 0 var(--j-none-bg);
        padding-left: 14px;
        font-weight: 800;
      }
      tr.ok td.id {
        box-shadow: inset 10px 0 0 var(--j-ok-bg);
      }
      tr.soon td.id {
        box-shadow: inset 10px 0 0 var(--j-soon-bg);
      }
      tr.urgent td.id {
        box-shadow: inset 10px 0 0 var(--j-urgent-bg);
      }
      tr.urgent td {
        background: color-mix(in srgb, var(--j-urgent-bg) 9%, var(--j-surface));
      }
      tr.soon td {
        background: color-mix(in srgb, var(--j-soon-bg) 14%, var(--j-surface));
      }
      tr.ok td {
        background: color-mix(in srgb, var(--j-ok-bg) 7%, var(--j-surface));
      }
      .idcell {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .menu {
        min-width: 48px;
        width: 48px;
        padding: 0;
        font-size: 1.4rem;
        font-weight: 800;
      }
      .num {
        font-size: 1.15rem;
      }
      .urg {
        display: inline-flex;
        gap: 4px;
        align-items: center;
        border-radius: 999px;
        padding: 2px 8px;
        font-size: 0.85rem;
        font-weight: 700;
      }
      .urg.ok {
        background: var(--j-ok-bg);
        color: var(--j-ok-text);
      }
      .urg.soon {
        background: var(--j-soon-bg);
        color: var(--j-soon-text);
      }
      .urg.urgent {
        background: var(--j-urgent-bg);
        color: var(--j-urgent-text);
      }
      td.tool {
        padding: 0 6px;
        text-align: center;
      }
      td.tool button {
        width: 48px;
        padding: 0;
        font-size: 1.2rem;
      }
      button.next {
        background: var(--j-accent);
        color: var(--j-accent-text);
        border-color: var(--j-accent);
      }
      .pending {
        color: var(--j-pending);
        font-weight: 800;
      }
      .nostatus {
        color: var(--j-muted);
      }
      tr.spacer td {
        padding: 0;
        border: none;
      }

      .empty {
        padding: 24px;
        color: var(--j-muted);
        font-size: 1.2rem;
      }
    `,
    css`
      ${columnWidths}
    `,
  ];

  @property({ attribute: false }) rows: ShownOrder[] = [];
  @property({ attribute: false }) settings!: SettingsReply;
  @property({ attribute: false }) sort!: OrderSortSpec;
  /** Steps whose envelope the server said has no message. */
  @property({ attribute: false }) noMail: ReadonlySet<string> = new Set();
  @state() private first = 0;
  @state() private visible = 30;
  @query('.scroller') private scroller!: HTMLDivElement;
  @queryAll('tr.spacer > td') private spacers!: NodeListOf<HTMLTableCellElement>;
  private resize: ResizeObserver | null = null;
  private press: { timer: ReturnType<typeof setTimeout>; x: number; y: number; id: string } | null = null;
  private lastMenuAt = 0;

  override firstUpdated(): void {
    this.resize = new ResizeObserver(() => this.measure());
    this.resize.observe(this.scroller);
    this.measure();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.resize = null;
  }

  /** Brings the first row back in view (after a new filter or sort). */
  scrollToTop(): void {
    if (this.scroller) this.scroller.scrollTop = 0;
    this.first = 0;
  }

  private measure(): void {
    const h = this.scroller?.clientHeight ?? 0;
    this.visible = Math.max(10, Math.ceil(h / ROW_HEIGHT) + 2 * OVERSCAN);
    this._onScroll();
  }

  private _onScroll = (): void => {
    const top = this.scroller?.scrollTop ?? 0;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    if (first !== this.first) this.first = first;
  };

  private fire(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private rowOf(e: Event): string | null {
    const tr = e.composedPath().find((n): n is HTMLTableRowElement => n instanceof HTMLTableRowElement);
    return tr?.dataset['id'] ?? null;
  }

  private openMenu(orderId: string, x: number, y: number): void {
    // A long press may also raise `contextmenu` on touch screens: one menu, not two.
    if (Date.now() - this.lastMenuAt < 400) return;
    this.lastMenuAt = Date.now();
    this.fire('order-menu', { orderId, x, y } satisfies OrderMenuDetail);
  }

  private _onClick = (e: MouseEvent): void => {
    const button = e.composedPath().find((n): n is HTMLButtonElement => n instanceof HTMLButtonElement);
    const action = button?.dataset['action'];
    const orderId = this.rowOf(e);
    if (!button || !action || !orderId) return;
    if (action === 'menu') {
      const r = button.getBoundingClientRect();
      this.lastMenuAt = 0;
      this.openMenu(orderId, r.left, r.bottom);
    } else this.fire(`order-${action}`, { orderId });
  };

  private _onContextMenu = (e: MouseEvent): void => {
    const orderId = this.rowOf(e);
    if (!orderId) return;
    e.preventDefault();
    this.openMenu(orderId, e.clientX, e.clientY);
  };

  private _onPointerDown = (e: PointerEvent): void => {
    this.cancelPress();
    if (e.pointerType === 'mouse') return;
    const orderId = this.rowOf(e);
    if (!orderId || e.composedPath().some((n) => n instanceof HTMLButtonElement)) return;
    const { clientX: x, clientY: y } = e;
    this.press = { x, y, id: orderId, timer: setTimeout(() => {
      this.press = null;
      this.openMenu(orderId, x, y);
    }, LONG_PRESS_MS) };
  };

  private _onPointerMove = (e: PointerEvent): void => {
    if (this.press && Math.hypot(e.clientX - this.press.x, e.clientY - this.press.y) > LONG_PRESS_SLOP_PX) this.cancelPress();
  };

  private cancelPress = (): void => {
    if (this.press) clearTimeout(this.press.timer);
    this.press = null;
  };

  private _onSort = (e: Event): void => {
    const key = (e.currentTarget as HTMLButtonElement).dataset['sort'] as SortKey;
    this.fire('sort-change', { key });
  };

  private header(c: Column): TemplateResult {
    const label = t(c.label);
    if (!c.sort) return html`<th class=${c.cls ?? ''} scope="col"><span class="plain">${label}</span></th>`;
    const active = this.sort?.key === c.sort;
    const dir = active ? (this.sort.descending ? 'descending' : 'ascending') : 'none';
    return html`<th class=${c.cls ?? ''} scope="col" aria-sort=${dir} data-col=${c.sort}>
      <button data-sort=${c.sort} @click=${this._onSort} aria-label=${t('table.sortBy', { column: label })}>
        ${label}${active ? html` <span aria-hidden="true">${this.sort.descending ? '▼' : '▲'}</span>` : nothing}
      </button>
    </th>`;
  }

  private row(s: ShownOrder, index: number): TemplateResult {
    const o: Order = s.order;
    const w = this.settings;
    const prev = previousStep(w, o.stepId);
    const next = nextStep(w, o.stepId);
    const step = w.steps.find((x) => x.id === o.stepId);
    const mailable = !!step?.templateId && !this.noMail.has(o.stepId);
    const c = o.contact;
    const u = o.urgency;
    return html`<tr
      class="row ${u} ${s.fresh ? 'fresh' : ''}"
      data-id=${o.id}
      data-order=${o.number}
      data-step=${o.stepId}
      data-urgency=${u}
      aria-rowindex=${index + 2}
    >
      <td class="id">
        <div class="idcell">
          <button class="menu" data-action="menu" aria-haspopup="menu" aria-label=${t('table.menuOf', { number: o.number })}>⋮</button>
          <span class="num">${o.number}</span>
          ${u !== 'none' ? html`<span class="urg ${u}"><b aria-hidden="true">${icons[u]}</b>${t(`urgency.${u}`)}</span>` : nothing}
        </div>
      </td>
      <td>${shortDate(o.date)}</td>
      <td>${c.id ?? ''}</td>
      <td title=${c.company ?? ''}>${c.company ?? ''}</td>
      <td title=${c.name}>${c.name}</td>
      <td title=${o.nature ?? ''}>${o.nature ?? ''}</td>
      <td>${o.customerRef ?? ''}</td>
      <td class="status">${o.status ?? html`<span class="nostatus">${t('order.noStatus')}</span>`}</td>
      <td class="step">${stepLabel(w, o.stepId)}${s.pending ? html` <span class="pending" title=${t('order.pending')}>⟳</span>` : nothing}</td>
      <td class="tool">
        <button class="prev" data-action="previous" ?disabled=${!prev} aria-label=${prev ? t('action.previousTo', { step: prev.label }) : t('action.previous')}>◀</button>
      </td>
      <td class="tool">
        <button class="next" data-action="next" ?disabled=${!next} aria-label=${next ? t('action.nextTo', { step: next.label }) : t('action.atFinal')}>▶</button>
      </td>
      <td class="tool">
        ${mailable ? html`<button class="mail" data-action="mail" aria-label=${t('action.mailOf', { number: o.number })}>✉</button>` : nothing}
      </td>
      <td>${c.postalCode ?? ''}</td>
      <td class="due">${o.dueDate ? shortDate(o.dueDate) : ''}</td>
    </tr>`;
  }

  /** The rows drawn: from `first`, as many as fit plus a margin on both sides. */
  private window(): { first: number; slice: ShownOrder[]; top: number; bottom: number } {
    const rows = this.rows;
    const first = Math.min(this.first, Math.max(0, rows.length - this.visible));
    const slice = rows.slice(first, first + this.visible);
    return { first, slice, top: first * ROW_HEIGHT, bottom: Math.max(0, (rows.length - first - slice.length) * ROW_HEIGHT) };
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Set on the two spacer cells only: a custom property on the host would restyle every cell.
    const { top, bottom } = this.window();
    for (const td of this.spacers) td.style.height = `${td.parentElement!.classList.contains('above') ? top : bottom}px`;
  }

  override render() {
    const rows = this.rows;
    const { first, slice, top, bottom } = this.window();
    return html`<div class="scroller" @scroll=${this._onScroll}>
      <table aria-label=${t('table.label')} aria-rowcount=${rows.length + 1}>
        <colgroup>${columns.map(() => html`<col />`)}</colgroup>
        <thead>
          <tr aria-rowindex="1">${columns.map((c) => this.header(c))}</tr>
        </thead>
        <tbody
          @click=${this._onClick}
          @contextmenu=${this._onContextMenu}
          @pointerdown=${this._onPointerDown}
          @pointermove=${this._onPointerMove}
          @pointerup=${this.cancelPress}
          @pointercancel=${this.cancelPress}
          @pointerleave=${this.cancelPress}
        >
          ${top ? html`<tr class="spacer above" aria-hidden="true"><td colspan=${columns.length}></td></tr>` : nothing}
          ${repeat(
            slice,
            (s) => s.order.id,
            (s, i) => this.row(s, first + i),
          )}
          ${bottom ? html`<tr class="spacer below" aria-hidden="true"><td colspan=${columns.length}></td></tr>` : nothing}
        </tbody>
      </table>
      ${rows.length ? nothing : html`<p class="empty">${t('order.none')}</p>`}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'order-table': OrderTable;
  }
}
