import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Order } from '../../../shared/schemas/order.js';
import { stepIndex, stepLabel } from '../../../shared/workflow.js';
import { ApiError } from '../common/api.js';
import type { CommentDialog, GoingBack } from '../common/comment-dialog.js';
import type { HistoryDialog } from '../common/history-dialog.js';
import { localeState, t, tn } from '../common/locale.js';
import { envelopeShown, type MailDialog } from '../common/mail-dialog.js';
import { noticeText } from '../common/notice-text.js';
import { OrderPager } from '../common/order-pages.js';
import type { OrderActionDetail, ShownOrder } from '../common/order-store.js';
import { session } from '../common/session.js';
import { WatchController } from '../common/watch-controller.js';
import type { MoveDialog } from './move-dialog.js';
import type { OrderForm } from './order-form.js';
import { defaultSort, sortTableRows, type OrderSortSpec, type SortKey } from './order-sort.js';
import type { OrderTable, OrderMenuDetail } from './order-table.js';
import { refusalText } from './refusals.js';
import type { RowMenu, RowAction } from './row-menu.js';
import { supervisorApi } from './supervisor-api.js';
import { tabletStyles } from './tablet-styles.js';
import './import-dialog.js';
import './move-dialog.js';
import './order-form.js';
import './order-table.js';
import './print-sheets.js';
import './row-menu.js';
import '../common/comment-dialog.js';
import '../common/filter-bar.js';
import '../common/history-dialog.js';
import '../common/mail-dialog.js';

/**
 * The supervisor's orders: the reference's table over the page's live order store, with its
 * filters and "tout voir", Previous/Next through the same pending actions as the kiosk, and per row a menu
 * to edit, move to any step, read the history or open the envelope.
 */
