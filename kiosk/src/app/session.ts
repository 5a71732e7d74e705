import type { Machine, User } from '../../../shared/schemas/people.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { Api, ApiError } from './api.js';
import { LiveConnection } from './live-connection.js';
import { LocalDb } from './local-db.js';
import { filterKey, type OrderFilter } from './order-filter.js';
import { OrderStore } from './order-store.js';
import { Outbox } from './outbox.js';

const PERSIST_DELAY_MS = 800;

/**
 * Everything one screen needs to show orders: REST client, device memory, order store,
 * live link and outbox, wired together. One per page; kiosk, wall and admin views all use it.
 * Emits `change` when people/machines lists or the load error change.
 */
export class Session extends EventTarget {
  readonly api: Api;
  readonly db: LocalDb;
  readonly store: OrderStore;
  readonly live: LiveConnection;
  readonly outbox: Outbox;
  users: User[] = [];
  machines: Machine[] = [];
  /** Why the last load from the server failed (shown only when there is nothing cached either). */
  loadError: string | null = null;
  /** The server refused us as unknown (401): this screen must be paired, or someone sign in. */
  needsPairing = false;

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
    this.outbox = new Outbox(this.db, this.api, this.store);
    this.live.onSettings = (s) => void this.db.saveSettings(s);
    this.live.addEventListener('live', () => void this.outbox.flush());
    this.store.addEventListener('change', () => this.persistSoon());
    addEventListener('online', () => void this.outbox.flush());
  }

  /** Shows the cached state at once, then the server's, then follows live changes. */
  async open(filter: OrderFilter): Promise<void> {
    this.filter = filter;
    const token = ++this.loadToken;
    this.store.setFilter(filter);
    // Cache and server are asked at once: the cache only fills the screen if it answers first.
    const cached = this.showCached(token);
    void this.outbox.load();
    this.live.start(filter);
    this.started = true;
    await Promise.all([cached, this.refresh(token)]);
  }

  close(): void {
    if (!this.started) return;
    this.started = false;
    this.live.stop();
  }

  private async showCached(token: number): Promise<void> {
    const [settings, snap, users, machines] = await Promise.all([
      this.db.settings(),
      this.db.snapshot(filterKey(this.filter)),
      this.db.users(),
      this.db.machines(),
    ]);
    if (token !== this.loadToken) return;
    if (users) this.users = users;
    if (machines) this.machines = machines;
    if (settings && !this.store.settings) this.store.setSettings(settings);
    if (snap && this.store.source === 'none') this.store.replaceAll(snap.orders, snap.seq, 'cache', snap.savedAt);
    this.dispatchEvent(new Event('change'));
  }

  /** Loads settings, people, machines and orders over REST. Failures leave the cached state shown. */
  async refresh(token = this.loadToken): Promise<void> {
    try {
      const [settings, list, users, machines] = await Promise.all([
        this.api.settings(),
        this.api.orders(this.filter),
        this.api.users().catch(() => null),
        this.api.machines().catch(() => null),
      ]);
      if (token !== this.loadToken) return;
      this.store.setSettings(settings);
      void this.db.saveSettings(settings);
      // The socket may already have delivered something newer: never go back in seq.
      if (list.seq >= this.store.seq || this.store.source !== 'server') this.store.replaceAll(list.orders, list.seq, 'server');
      if (users) void this.db.saveUsers((this.users = users));
      if (machines) void this.db.saveMachines((this.machines = machines));
      this.loadError = null;
      this.needsPairing = false;
    } catch (e) {
      this.loadError = e instanceof ApiError ? e.message : 'offline';
      this.needsPairing = e instanceof ApiError && e.status === 401;
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

let current: Session | null = null;

/** The page's session, created on first use. */
export function session(): Session {
  current ??= new Session();
  return current;
}
