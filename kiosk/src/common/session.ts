import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { Api, ApiError } from './api.js';
import { filterKey } from './filter-encoding.js';
import { LiveConnection } from './live-connection.js';
import { LocalDb } from './local-db.js';
import { OrderStore } from './order-store.js';
import { PendingActions } from './pending-actions.js';

const PERSIST_DELAY_MS = 800;
/** How long a start waits for the socket's snapshot before listing the orders over REST instead. */
const SNAPSHOT_WAIT_MS = 1500;

/**
 * Everything one screen needs to show orders: REST client, device memory, order store,
 * live link and pending actions, wired together. One per page; the workstation, wall and
 * supervisor views all use it.
 * Emits `change` when people/machines lists or the load error change.
 */
export class Session extends EventTarget {
  readonly api: Api;
  readonly db: LocalDb;
  readonly store: OrderStore;
  readonly live: LiveConnection;
  readonly pendingActions: PendingActions;
  users: User[] = [];
  machines: Machine[] = [];
  /** Why the last load from the server failed (shown only when there is nothing cached either). */
  loadError: string | null = null;
  /** The server refused us as unknown (401): this screen must be paired, or someone sign in. */
  needsPairing = false;
  /** The last `open`'s remembered state is in the store (true: it had orders to show). */
  cacheShown: Promise<boolean> = Promise.resolve(false);

  private filter: OrderFilter = {};
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private loadToken = 0;

  constructor(opts: { base?: string; dbName?: string } = {}) {
    super();
    this.api = new Api(opts.base ?? '');
    this.db = new LocalDb(opts.dbName);
    this.store = new OrderStore();
    this.live = new LiveConnection(this.store, opts.base || undefined);
    this.pendingActions = new PendingActions(this.db, this.api, this.store);
    this.live.onSettings = (s) => void this.db.saveSettings(s);
    this.live.addEventListener('live', () => void this.pendingActions.flush());
    this.store.addEventListener('change', () => this.persistSoon());
    addEventListener('online', () => void this.pendingActions.flush());
  }

  /**
   * Shows the cached state at once, then ONE fresh snapshot of the orders, then follows live
   * changes. The snapshot is the socket's `subscribe` answer, which the live link needs anyway;
   * REST lists the orders only when the socket has not delivered within SNAPSHOT_WAIT_MS or
   * fails (a proxy without WebSockets, a server restarting), so a normal start loads the list once.
   * Settings, people and machines come over REST meanwhile (small, and the socket does not carry them).
   */
  async open(filter: OrderFilter): Promise<void> {
    this.filter = filter;
    const token = ++this.loadToken;
    this.store.setFilter(filter);
    this.started = true;
    void this.pendingActions.load();
    // The remembered orders are drawn and painted before any network work starts (the socket's
    // setup and the REST answers would otherwise delay that frame); the cache was read ahead
    // (warm-start.ts), so this costs a frame. Nothing remembered: the server is asked at once.
    this.cacheShown = this.showCached(token);
    if (await this.cacheShown) await afterPaint();
    if (token !== this.loadToken || !this.started) return;
    const snapshot = this.liveSnapshot();
    this.live.start(filter);
    await Promise.all([this.refreshLists(token), snapshot.then((got) => (got ? undefined : this.refreshOrders(token)))]);
  }

  /**
   * Resolves true when the socket puts a snapshot in the store, false when it cannot be expected
   * soon (the link is down, or nothing came within SNAPSHOT_WAIT_MS).
   */
  private liveSnapshot(): Promise<boolean> {
    const live = this.live;
    // Already known to be down (a filter change while offline): no need to wait.
    if (live.state === 'offline' || live.state === 'unpaired') return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (got: boolean) => {
        clearTimeout(timer);
        live.removeEventListener('snapshot', onSnapshot);
        live.removeEventListener('change', onChange);
        resolve(got);
      };
      const onSnapshot = () => finish(true);
      const onChange = () => {
        if (live.state === 'offline' || live.state === 'unpaired') finish(false);
      };
      const timer = setTimeout(() => finish(false), SNAPSHOT_WAIT_MS);
      live.addEventListener('snapshot', onSnapshot);
      live.addEventListener('change', onChange);
    });
  }

  close(): void {
    if (!this.started) return;
    this.started = false;
    this.live.stop();
  }

  /** True when remembered orders were put on screen. */
  private async showCached(token: number): Promise<boolean> {
    const [settings, snap, users, machines] = await Promise.all([
      this.db.settings(),
      this.db.snapshot(filterKey(this.filter)),
      this.db.users(),
      this.db.machines(),
    ]);
    if (token !== this.loadToken) return false;
    if (users) this.users = users;
    if (machines) this.machines = machines;
    if (settings && !this.store.settings) this.store.setSettings(settings);
    const shown = !!snap && this.store.source === 'none';
    if (shown) this.store.replaceAll(snap.orders, snap.seq, 'cache', snap.savedAt);
    this.dispatchEvent(new Event('change'));
    return shown;
  }

  /** Loads settings, people, machines and orders over REST. Failures leave the cached state shown. */
  async refresh(token = this.loadToken): Promise<void> {
    await Promise.all([this.refreshLists(token), this.refreshOrders(token)]);
  }

  /** Settings, people and machines over REST; a 401 means this screen must be paired or someone sign in. */
  private async refreshLists(token: number): Promise<void> {
    try {
      const [settings, users, machines] = await Promise.all([
        this.api.settings(),
        this.api.users().catch(() => null),
        this.api.machines().catch(() => null),
      ]);
      if (token !== this.loadToken) return;
      this.store.setSettings(settings);
      void this.db.saveSettings(settings);
      if (users) void this.db.saveUsers((this.users = users));
      if (machines) void this.db.saveMachines((this.machines = machines));
      this.loadError = null;
      this.needsPairing = false;
    } catch (e) {
      if (token !== this.loadToken) return;
      this.loadError = e instanceof ApiError ? e.message : 'offline';
      this.needsPairing = e instanceof ApiError && e.status === 401;
    }
    this.dispatchEvent(new Event('change'));
  }

  /** The orders over REST: the fallback when the socket gives no snapshot, and explicit refreshes. */
  private async refreshOrders(token: number): Promise<void> {
    try {
      const list = await this.api.orders(this.filter);
      if (token !== this.loadToken) return;
      // The socket may already have delivered something newer: never go back in seq.
      if (list.seq >= this.store.seq || this.store.source !== 'server') this.store.replaceAll(list.orders, list.seq, 'server');
    } catch (e) {
      if (token !== this.loadToken) return;
      this.loadError ??= e instanceof ApiError ? e.message : 'offline';
      if (e instanceof ApiError && e.status === 401) this.needsPairing = true;
    }
    this.dispatchEvent(new Event('change'));
  }

  applySettings(s: SettingsReply): void {
    this.store.setSettings(s);
    void this.db.saveSettings(s);
  }

  private persistSoon(): void {
    if (this.persistTimer || this.store.source !== 'server') return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      const s = this.store;
      if (s.source !== 'server') return;
      void this.db.saveSnapshot(filterKey(this.filter), {
        orders: s.allOrders(),
        seq: s.seq,
        savedAt: s.savedAt ?? new Date().toISOString(),
      });
    }, PERSIST_DELAY_MS);
  }
}

/** Resolves once the frame after now is painted (or soon, in a hidden page where frames do not run). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }),
    );
  });
}

let current: Session | null = null;

/** The page's session, created on first use. */
export function session(): Session {
  current ??= new Session();
  return current;
}