@customElement('orders-section')
export class OrdersSection extends LitElement {
  static override styles = [
    tabletStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 10px;
        height: 100%;
        min-height: 0;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 10px 16px;
      }
      .count {
        color: var(--j-muted);
        font-weight: 600;
        margin: 0;
      }
      .spacer {
        flex: 1;
      }
      order-table {
        flex: 1;
        min-height: 240px;
      }
      .notices {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      .notices li,
      .flash {
        display: flex;
        align-items: center;
        gap: 12px;
        background: var(--j-warn-bg);
        border: 2px solid var(--j-warn-border);
        border-radius: var(--j-radius);
        padding: 6px 12px;
        font-weight: 600;
      }
      .notices p,
      .flash p {
        margin: 0;
        flex: 1;
      }
      .flash.ok {
        background: var(--j-surface);
        border-color: var(--j-ok-bg);
      }
    `,
  ];

  @property({ attribute: false }) filter: OrderFilter = {};
  @state() private sort: OrderSortSpec = defaultSort;
  @state() private noMail = new Set<string>();
  @state() private flash: { text: string; ok: boolean } | null = null;
  /** Orders ticked for printing their traveller sheets (kept across filters, cleared on demand). */
  @state() private selected: ReadonlySet<string> = new Set();
  @query('order-table') private table!: OrderTable;
  @query('row-menu') private rowMenu!: RowMenu;
  @query('order-form') private form!: OrderForm;
  @query('move-dialog') private moveDialog!: MoveDialog;
  @query('comment-dialog') private commentDialog!: CommentDialog;
  @query('history-dialog') private historyDialog!: HistoryDialog;
  @query('mail-dialog') private mailDialog!: MailDialog;
  private readonly session = session();
  private readonly api = supervisorApi();
  /** "Tout voir" beyond the live snapshot: further pages as the table scrolls to its end. */
  private readonly pager = new OrderPager(this.session.store);
  private sorted: { version: number; sort: OrderSortSpec; rows: ShownOrder[] } | null = null;

  constructor() {
    super();
    const s = this.session;
    new WatchController(this, [s, s.store, s.live, s.pendingActions, localeState]);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filter')) this.pager.setFilter(this.filter);
  }

  private _onRowsEnd = (): void => {
    this.pager.loadMore().catch((e: unknown) => this.say(refusalText(e)));
  };

  private rows(): ShownOrder[] {
    const store = this.session.store;
    if (this.sorted && this.sorted.version === store.version && this.sorted.sort === this.sort) return this.sorted.rows;
    const shown = store.shown();
    const rows = store.settings ? sortTableRows(shown, (s) => s.order, this.sort, store.settings) : shown;
    this.sorted = { version: store.version, sort: this.sort, rows };
    return rows;
  }

  private say(text: string, ok = false): void {
    this.flash = { text, ok };
  }

  private order(id: string): Order | undefined {
    return this.session.store.get(id);
  }

  private formContext() {
    return { settings: this.session.store.settings!, users: this.session.users, machines: this.session.machines };
  }

  private _onSort = (e: CustomEvent<{ key: SortKey }>): void => {
    const key = e.detail.key;
    this.sort = this.sort.key === key ? { key, descending: !this.sort.descending } : { key, descending: false };
    this.table?.scrollToTop();
  };

  private _onDefaultSort = (): void => {
    this.sort = defaultSort;
    this.table?.scrollToTop();
  };

  private _onNext = (e: CustomEvent<OrderActionDetail>): void => {
    const o = this.order(e.detail.orderId);
    if (o) void this.session.pendingActions.add(o, 'advance');
  };

  /** Exactly as on the kiosk: from the step shown (pending actions included), with the comment asked first. */
  private _onPrevious = async (e: CustomEvent<OrderActionDetail>): Promise<void> => {
    const o = this.order(e.detail.orderId);
    const prev = o && this.session.pendingActions.previousStepOf(o);
    if (!o || !prev) return;
    const why = await this.commentDialog.ask(prev.label, this.session.store.settings?.reworkReasons ?? []);
    if (why) await this.session.pendingActions.add(o, 'regress', why.comment, why.reasonCode);
  };

  private _onMail = (e: CustomEvent<OrderActionDetail>): void => {
    const o = this.order(e.detail.orderId);
    if (o) void this.mailDialog.show(o, this.api, { canSend: true });
  };

  private _onMailUnavailable = (e: CustomEvent<{ stepId: string }>): void => {
    this.noMail = new Set([...this.noMail, e.detail.stepId]);
  };

  private mailable(o: Order): boolean {
    const settings = this.session.store.settings;
    return !!settings && envelopeShown(settings, o.stepId, this.noMail);
  }

  private _onMenu = (e: CustomEvent<OrderMenuDetail>): void => {
    const o = this.order(e.detail.orderId);
    if (o) void this.rowMenu.open(o, e.detail.x, e.detail.y, this.mailable(o));
  };

  private _onRowAction = (e: CustomEvent<{ action: RowAction; orderId: string }>): void => {
    const o = this.order(e.detail.orderId);
    const settings = this.session.store.settings;
    if (!o || !settings) return;
    switch (e.detail.action) {
      case 'edit':
        void this.edit(o);
        break;
      case 'move':
        void this.move(o);
        break;
      case 'history':
        void this.historyDialog.show(o, this.api, settings);
        break;
      case 'mail':
        void this.mailDialog.show(o, this.api, { canSend: true });
        break;
    }
  };

  private _onNew = async (): Promise<void> => {
    if (!this.session.store.settings) return;
    const created = await this.form.open(null, this.formContext());
    if (created) {
      this.session.store.upsert(created, created.seq);
      this.say(t('admin.saved'), true);
    }
  };

  private async edit(o: Order): Promise<void> {
    const saved = await this.form.open(o, this.formContext());
    if (saved) {
      this.session.store.upsert(saved, saved.seq);
      this.say(t('admin.saved'), true);
    }
  }

  /** The supervisor's jump; going backwards asks the comment with the kiosk's dialog. */
  private async move(o: Order): Promise<void> {
    const settings = this.session.store.settings!;
    const to = await this.moveDialog.ask(o, settings);
    if (!to) return;
    let why: GoingBack | null = null;
    if (stepIndex(settings, to) < stepIndex(settings, o.stepId)) {
      why = await this.commentDialog.ask(stepLabel(settings, to), settings.reworkReasons ?? []);
      if (!why) return;
    }
    try {
      const moved = await this.api.moveOrder(o.id, { expectedStepId: o.stepId, toStepId: to, ...(why ?? {}) });
      this.session.store.upsert(moved, moved.seq);
      this.say(t('admin.saved'), true);
    } catch (err) {
      const current = err instanceof ApiError ? (err.body as { order?: Order } | null)?.order : undefined;
      if (current) {
        this.session.store.upsert(current, current.seq);
        this.say(t('move.stale', { step: stepLabel(settings, current.stepId) }));
      } else this.say(refusalText(err));
    }
  }

  private _onSelect = (e: CustomEvent<{ orderId: string; selected: boolean }>): void => {
    const next = new Set(this.selected);
    if (e.detail.selected) next.add(e.detail.orderId);
    else next.delete(e.detail.orderId);
    this.selected = next;
  };

  private _onSelectVisible = (e: CustomEvent<{ selected: boolean }>): void => {
    const next = new Set(this.selected);
    for (const r of this.rows()) {
      if (e.detail.selected) next.add(r.order.id);
      else next.delete(r.order.id);
    }
    this.selected = next;
  };

  private _onClearSelection = (): void => {
    this.selected = new Set();
  };

  /** The selection in the table's order (those filtered out after, in the order they were ticked). */
  private selectedIds(rows: ShownOrder[]): string[] {
    if (!this.selected.size) return [];
    const shown = rows.filter((r) => this.selected.has(r.order.id)).map((r) => r.order.id);
    const inTable = new Set(shown);
    return [...shown, ...[...this.selected].filter((id) => !inTable.has(id))];
  }

  private _onDismissFlash = (): void => {
    this.flash = null;
  };

  override render() {
    const { store } = this.session;
    const settings = store.settings;
    if (!settings || store.source === 'none') return html`<p class="muted">${t('order.loading')}</p>`;
    const rows = this.rows();
    const notices = rows.filter((r) => r.notice).map((r) => r.notice!);
    return html`<div class="toolbar">
        <button class="primary new" @click=${this._onNew}>+ ${t('orders.new')}</button>
        <orders-transfer .filter=${this.filter}></orders-transfer>
        <p class="count" aria-live="polite">${tn('order.count', rows.length)}</p>
        <print-sheets .ids=${this.selectedIds(rows)} @selection-clear=${this._onClearSelection}></print-sheets>
        <span class="spacer"></span>
        ${this.sort !== defaultSort
          ? html`<button class="default-sort" @click=${this._onDefaultSort}>${t('table.defaultSort')}</button>`
          : nothing}
      </div>
      <filter-bar .filter=${this.filter} .steps=${settings.steps} .users=${this.session.users} .machines=${this.session.machines}></filter-bar>
      ${this.flash
        ? html`<div class="flash ${this.flash.ok ? 'ok' : ''}" role=${this.flash.ok ? 'status' : 'alert'}>
            <p>${this.flash.text}</p>
            <button @click=${this._onDismissFlash}>${t('action.dismiss')}</button>
          </div>`
        : nothing}
      ${notices.length
        ? html`<ul class="notices" role="alert">
            ${notices.map(
              (n) => html`<li><p>${noticeText(n, settings)}</p><button @click=${() => store.dismissNotice(n.orderId)}>${t('action.dismiss')}</button></li>`,
            )}
          </ul>`
        : nothing}
      <order-table
        .rows=${rows}
        .settings=${settings}
        .sort=${this.sort}
        .noMail=${this.noMail}
        .selected=${this.selected}
        @sort-change=${this._onSort}
        @order-select=${this._onSelect}
        @select-visible=${this._onSelectVisible}
        @order-next=${this._onNext}
        @order-previous=${this._onPrevious}
        @order-mail=${this._onMail}
        @order-menu=${this._onMenu}
        @rows-end=${this._onRowsEnd}
      ></order-table>
      <row-menu @row-action=${this._onRowAction}></row-menu>
      <order-form .api=${this.api}></order-form>
      <move-dialog></move-dialog>
      <comment-dialog></comment-dialog>
      <history-dialog></history-dialog>
      <mail-dialog @mail-unavailable=${this._onMailUnavailable}></mail-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'orders-section': OrdersSection;
  }
}
