import { matchesFilter, type OrderFilter } from '../../../shared/order-filter.js';
import type { Order, Urgency } from '../../../shared/schemas/order.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';
import { compareByUrgency, dueUrgency } from '../../../shared/urgency.js';
import type { PendingAction } from './local-db.js';

/** Something the operator must read about one order: their action was not applied. */
export interface OrderNotice {
  orderId: string;
  number: number;
  /** `pin`: the server wanted an operator's PIN (the turn had run out, or the kiosk now asks for one). */
  kind: 'conflict' | 'refused' | 'gone' | 'pin';
  action: 'advance' | 'regress';
  /** The step the order really is at (conflict). */
  stepId?: string;
  message?: string;
  at: number;
}

/** An order as a screen draws it: the server's order with the operator's pending actions laid over it. */
export interface ShownOrder {
  order: Order;
  pending: number;
  notice: OrderNotice | undefined;
  /** Changed live in the last moments: drawn with a brief, calm highlight. */
  fresh: boolean;
}

/** The detail of the events an order's row or card fires (`order-next`, `order-previous`, `order-mail`…). */
export interface OrderActionDetail {
  orderId: string;
}

export type DataSource = 'none' | 'cache' | 'server';

const FRESH_MS = 2500;
/** How many departures (removals, orders that left the filter) are remembered with their seq. */
const GONE_KEPT = 5000;

/**
 * `dueUrgency` for many orders at one instant: orders sharing a due date and step share the answer,
 * so a list of hundreds of orders computes a few dozen (the date arithmetic in the workshop's
 * timezone is the costly part of drawing a remembered list at start).
 */
function urgencyAt(settings: SettingsReply, now: number): (o: { dueDate: string | null; stepId: string }) => Urgency {
  const known = new Map<string, Urgency>();
  return (o) => {
    const key = `${o.stepId}\u0000${o.dueDate ?? ''}`;
    let u = known.get(key);
    if (u === undefined) known.set(key, (u = dueUrgency(o, settings, now)));
    return u;
  };
}

/**
 * The orders of one screen. Applies snapshots and live changes (newest `seq` wins per order),
 * drops orders leaving the filter, recomputes urgency with the shared rule, and lays the operator's pending actions over them.
 * It is an EventTarget: controllers re-render their host on `change`.
 */
export class OrderStore extends EventTarget {
  settings: SettingsReply | null = null;
  filter: OrderFilter = {};
  seq = 0;
  source: DataSource = 'none';
  /** When the orders shown were last confirmed by the server (or saved in the cache). */
  savedAt: string | null = null;
  version = 0;

  private orders = new Map<string, Order>();
  /**
   * The seq at which an order was removed or left this screen's filter: a late change with a
   * lower seq (overtaken on the way, or re-sent by a resync's overlap) must not bring it back.
   */
  private gone = new Map<string, number>();
  private pendingActions: PendingAction[] = [];
  private notices = new Map<string, OrderNotice>();
  private freshUntil = new Map<string, number>();
  private shownCache: { version: number; list: ShownOrder[] } | null = null;
  private freshTimer: ReturnType<typeof setTimeout> | null = null;

  get size(): number {
    return this.orders.size;
  }

  get pendingCount(): number {
    return this.pendingActions.length;
  }

  get(id: string): Order | undefined {
    return this.orders.get(id);
  }

  private changed(): void {
    this.version++;
    this.dispatchEvent(new Event('change'));
  }

  setFilter(filter: OrderFilter): void {
    this.filter = filter;
    this.orders.clear();
    // Departures were from the old filter: under the new one the same order at the same seq may belong.
    this.gone.clear();
    this.seq = 0;
    this.source = 'none';
    this.changed();
  }

  setSettings(settings: SettingsReply): void {
    this.settings = settings;
    const urgency = urgencyAt(settings, Date.now());
    for (const [id, o] of this.orders) {
      if (!matchesFilter(o, this.filter, settings)) this.orders.delete(id);
      else o.urgency = urgency(o);
    }
    this.changed();
  }

  /** Replaces every order (first load, cache, subscribe ack, resync snapshot). */
  replaceAll(orders: Order[], seq: number, source: DataSource, savedAt = new Date().toISOString()): void {
    this.orders.clear();
    const urgency = this.settings ? urgencyAt(this.settings, Date.now()) : undefined;
    for (const o of orders) if (!this.isStale(o.id, o.seq)) this.accept(o, urgency);
    this.seq = seq;
    this.source = source;
    this.savedAt = savedAt;
    this.changed();
  }

