import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Kiosk, Me } from '../../../shared/schemas/auth.js';
import { deviceIdentity, rememberPaired } from '../common/device-identity.js';
import { filterFromSearch, filterKey, filterToSearch } from '../common/filter-encoding.js';
import { formatInstant, localeState, t, tn } from '../common/locale.js';
import { envelopeShown } from '../common/mail-dialog.js';
import { OrderPager } from '../common/order-pages.js';
import type { OrderActionDetail } from '../common/order-store.js';
import { navigate } from '../common/router.js';
import { ScreenController } from '../common/screen-controller.js';
import { session } from '../common/session.js';
import { controlStyles, headerBarStyles } from '../common/tokens.js';
import { WatchController } from '../common/watch-controller.js';
import { deviceFilter, scopeLocks, type ScopeLocks } from './device-filter.js';
import { OperatorGate } from './operator-gate.js';
import '../common/pending-attention.js';
import type { OrderCard } from './order-card.js';
import { FirstScreenful } from './first-screenful.js';
import { LazyDialogs } from '../common/lazy-dialogs.js';
import { ScanController } from './scan-controller.js';
import { workstationViewStyles } from './workstation-view-styles.js';
import '../common/chime-toggle.js';
import '../common/comment-dialog.js';
import '../common/connection-badge.js';
import '../common/filter-bar.js';
import '../common/freshness.js';
import '../common/history-dialog.js';
import '../common/language-select.js';
import '../common/mail-dialog.js';
import './operator-chip.js';
import './order-card.js';
import '../common/pair-screen.js';
import './pin-dialog.js';
import '../common/scanner/camera-scanner.js';
import './scan-toggle.js';

const SYNCED_SHOWN_MS = 4000;
/** The longest a render waits for the device's memory (see scheduleUpdate). */
const REMEMBERED_WAIT_MS = 250;

/**
 * The workstation: the orders of its machine or person, most urgent first. A paired kiosk's scope
 * is the server's (`/api/auth/me`, remembered for offline restarts) whatever the address says; the
 * address's `?machine=` / `?assignee=` serve people signed in with a wider view. A wall kiosk is
 * sent to `/wall`: it may not act, so the arrows would only be refused. When the kiosk asks for a
 * PIN, Previous/Next ask it first (or reuse the operator's for the kiosk's minutes).
 */
@customElement('workstation-view')
export class WorkstationView extends LitElement {
  static override styles = [controlStyles, headerBarStyles, workstationViewStyles];

