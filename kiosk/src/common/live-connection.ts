import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ErrorAck,
  InsightToday,
  ResyncAck,
  ServerToClientEvents,
  SnapshotAck,
} from '../../../shared/events.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { subscribePayload } from './filter-encoding.js';
import type { OrderStore } from './order-store.js';

/**
 * `unpaired`: the server answered and refused us as unknown (this screen is not paired, or nobody
 * signed in): it is reachable, so this is not `offline`.
 */
export type LiveState = 'connecting' | 'live' | 'offline' | 'unpaired';

const ACK_TIMEOUT_MS = 8000;

export type { InsightToday };

/** The handshake middleware's refusal of an unknown screen (its `data.code`), as opposed to a network failure. */
function isUnknownScreen(err: unknown): boolean {
  const data = (err as { data?: { code?: unknown } } | null)?.data;
  return data?.code === 'unauthenticated';
}

function isError(r: unknown): r is ErrorAck {
  return typeof r === 'object' && r !== null && 'error' in r;
}

/**
 * The Socket.IO link of one screen. On every (re)connection it subscribes with the screen's
 * filter (the ack is a fresh snapshot), then asks `resync` from the snapshot's seq to catch any
 * change committed while the subscription was being set up; afterwards it applies live events.
 * Emits `change` when its state changes, `snapshot` when a subscription's snapshot is in the store,
 * and `live` each time it becomes live (the pending actions are sent then).
 */
export class LiveConnection extends EventTarget {
  state: LiveState = 'connecting';
  /** When live updates stopped (or when we started without ever being live); null while live. */
  lostAt: number | null = null;
  onSettings: ((s: SettingsReply) => void) | null = null;
  /** The last `insight:today` heard; null until the server sends one (screens that follow the whole workshop only). */
  today: InsightToday | null = null;
  /**
   * When the server last proved it is there and talking to us: a connection, an answer, an event,
   * or engine.io's heartbeat (the server pings every 25 s). Null before the first one.
   */
  newsAt: number | null = null;
  /** When this screen started asking for news (the freshness counts from it until the first news). */
  startedAt: number | null = null;

  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private filter: OrderFilter = {};
  /** A screen asked for orders (start): each connection subscribes. False while only prepared. */
  private wanted = false;

  constructor(
    private readonly store: OrderStore,
    private readonly url?: string,
  ) {
    super();
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    if (state === 'live' || state === 'unpaired') this.lostAt = null;
    else if (this.lostAt === null) this.lostAt = Date.now();
    this.state = state;
    this.dispatchEvent(new Event('change'));
    if (state === 'live') this.dispatchEvent(new Event('live'));
  }

  /**
   * Opens the link before the screen knows what it will ask (warm-start.ts): the WebSocket and the
   * server's check of who we are then run while the page evaluates and asks who it is, instead of
   * one after the other. Nothing is subscribed until `start`.
   */
  prepare(): void {
    if (!this.socket) this.open();
  }

  start(filter: OrderFilter): void {
    this.filter = filter;
    this.wanted = true;
    this.startedAt ??= Date.now();
    if (this.socket) {
      if (this.socket.connected) void this.subscribe();
      return;
    }
    this.open();
  }

  private open(): void {
    const opts = { transports: ['websocket'], withCredentials: true, reconnectionDelayMax: 5000, timeout: 5000 };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = this.url ? io(this.url, opts) : io(opts);
    this.socket = socket;
    socket.on('connect', () => {
      this.heard();
      if (this.wanted) void this.subscribe();
    });
    socket.on('disconnect', () => this.setState('offline'));
    socket.on('connect_error', (err) => {
      if (isUnknownScreen(err)) this.heard();
      this.setState(isUnknownScreen(err) ? 'unpaired' : 'offline');
    });
    socket.io.on('ping', () => this.heard());
    socket.on('order:changed', (e) => {
      this.heard();
      this.store.upsert(e.order, e.seq);
    });
    socket.on('order:removed', (e) => {
      this.heard();
      this.store.remove(e.id, e.seq);
    });
    socket.on('settings:changed', (e) => {
      this.heard();
      this.store.setSettings(e.settings);
      this.onSettings?.(e.settings);
    });
    socket.on('session:ended', () => this.setState('offline'));
    // Sent to walls and supervisors only (the day's strip and the tablet).
    socket.on('insight:today', (e) => {
      this.heard();
      if (e && typeof e.finished === 'number' && typeof e.late === 'number') {
        this.today = e;
        this.dispatchEvent(new Event('change'));
      }
    });
  }

  /** The server just proved it is there (see newsAt); `news` tells the freshness shown. */
  private heard(): void {
    this.newsAt = Date.now();
    this.dispatchEvent(new Event('news'));
  }

  stop(): void {
    this.wanted = false;
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
    this.socket = null;
  }

  private async subscribe(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const filter = this.filter;
    // A newer subscription (the filter changed meanwhile) owns the store: this one's answers are stale.
    const stale = () => this.socket !== socket || this.filter !== filter;
    try {
      // With a timeout, socket.io's types lose the ack's type: it is the events' declared answer.
      const snap = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('subscribe', subscribePayload(filter))) as SnapshotAck | ErrorAck;
      if (stale()) return;
      if (isError(snap)) throw new Error(snap.error.message);
      this.heard();
      this.store.replaceAll(snap.orders, snap.seq, 'server');
      this.dispatchEvent(new Event('snapshot'));
      const since = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('resync', { sinceSeq: snap.seq })) as ResyncAck | ErrorAck;
      if (stale()) return;
      if (!isError(since)) this.applyResync(since);
      this.setState('live');
    } catch {
      // No ack: the link is not usable; socket.io keeps reconnecting and we subscribe again then.
      if (!stale()) this.setState('offline');
    }
  }

  private applyResync(r: ResyncAck): void {
    if ('snapshot' in r) {
      this.store.replaceAll(r.orders, r.seq, 'server');
      return;
    }
    for (const c of r.changes) {
      if ('order' in c) this.store.upsert(c.order, c.seq);
      else this.store.remove(c.id, c.seq);
    }
  }
}