  /**
   * A live or answered change. Older news than what is known of the order is ignored: a lower
   * seq than the order shown, or than its removal or departure from the filter.
   */
  upsert(order: Order, seq = order.seq, live = true): void {
    this.seq = Math.max(this.seq, seq);
    const prev = this.orders.get(order.id);
    if (prev && prev.seq > order.seq) return;
    if (this.isStale(order.id, order.seq)) return;
    const kept = this.accept(order);
    if (kept) this.gone.delete(order.id);
    else this.forget(order.id, order.seq);
    if (prev && !kept) this.orders.delete(order.id);
    if (live && kept && (!prev || prev.stepId !== order.stepId || prev.version !== order.version)) this.markFresh(order.id);
    this.source = 'server';
    this.savedAt = new Date().toISOString();
    this.changed();
  }

  /**
   * A removal, or a resync's stub for an order outside this screen's scope. Ignored when the
   * order shown is newer (a live change overtook the answer that carried the stub).
   */
  remove(id: string, seq: number): void {
    this.seq = Math.max(this.seq, seq);
    const held = this.orders.get(id);
    if (held && held.seq > seq) return;
    this.forget(id, seq);
    if (this.orders.delete(id)) this.changed();
  }

  private isStale(id: string, seq: number): boolean {
    const goneAt = this.gone.get(id);
    return goneAt !== undefined && goneAt >= seq;
  }

  private forget(id: string, seq: number): void {
    this.gone.set(id, Math.max(seq, this.gone.get(id) ?? 0));
    // Oldest first in a Map's order: the screen remembers the recent departures, which are the ones news can still race.
    if (this.gone.size > GONE_KEPT) this.gone.delete(this.gone.keys().next().value!);
  }

  /** Recomputes every urgency for `now`: called at the workshop's midnight, online or not. */
  recomputeUrgency(now: number = Date.now()): void {
    const s = this.settings;
    if (!s) return;
    const urgency = urgencyAt(s, now);
    for (const o of this.orders.values()) o.urgency = urgency(o);
    this.changed();
  }

  setPending(actions: PendingAction[]): void {
    this.pendingActions = actions;
    this.changed();
  }

  addNotice(n: OrderNotice): void {
    this.notices.set(n.orderId, n);
    this.changed();
  }

  dismissNotice(orderId: string): void {
    if (this.notices.delete(orderId)) this.changed();
  }

  allOrders(): Order[] {
    return [...this.orders.values()];
  }

  /** The orders to draw, most urgent first, with pending actions applied. Memoised per version. */
  shown(): ShownOrder[] {
    if (this.shownCache?.version === this.version) return this.shownCache.list;
    const settings = this.settings;
    const pendingByOrder = new Map<string, PendingAction[]>();
    for (const action of this.pendingActions) {
      const list = pendingByOrder.get(action.orderId);
      if (list) list.push(action);
      else pendingByOrder.set(action.orderId, [action]);
    }
    const now = Date.now();
    const list: ShownOrder[] = [];
    for (const o of this.orders.values()) {
      const pending = pendingByOrder.get(o.id);
      let order = o;
      if (pending && settings) {
        // The last pending action says where the operator has put the card.
        const stepId = pending[pending.length - 1].toStepId;
        const urgency: Urgency = dueUrgency({ dueDate: o.dueDate, stepId }, settings, now);
        order = { ...o, stepId, urgency };
      }
      list.push({
        order,
        pending: pending?.length ?? 0,
        notice: this.notices.get(o.id),
        fresh: (this.freshUntil.get(o.id) ?? 0) > now,
      });
    }
    list.sort((a, b) => compareByUrgency(a.order, b.order));
    this.shownCache = { version: this.version, list };
    return list;
  }

  private accept(order: Order, urgency?: (o: Order) => Urgency): boolean {
    const s = this.settings;
    if (s && !matchesFilter(order, this.filter, s)) return false;
    const copy = { ...order };
    if (s) copy.urgency = urgency ? urgency(copy) : dueUrgency(copy, s);
    delete copy.history;
    this.orders.set(order.id, copy);
    return true;
  }

  private markFresh(id: string): void {
    this.freshUntil.set(id, Date.now() + FRESH_MS);
    this.scheduleFreshExpiry();
  }

  /** One timer for all highlights: when the earliest one ends, redraw without it. */
  private scheduleFreshExpiry(): void {
    if (this.freshTimer || this.freshUntil.size === 0) return;
    const wait = Math.max(50, Math.min(...this.freshUntil.values()) - Date.now());
    this.freshTimer = setTimeout(() => {
      this.freshTimer = null;
      const now = Date.now();
      for (const [k, t] of this.freshUntil) if (t <= now) this.freshUntil.delete(k);
      this.changed();
      this.scheduleFreshExpiry();
    }, wait);
  }
}