  private readonly session = session();
  /** "Tout voir" beyond the live snapshot: further pages as the list scrolls to its end. */
  private readonly pager = new OrderPager(this.session.store);
  private readonly identity = deviceIdentity();
  private readonly gate = new OperatorGate(this.identity, this.session, {
    askPin: async (request) => (await this.dialogs.get('pin-dialog')).ask(request),
    say: (sentence) => (this.alert = sentence),
  });
  /** Created once the screen knows who it is (its scope decides what it opens). */
  private screen: ScreenController | null = null;
  /** The filter asked by the address or the filter bar, before the device's scope holds it. */
  private asked: OrderFilter = filterFromSearch(location.search);
  private startToken = 0;
  /** The start in progress: its remembered part (identity, orders) is done when it resolves. */
  private starting: Promise<void> | null = null;
  @state() private filter: OrderFilter = this.asked;
  @state() private synced = false;
  /** A sentence for the operator about their last action (e.g. no PIN check possible offline). */
  @state() private alert = '';
  private readonly firstScreenful = new FirstScreenful(this);
  /** Steps whose message the server said does not exist: their envelope is hidden. */
  @state() private noMail = new Set<string>();
  /** The dialogs, drawn after the first cards (lazy-dialogs.ts). */
  private readonly dialogs = new LazyDialogs(this, () => this.session.store.source !== 'none' && !!this.session.store.settings);
  /** Scans (wedge scanner, camera, `/o/<number>` links): see scan-controller.ts. */
  private readonly scan = new ScanController(this, {
    session: this.session,
    identity: this.identity,
    say: (sentence) => (this.alert = sentence),
    cardOf: (orderId) => this.cardOf(orderId),
    advance: async (order) => (await this.gate.ready()) && this.session.pendingActions.add(order, 'advance'),
    regress: async (order, comment) => (await this.gate.ready()) && this.session.pendingActions.add(order, 'regress', comment),
  });
  private syncedTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    const s = this.session;
    new WatchController(this, [s, s.store, s.live, s.pendingActions, localeState, this.identity]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.session.pendingActions.addEventListener('synced', this.onSynced);
    this.session.pendingActions.addEventListener('refused', this.onRefused);
    const starting = this.start();
    this.starting = starting;
    void starting.then(() => {
      if (this.starting === starting) this.starting = null;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.startToken++;
    this.session.pendingActions.removeEventListener('synced', this.onSynced);
    this.session.pendingActions.removeEventListener('refused', this.onRefused);
  }

  private readonly onSynced = (): void => {
    this.synced = true;
    if (this.syncedTimer) clearTimeout(this.syncedTimer);
    this.syncedTimer = setTimeout(() => (this.synced = false), SYNCED_SHOWN_MS);
  };

  /**
   * The server ended the operator's turn, or an admin has just asked this kiosk for PINs
   * (`pin_required`): the next action asks the PIN, with the kiosk's settings asked again.
   */
  private readonly onRefused = (e: Event): void => {
    if ((e as CustomEvent<{ code: string }>).detail.code !== 'pin_required') return;
    this.identity.forgetOperator();
    void this.identity.verify().catch(() => null);
  };

  /**
   * Who is this screen? The remembered answer opens the screen at once (and offline); the server's
   * answer follows and re-opens it if the scope changed. Nothing remembered: the server is asked
   * first, and when it cannot be reached the address's filter is all there is.
   */
  private async start(): Promise<void> {
    const token = ++this.startToken;
    const id = this.identity;
    if (id.source === 'none') await id.cached().catch(() => null);
    if (token !== this.startToken) return;
    if (id.source === 'server') return this.applyIdentity();
    if (id.source === 'cache') this.applyIdentity();
    void this.verifyIdentity(token);
    // The first frame waits for the remembered orders (already read ahead, see warm-start.ts).
    if (this.screen) await this.session.cacheShown;
  }

  private async verifyIdentity(token: number): Promise<void> {
    await this.identity.verify().catch(() => null);
    if (token === this.startToken) this.applyIdentity();
  }

  /**
   * The first render is drawn at once ("loading", while the device's memory is read); the next one
   * waits until `start` has put the remembered identity and orders in place (at most
   * REMEMBERED_WAIT_MS), so that they arrive in one pass with the cards instead of a render per
   * step. Nothing remembered: nothing waits for the network.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (this.hasUpdated && this.starting) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.starting, new Promise((resolve) => (timer = setTimeout(resolve, REMEMBERED_WAIT_MS)))]);
      clearTimeout(timer);
    }
    await super.scheduleUpdate();
  }

  /** Opens (or re-opens, when the scope changed) the orders this screen may show. */
  private applyIdentity(): void {
    if (this.identity.isWall) {
      navigate('/wall', { replace: true });
      return;
    }
    const filter = deviceFilter(this.identity.me, this.asked);
    if (this.screen && filterKey(filter) === filterKey(this.filter)) return;
    this.filter = filter;
    if (this.screen) this.screen.setFilter(filter);
    else this.screen = new ScreenController(this, this.session, filter);
  }

  /** Paired just now: remember the kiosk before the page reloads, so the first start opens its scope. */
  private readonly onPaired = (kiosk: Kiosk): Promise<void> => rememberPaired(this.session.db, kiosk);

  private _onFilterChange = (e: CustomEvent<OrderFilter>): void => {
    this.asked = e.detail;
    this.filter = deviceFilter(this.identity.me, this.asked);
    history.replaceState(null, '', `${location.pathname}${filterToSearch(this.filter)}`);
    this.screen?.setFilter(this.filter);
  };

  private _onChangeOperator = (): void => void this.gate.handOver();
  /** The queue waits for this operator's PIN (their turn ended, or another began): the keypad on their name. */
  private _onOperatorNeeded = (e: CustomEvent<{ id: string }>): void => void this.gate.offerTurn(e.detail.id);

  private _onNext = async (e: CustomEvent<OrderActionDetail>): Promise<void> => {
    // The order as the operator saw it when pressing: if it moves meanwhile, the server says so (409).
    const order = this.session.store.get(e.detail.orderId);
    if (!order || !(await this.gate.ready())) return;
    await this.session.pendingActions.add(order, 'advance');
  };

  private _onPrevious = async (e: CustomEvent<OrderActionDetail>): Promise<void> => {
    const order = this.session.store.get(e.detail.orderId);
    const prev = order && this.session.pendingActions.previousStepOf(order);
    if (!order || !prev || !(await this.gate.ready())) return;
    const why = await (await this.dialogs.get('comment-dialog')).ask(prev.label, this.session.store.settings?.reworkReasons ?? []);
    if (why) await this.session.pendingActions.add(order, 'regress', why.comment, why.reasonCode);
  };

  /** Every card drawn (a scanned order may be past the first screenful), then the one of `orderId`. */
  private async cardOf(orderId: string): Promise<OrderCard | null> {
    await this.firstScreenful.showAll();
    return [...this.renderRoot.querySelectorAll('order-card')].find((c) => c.shown.order.id === orderId) ?? null;
  }

  private _onScanCamera = async (): Promise<void> => {
    const text = await (await this.dialogs.get('camera-scanner')).scan(t('scan.title'), () => true);
    if (text) await this.scan.handle(text);
  };

  private _onScanUndo = (e: CustomEvent<OrderActionDetail>): void => void this.scan.undo(e.detail.orderId);

  private _onAlertDismiss = (): void => {
    this.alert = '';
  };

  private _onHistory = (e: CustomEvent<OrderActionDetail>): void => {
    const order = this.session.store.get(e.detail.orderId);
    const settings = this.session.store.settings;
    if (order && settings) void this.dialogs.get('history-dialog').then((d) => d.show(order, this.session.api, settings));
  };

  private _onMail = (e: CustomEvent<OrderActionDetail>): void => {
    const order = this.session.store.get(e.detail.orderId);
    if (order) void this.dialogs.get('mail-dialog').then((d) => d.show(order, this.session.api));
  };

  private _onMailUnavailable = (e: CustomEvent<{ stepId: string }>): void => {
    this.noMail = new Set([...this.noMail, e.detail.stepId]);
  };

  private _onDismiss = (e: CustomEvent<OrderActionDetail>): void => this.session.store.dismissNotice(e.detail.orderId);

  private locksFor: { me: Me | null; locks: ScopeLocks } | null = null;

  /** The filter fields the device's scope fixes; the same object while the identity is the same. */
  private locks(): ScopeLocks {
    const me = this.identity.me;
    if (this.locksFor?.me !== me) this.locksFor = { me, locks: scopeLocks(me) };
    return this.locksFor.locks;
  }

  /** The kiosk's name and what it shows ("Scie 1 · Machine : Scie"); for people, the filter's machine and person. */
  private scopeLabel(): string {
    const f = this.filter;
    const machine = f.machineId && (this.session.machines.find((m) => m.id === f.machineId)?.name ?? f.machineId);
    const user = f.assigneeId && (this.session.users.find((u) => u.id === f.assigneeId)?.name ?? f.assigneeId);
    const me = this.identity.me;
    if (me?.kind === 'kiosk') {
      const scope = me.scope && 'machineId' in me.scope ? t('kiosks.ofMachine', { name: machine || '' }) : t('kiosks.ofUser', { name: user || '' });
      return `${me.name} · ${scope}`;
    }
    return [machine, user].filter(Boolean).join(' · ');
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('filter')) this.pager.setFilter(this.filter);
  }

  /** "Tout voir": the next page of orders when the end of the list comes near. */
  private readonly moreObserver =
    typeof IntersectionObserver === 'undefined'
      ? null
      : new IntersectionObserver((entries) => {
          if (entries.some((e) => e.isIntersecting)) this.loadMoreWhileInView();
        }, { rootMargin: '800px' });
  private listEnd: Element | null = null;

  private readonly watchListEnd = (el: Element | undefined): void => {
    this.moreObserver?.disconnect();
    this.listEnd = el ?? null;
    if (el) this.moreObserver?.observe(el);
  };

  /** A page, and another while the end of the list is still in view (a tall screen: no scroll would ask). */
  private loadMoreWhileInView(): void {
    void this.pager.loadMore().then(
      () => {
        const end = this.listEnd?.getBoundingClientRect().top;
        if (end !== undefined && end < innerHeight + 800 && !this.pager.finished) requestAnimationFrame(() => this.loadMoreWhileInView());
      },
      () => undefined,
    );
  }

  override render() {
    const { store, live, pendingActions } = this.session;
    const settings = store.settings;
    const shown = store.shown();
    // The list is drawn once both the settings and some orders are known (see below).
    const drawn = this.firstScreenful.cards(shown, !!settings && store.source !== 'none');
    const offline = live.state === 'offline';
    const pairing = this.session.needsPairing && store.source === 'none';
    // A screen the server did not know last time, before it answers, shows no filters, scan or
    // chime buttons: they would only be taken away again when the pairing form comes, moving
    // everything under the operator's finger. Nor does the pairing form; a screen the server no
    // longer knows that still shows its remembered orders keeps its filters and chime, not its scan.
    const unseen = store.source === 'none' && !this.identity.knownBefore;
    return html`<header>
        <div>
          <h1>${settings?.workshopName || 'Jalon'}</h1>
          <span class="scope">${this.scopeLabel() || t('app.kiosk')}</span>
        </div>
        <div class="right">
          ${this.identity.pinRequired
            ? html`<operator-chip .identity=${this.identity} .zone=${settings?.timezone ?? 'Europe/Paris'} @operator-change=${this._onChangeOperator}></operator-chip>`
            : nothing}
          <connection-badge .state=${live.state} .pending=${pendingActions.count} .synced=${this.synced} .live=${live}></connection-badge>
          ${this.session.needsPairing || unseen
            ? nothing
            : html`<button type="button" class="scan" data-scan-camera @click=${this._onScanCamera}>${t('scan.button')}</button>
                <scan-toggle></scan-toggle>`}
          ${pairing || unseen ? nothing : html`<chime-toggle></chime-toggle>`}
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
      <freshness-alarm .live=${live} .zone=${settings?.timezone ?? 'Europe/Paris'}></freshness-alarm>
      <pending-attention .actions=${pendingActions} .waiting=${pendingActions.waitingFor} .unsent=${pendingActions.unsent} .store=${store} .zone=${settings?.timezone ?? 'Europe/Paris'} @operator-needed=${this._onOperatorNeeded}></pending-attention>
      ${this.alert
        ? html`<p class="alert" role="alert"><span>${this.alert}</span><button @click=${this._onAlertDismiss}>${t('action.dismiss')}</button></p>`
        : nothing}
      ${pairing || unseen
        ? nothing
        : html`<filter-bar
            .locked=${this.locks()}
            .filter=${this.filter}
            .steps=${settings?.steps ?? []}
            .users=${this.session.users}
            .machines=${this.session.machines}
            @filter-change=${this._onFilterChange}
          ></filter-bar>`}
      <main
        @order-next=${this._onNext}
        @order-previous=${this._onPrevious}
        @order-history=${this._onHistory}
        @order-mail=${this._onMail}
        @notice-dismiss=${this._onDismiss}
        @mail-unavailable=${this._onMailUnavailable}
        @scan-undo=${this._onScanUndo}
      >
        ${pairing
          ? html`<pair-screen .api=${this.session.api} .onPaired=${this.onPaired} .reachable=${true}></pair-screen>`
          : !settings || store.source === 'none'
          ? html`<p class="empty">${this.session.loadError && offline ? t('conn.offline') : t('order.loading')}</p>`
          : html`<p class="count" aria-live="polite">${tn('order.count', shown.length)}</p>
              ${shown.length
                ? html`<div class="list">
                    ${repeat(
                      drawn,
                      (s) => s.order.id,
                      (s) => html`<order-card
                        .shown=${s}
                        .settings=${settings}
                        .mailable=${envelopeShown(settings, s.order.stepId, this.noMail)}
                        .scanned=${this.scan.highlighted === s.order.id}
                        .undoable=${this.scan.undoable?.orderId === s.order.id}
                      ></order-card>`,
                    )}
                  </div>
                  ${this.filter.all && this.firstScreenful.all && !this.pager.finished ? html`<div class="list-end" ${ref(this.watchListEnd)}></div>` : nothing}`
                : html`<p class="empty">${t('order.none')}</p>`}`}
        ${this.dialogs.drawn
          ? html`<comment-dialog></comment-dialog>
              <history-dialog></history-dialog>
              <mail-dialog></mail-dialog>
              <pin-dialog></pin-dialog>
              <camera-scanner></camera-scanner>`
          : nothing}
      </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'workstation-view': WorkstationView;
  }
}
