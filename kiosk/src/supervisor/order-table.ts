import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query, queryAll } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { t } from '../common/locale.js';
import type { ShownOrder } from '../common/order-store.js';
import type { OrderSortSpec, SortKey } from './order-sort.js';
import { columns, ROW_HEIGHT, type Column } from './order-table-columns.js';
import { orderRow } from './order-table-row.js';
import { orderTableStyles } from './order-table-styles.js';
import { VirtualRows } from './virtual-rows.js';

const LONG_PRESS_MS = 550;
const LONG_PRESS_SLOP_PX = 10;

export interface OrderMenuDetail {
  orderId: string;
  x: number;
  y: number;
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
 * @fires rows-end - scrolled near the last row, or every row in view
 * @fires order-select - a row's box was ticked or unticked; detail: { orderId, selected }
 * @fires select-visible - the header's box: every row of the table (not only those drawn) in or out; detail: { selected }
 */
/** How close to the bottom (in pixels) the table asks for more rows. */
const NEAR_END_PX = 20 * ROW_HEIGHT;

@customElement('order-table')
export class OrderTable extends LitElement {
  static override styles = orderTableStyles;

  @property({ attribute: false }) rows: ShownOrder[] = [];
  @property({ attribute: false }) settings!: SettingsReply;
  @property({ attribute: false }) sort!: OrderSortSpec;
  /** Steps whose envelope the server said has no message. */
  @property({ attribute: false }) noMail: ReadonlySet<string> = new Set();
  /** Orders selected for printing their traveller sheets. */
  @property({ attribute: false }) selected: ReadonlySet<string> = new Set();
  @query('.scroller') private scroller!: HTMLDivElement;
  @queryAll('tr.spacer > td') private spacers!: NodeListOf<HTMLTableCellElement>;
  private readonly rowsInView = new VirtualRows(this, ROW_HEIGHT);
  private press: { timer: ReturnType<typeof setTimeout>; x: number; y: number; id: string } | null = null;
  private lastMenuAt = 0;

  override firstUpdated(): void {
    this.rowsInView.observe(this.scroller);
  }

  private _onScroll = (): void => {
    this.rowsInView.onScroll();
    this.fireIfNearEnd();
  };

  /** Near the last rows (or all of them in view): the host may load more ("tout voir" pages). */
  private fireIfNearEnd(): void {
    const s = this.scroller;
    if (s && s.scrollTop + s.clientHeight >= s.scrollHeight - NEAR_END_PX) this.fire('rows-end', {});
  }

  /** Brings the first row back in view (after a new filter or sort). */
  scrollToTop(): void {
    this.rowsInView.scrollToTop();
  }

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

  private _onSelect = (e: Event): void => {
    const box = e.composedPath().find((n): n is HTMLInputElement => n instanceof HTMLInputElement && n.hasAttribute('data-select'));
    const orderId = this.rowOf(e);
    if (box && orderId) this.fire('order-select', { orderId, selected: box.checked });
  };

  private _onSelectVisible = (e: Event): void => {
    this.fire('select-visible', { selected: (e.currentTarget as HTMLInputElement).checked });
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
    if (!orderId || e.composedPath().some((n) => n instanceof HTMLButtonElement || n instanceof HTMLLabelElement)) return;
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
    const sortButton = html`<button data-sort=${c.sort} @click=${this._onSort} aria-label=${t('table.sortBy', { column: label })}>
      ${label}${active ? html` <span aria-hidden="true">${this.sort.descending ? '▼' : '▲'}</span>` : nothing}
    </button>`;
    if (c.cls !== 'id') return html`<th class=${c.cls ?? ''} scope="col" aria-sort=${dir} data-col=${c.sort}>${sortButton}</th>`;
    return html`<th class="id" scope="col" aria-sort=${dir} data-col=${c.sort}>
      <div class="idhead">${this.selectVisible()}${sortButton}</div>
    </th>`;
  }

  /** The header's box: ticked when every row is selected, half-ticked when some are. */
  private selectVisible(): TemplateResult {
    const rows = this.rows;
    const picked = rows.reduce((n, r) => n + (this.selected.has(r.order.id) ? 1 : 0), 0);
    const all = rows.length > 0 && picked === rows.length;
    return html`<label class="pick"
      ><input
        type="checkbox"
        class="select-visible"
        .checked=${all}
        .indeterminate=${picked > 0 && !all}
        ?disabled=${!rows.length}
        aria-label=${t('print.selectAll')}
        @change=${this._onSelectVisible}
    /></label>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // Set on the two spacer cells only: a custom property on the host would restyle every cell.
    const { top, bottom } = this.rowsInView.window(this.rows);
    for (const td of this.spacers) td.style.height = `${td.parentElement!.classList.contains('above') ? top : bottom}px`;
    if (changed.has('rows')) this.fireIfNearEnd();
  }

  override render() {
    const rows = this.rows;
    const { first, slice, top, bottom } = this.rowsInView.window(rows);
    return html`<div class="scroller" @scroll=${this._onScroll}>
      <table aria-label=${t('table.label')} aria-rowcount=${rows.length + 1}>
        <colgroup>${columns.map(() => html`<col />`)}</colgroup>
        <thead>
          <tr aria-rowindex="1">${columns.map((c) => this.header(c))}</tr>
        </thead>
        <tbody
          @click=${this._onClick}
          @change=${this._onSelect}
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
            (s, i) => orderRow(s, first + i, this.settings, this.noMail, this.selected.has(s.order.id)),
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
