import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ErrorAck,
  OrderChanged,
  OrderRemoved,
  ResyncAck,
  ServerToClientEvents,
  SnapshotAck,
  SubscribePayload,
} from '../../../shared/events.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { OrderStore } from '../../../kiosk/src/common/order-store.js';
import { filterOfSubscription as subscriptionFilter } from '../../../shared/scope.js';

export type ReceivedEvent =
  | { type: 'order:changed'; seq: number; order: Order }
  | { type: 'order:removed'; seq: number; id: string }
  | { type: 'settings:changed'; settings: SettingsReply };

export async function listen(app: FastifyInstance, port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export const isError = (r: unknown): r is ErrorAck => typeof r === 'object' && r !== null && 'error' in r;

export interface ScreenOptions {
  /**
   * On every (re)connection, subscribe and resync from the last seq seen, as
   * the kiosk does (kiosk/src/common/live-connection.ts). With `keepStateOnReconnect`
   * the snapshot of a re-subscription is ignored, so that only `resync` can
   * bring back what was missed.
   */
  auto?: boolean;
  keepStateOnReconnect?: boolean;
  /** Cookie header sent with the handshake (session or device cookie). */
  cookie?: string;
}

/**
 * A screen as a test sees it: a real socket.io-client on the WebSocket
 * transport, every event it received, and the orders it would show, held by
 * the kiosk's own order store (newest seq per order wins; orders leaving its
 * filter are dropped).
 */
export class Screen {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly events: ReceivedEvent[] = [];
  /** The highest seq this screen has heard of: where its next resync starts. */
  lastSeq = 0;
  resyncs: ResyncAck[] = [];
  private readonly store = new OrderStore();
  private waiters: Array<() => void> = [];
  private connections = 0;

  constructor(
    readonly url: string,
    readonly subscription: SubscribePayload,
    settings: SettingsReply,
    readonly opts: ScreenOptions = {},
  ) {
    this.store.setFilter(subscriptionFilter(subscription));
    this.store.setSettings(settings);
    this.socket = connect(url, {
      transports: ['websocket'],
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
      ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    });
    this.socket.on('order:changed', (e) => this.record({ type: 'order:changed', ...e }));
    this.socket.on('order:removed', (e) => this.record({ type: 'order:removed', ...e }));
    this.socket.on('settings:changed', (e) => this.record({ type: 'settings:changed', ...e }));
    if (opts.auto) this.socket.on('connect', () => void this.catchUp().catch(() => undefined));
  }

  /** The orders shown, by id. */
  get orders(): ReadonlyMap<string, Order> {
    return new Map(this.store.allOrders().map((o) => [o.id, o]));
  }

  get settings(): SettingsReply {
    return this.store.settings!;
  }

  static async open(url: string, subscription: SubscribePayload, settings: SettingsReply, opts: ScreenOptions = {}): Promise<Screen> {
    const s = new Screen(url, subscription, settings, opts);
    if (opts.auto) await s.until(() => s.connections > 0 && s.live, 'first subscription');
    else await s.subscribe();
    return s;
  }

  /** True once the latest (re)connection has subscribed and resynced. */
  live = false;

  private async catchUp(): Promise<void> {
    this.live = false;
    const first = this.connections++ === 0;
    const since = this.lastSeq;
    const snap = await this.emitSubscribe(this.subscription);
    if (isError(snap)) throw new Error(snap.error.message);
    if (first || !this.opts.keepStateOnReconnect) this.replace(snap);
    const r = await this.resync(first ? snap.seq : since);
    if (isError(r)) throw new Error(r.error.message);
    this.live = true;
    this.wake();
  }

  emitSubscribe(payload: SubscribePayload): Promise<SnapshotAck | ErrorAck> {
    return this.socket.timeout(10_000).emitWithAck('subscribe', payload);
  }

  async subscribe(payload: SubscribePayload = this.subscription): Promise<SnapshotAck> {
    const snap = await this.emitSubscribe(payload);
    if (isError(snap)) throw new Error(`subscribe refused: ${snap.error.code} ${snap.error.message}`);
    this.replace(snap);
    return snap;
  }

  /** Asks for what was missed since `sinceSeq` and applies the answer. */
  async resync(sinceSeq = this.lastSeq): Promise<ResyncAck | ErrorAck> {
    const r = await this.socket.timeout(10_000).emitWithAck('resync', { sinceSeq });
    if (isError(r)) return r;
    this.resyncs.push(r);
    if ('snapshot' in r) this.replace(r);
    else for (const c of r.changes) this.apply(c);
    this.lastSeq = Math.max(this.lastSeq, r.seq);
    this.wake();
    return r;
  }

  private replace(snap: { seq: number; orders: Order[] }): void {
    this.store.replaceAll(snap.orders, snap.seq, 'server');
    this.lastSeq = Math.max(this.lastSeq, snap.seq);
  }

  /** A change as the kiosk's live link applies it (no highlight: nothing is drawn here). */
  private apply(c: OrderChanged | OrderRemoved): void {
    this.lastSeq = Math.max(this.lastSeq, c.seq);
    if ('id' in c) this.store.remove(c.id, c.seq);
    else this.store.upsert(c.order, c.seq, false);
  }

  private record(e: ReceivedEvent): void {
    this.events.push(e);
    if (e.type === 'settings:changed') this.store.setSettings(e.settings);
    else this.apply(e);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `condition` holds (checked after each event); fails after `timeoutMs`. */
  until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (condition()) {
          clearTimeout(timer);
          ok();
        } else this.waiters.push(check);
      };
      this.socket.on('connect', () => this.wake());
      check();
    });
  }

  orderEvents(id?: string): Array<Extract<ReceivedEvent, { type: 'order:changed' | 'order:removed' }>> {
    return this.events.filter(
      (e): e is Extract<ReceivedEvent, { type: 'order:changed' | 'order:removed' }> =>
        e.type !== 'settings:changed' && (id === undefined || (e.type === 'order:changed' ? e.order.id === id : e.id === id)),
    );
  }

  /** The orders shown, comparable with deepEqual (urgency is recomputed by screens; it is kept as sent). */
  state(): Array<Pick<Order, 'id' | 'stepId' | 'machineId' | 'assigneeId' | 'version' | 'seq'>> {
    return this.store
      .allOrders()
      .map(({ id, stepId, machineId, assigneeId, version, seq }) => ({ id, stepId, machineId, assigneeId, version, seq }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** The state a screen must show, from the REST list of the same filter. */
export async function expectedState(app: FastifyInstance, subscription: SubscribePayload, cookie = ''): Promise<ReturnType<Screen['state']>> {
  const f = subscriptionFilter(subscription);
  const qs = new URLSearchParams();
  if (f.machineId) qs.set('machine', f.machineId);
  if (f.assigneeId) qs.set('assignee', f.assigneeId);
  if (f.stepId) qs.set('step', f.stepId);
  if (f.all) qs.set('all', '1');
  const res = await app.inject({ method: 'GET', url: `/api/orders?${qs.toString()}`, headers: cookie ? { cookie } : {} });
  if (res.statusCode !== 200) throw new Error(`GET /api/orders: ${res.statusCode} ${res.body}`);
  const parsed = JSON.parse(res.body) as Order[] | { orders: Order[] };
  const orders = Array.isArray(parsed) ? parsed : parsed.orders;
  return orders
    .map(({ id, stepId, machineId, assigneeId, version, seq }) => ({ id, stepId, machineId, assigneeId, version, seq }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
