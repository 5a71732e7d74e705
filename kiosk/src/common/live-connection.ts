import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ErrorAck,
  ResyncAck,
  ServerToClientEvents,
  SnapshotAck,
} from '../../../shared/events.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { subscribePayload } from './filter-encoding.js';
import type { OrderStore } from './order-store.js';

export type LiveState = 'connecting' | 'live' | 'offline';

const ACK_TIMEOUT_MS = 8000;

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

  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  private filter: OrderFilter = {};

  constructor(
    private readonly store: OrderStore,
    private readonly url?: string,
  ) {
    super();
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    if (state === 'live') this.lostAt = null;
    else if (this.lostAt === null) this.lostAt = Date.now();
    this.state = state;
    this.dispatchEvent(new Event('change'));
    if (state === 'live') this.dispatchEvent(new Event('live'));
  }

  start(filter: OrderFilter): void {
    this.filter = filter;
    if (this.socket) {
      if (this.socket.connected) void this.subscribe();
      return;
    }
    const opts = { transports: ['websocket'], withCredentials: true, reconnectionDelayMax: 5000, timeout: 5000 };
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = this.url ? io(this.url, opts) : io(opts);
    this.socket = socket;
    socket.on('connect', () => void this.subscribe());
    socket.on('disconnect', () => this.setState('offline'));
    socket.on('connect_error', () => this.setState('offline'));
    socket.on('order:changed', (e) => this.store.upsert(e.order, e.seq));
    socket.on('order:removed', (e) => this.store.remove(e.id, e.seq));
    socket.on('settings:changed', (e) => {
      this.store.setSettings(e.settings);
      this.onSettings?.(e.settings);
    });
    socket.on('session:ended', () => this.setState('offline'));
  }

  stop(): void {
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
