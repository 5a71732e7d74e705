import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { previousStep } from '../../../shared/workflow.js';
import { formatInstant, localeState, t, tn } from '../app/locale.js';
import { filterFromSearch, filterToSearch, type OrderFilter } from '../app/order-filter.js';
import { ScreenController } from '../app/screen-controller.js';
import { session } from '../app/session.js';
import { WatchController } from '../app/watch-controller.js';
import type { CommentDialog } from '../ui/comment-dialog.js';
import type { HistoryDialog } from '../ui/history-dialog.js';
import type { MailDialog } from '../ui/mail-dialog.js';
import type { OrderActionDetail } from '../ui/order-card.js';
import { controlStyles } from '../ui/tokens.js';
import '../ui/comment-dialog.js';
import '../ui/connection-badge.js';
import '../ui/filter-bar.js';
import '../ui/history-dialog.js';
import '../ui/language-select.js';
import '../ui/mail-dialog.js';
import '../ui/order-card.js';
import '../ui/pair-screen.js';

const SYNCED_SHOWN_MS = 4000;
/** Cards drawn in the first frame: a screenful. The rest follow in the next task. */
const FIRST_PAINT_CARDS = 8;

/** The workstation: the orders of its machine or person (scope from the URL), most urgent first. */
@customElement('kiosk-view')
export class KioskView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        /* New cards above the one being touched must not push it away (CSS scroll anchoring). */
        overflow-anchor: auto;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 2;
        display: flex;
        flex-wrap: wrap;
        gap: 10px 20px;
        align-items: center;
        justify-content: space-between;
        padding: 10px 16px;
        background: var(--j-surface);
        border-bottom: 2px solid var(--j-border);
      }
      h1 {
        margin: 0;
        font-size: 1.4rem;
      }
      .scope {
        color: var(--j-muted);
        font-weight: 600;
      }
      .right {
        display: flex;
        gap: 14px;
        align-items: center;
        flex-wrap: wrap;
      }
      .banner {
        margin: 0;
        padding: 10px 16px;
        background: var(--j-warn-bg);
        border-bottom: 2px solid var(--j-warn-border);
        font-weight: 600;
      }
      filter-bar {
        display: block;
        padding: 12px 16px 0;
      }
      main {
        padding: 12px 16px 32px;
      }
      .count {
        margin: 0 0 10px;
        color: var(--j-muted);
        font-weight: 600;
      }
      .list {
        display: grid;
        gap: 14px;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 34rem), 1fr));
        align-items: start;
      }
      .empty {
        font-size: 1.3rem;
        padding: 40px 0;
        text-align: center;
        color: var(--j-muted);
      }
    `,
  ];

  private readonly session = session();
  private readonly screen: ScreenController;
  @state() private filter: OrderFilter;
  @state() private synced = false;
  @state() private renderAll = false;
  /** Steps whose message the server said does not exist: their envelope is hidden. */
  @state() private noMail = new Set<string>();
  @query('comment-dialog') private commentDialog!: CommentDialog;
  @query('history-dialog') private historyDialog!: HistoryDialog;
  @query('mail-dialog') private mailDialog!: MailDialog;
  private syncedTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.filter = filterFromSearch(location.search);
    this.screen = new ScreenController(this, this.session, this.filter);
    const s = this.session;
    new WatchController(this, [s, s.store, s.live, s.outbox, localeState]);
    s.outbox.addEventListener('synced', () => {
      this.synced = true;
      if (this.syncedTimer) clearTimeout(this.syncedTimer);
      this.syncedTimer = setTimeout(() => (this.synced = false), SYNCED_SHOWN_MS);
    });
  }

  private _onFilterChange = (e: CustomEvent<OrderFilter>): void => {
    this.filter = e.detail;
    history.replaceState(null, '', `${location.pathname}${filterToSearch(this.filter)}`);
    this.screen.setFilter(this.filter);
  };

  private _onNext = (e: CustomEvent<OrderActionDetail>): void => {
    const order = this.session.store.get(e.detail.orderId);
    if (order) void this.session.outbox.add(order, 'advance');
  };

  private _onPrevious = async (e: CustomEvent<OrderActionDetail>): Promise<void> => {
    const store = this.session.store;
    const shown = store.shown().find((s) => s.order.id === e.detail.orderId);
    const order = store.get(e.detail.orderId);
    if (!shown || !order || !store.settings) return;
    const prev = previousStep(store.settings, shown.order.stepId);
    if (!prev) return;
    const comment = await this.commentDialog.ask(prev.label);
    if (comment) await this.session.outbox.add(order, 'regress', comment);
  };

  private _onHistory = (e: CustomEvent<OrderActionDetail>): void => {
    const order = this.session.store.get(e.detail.orderId);
    const settings = this.session.store.settings;
    if (order && settings) void this.historyDialog.show(order, this.session.api, settings);
  };

  private _onMail = (e: CustomEvent<OrderActionDetail>): void => {
    const order = this.session.store.get(e.detail.orderId);
    if (order) void this.mailDialog.show(order, this.session.api);
  };

  private _onMailUnavailable = (e: CustomEvent<{ stepId: string }>): void => {
    this.noMail = new Set([...this.noMail, e.detail.stepId]);
  };

  private _onDismiss = (e: CustomEvent<OrderActionDetail>): void => this.session.store.dismissNotice(e.detail.orderId);

  private scopeLabel(): string {
    const f = this.filter;
    const machine = f.machineId && (this.session.machines.find((m) => m.id === f.machineId)?.name ?? f.machineId);
    const user = f.assigneeId && (this.session.users.find((u) => u.id === f.assigneeId)?.name ?? f.assigneeId);
    return [machine, user].filter(Boolean).join(' · ');
  }

  override updated(): void {
    if (!this.renderAll && this.session.store.size > FIRST_PAINT_CARDS) {
      // After the first screenful is painted: a frame, then a task.
      requestAnimationFrame(() => setTimeout(() => (this.renderAll = true)));
    }
  }

  override render() {
    const { store, live, outbox } = this.session;
    const settings = store.settings;
    const shown = store.shown();
    const drawn = this.renderAll ? shown : shown.slice(0, FIRST_PAINT_CARDS);
    const offline = live.state === 'offline';
    return html`<header>
        <div>
          <h1>${settings?.workshopName || 'Jalon'}</h1>
          <span class="scope">${this.scopeLabel() || t('app.kiosk')}</span>
        </div>
        <div class="right">
          <connection-badge .state=${live.state} .pending=${outbox.count} .synced=${this.synced}></connection-badge>
          <language-select></language-select>
        </div>
      </header>
      ${offline
        ? html`<p class="banner" role="status">
            ${t('conn.offlineBanner')}
            ${store.source === 'cache' && store.savedAt && settings
              ? html` ${t('conn.cached', { time: formatInstant(store.savedAt, settings.timezone) })}`
              : nothing}
          </p>`
        : nothing}
      <filter-bar
        .filter=${this.filter}
        .steps=${settings?.steps ?? []}
        .users=${this.session.users}
        .machines=${this.session.machines}
        @filter-change=${this._onFilterChange}
      ></filter-bar>
      <main
        @order-next=${this._onNext}
        @order-previous=${this._onPrevious}
        @order-history=${this._onHistory}
        @order-mail=${this._onMail}
        @notice-dismiss=${this._onDismiss}
        @mail-unavailable=${this._onMailUnavailable}
      >
        ${this.session.needsPairing && store.source === 'none'
          ? html`<pair-screen .api=${this.session.api}></pair-screen>`
          : !settings || store.source === 'none'
          ? html`<p class="empty">${this.session.loadError && offline ? t('conn.offline') : t('order.loading')}</p>`
          : html`<p class="count" aria-live="polite">${tn('order.count', shown.length)}</p>
              ${shown.length
                ? html`<div class="list">
                    ${repeat(
                      drawn,
                      (s) => s.order.id,
                      (s) => {
                        const step = settings.steps.find((x) => x.id === s.order.stepId);
                        return html`<order-card
                          .shown=${s}
                          .settings=${settings}
                          .mailable=${!!step?.templateId && !this.noMail.has(s.order.stepId)}
                        ></order-card>`;
                      },
                    )}
                  </div>`
                : html`<p class="empty">${t('order.none')}</p>`}`}
        <comment-dialog></comment-dialog>
        <history-dialog></history-dialog>
        <mail-dialog></mail-dialog>
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-view': KioskView;
  }
}
