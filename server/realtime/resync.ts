import type { OrderChanged, OrderRemoved, ResyncAck, SnapshotAck } from '../../shared/events.js';
import type { Order, OrderFilter } from '../../shared/schemas/order.js';
import type { SettingsReply } from '../../shared/schemas/settings.js';
import type { StoredOrder } from '../store/orders.js';

/** What `resync` reads; wired from the repositories and services by the realtime plugin. */
export interface ResyncSource {
  currentSeq(): Promise<number>;
  /**
   * Orders changed after `seq`, active and archived (an order that entered
   * the archive is a change like any other: it left the active filters).
   * `complete` is false when the archive's recent changes no longer reach
   * back that far: the screen then gets a snapshot.
   */
  changedSince(seq: number, limit: number): Promise<{ orders: StoredOrder[]; complete: boolean }>;
  removedSince(seq: number, limit: number): Promise<Array<{ _id: string; seq: number }>>;
  settings(): Promise<SettingsReply>;
  view(order: StoredOrder, settings: SettingsReply): Order;
  /** The filtered list of a subscription, with the seq read before the orders. */
  snapshot(filter: OrderFilter): Promise<SnapshotAck>;
}

export interface ResyncLimits {
  /**
   * How far below `sinceSeq` changes are sent again. A seq is allocated
   * (counter increment) before the write that carries it commits, so a write
   * holding seq 41 can commit after the write holding seq 42 has already been
   * broadcast: a kiosk that dropped off in between has seen 42, missed 41,
   * and would never ask for it with `sinceSeq: 42`. Re-sending the changes of
   * the last `overlap` seqs covers every write that was in flight when the
   * screen last heard from us, as long as fewer than `overlap` seqs are
   * allocated while one write is in flight (each request allocates one and
   * commits within one database round trip). Re-sent orders are harmless:
   * the screen keeps, per order, the one with the highest seq.
   */
  overlap: number;
  /** More changes than this and the screen gets its full snapshot instead (cheaper for both sides). */
  maxChanges: number;
}

export const defaultResyncLimits: ResyncLimits = { overlap: 100, maxChanges: 500 };

export interface ResyncPlan {
  ack: ResyncAck;
  /** The workflow settings, when they may have changed since `sinceSeq` (sent as `settings:changed` first). */
  settings: SettingsReply | null;
}

/**
 * What a screen that last saw `sinceSeq` has missed.
 *
 * Changes are NOT filtered to the subscription: for an order that no longer
 * matches, the screen needs the order itself (its filter drops it, and the
 * seq tells whether this news is newer than what it holds), and the server
 * cannot know which of those the screen held. So every changed order and
 * every removal goes out and the screen applies its own filter, the same rule
 * it applies to live events. Orders the asker may not see at all (outside a
 * kiosk's machine or person) go out as `{seq, id}`, like a removal: a screen
 * holding one drops it, and nothing of it is disclosed. The volume is
 * bounded by `maxChanges`; beyond it, when `sinceSeq` is ahead of the
 * database (reset, other database), or older than the archive's recent
 * changes reach, the answer is a snapshot of the subscription instead.
 * Orders that moved to the archive come from those recent changes, read by
 * `_id`: a resync reads the active orders and never scans the archive.
 */
export async function planResync(
  source: ResyncSource,
  sinceSeq: number,
  filter: OrderFilter,
  limits: ResyncLimits = defaultResyncLimits,
  visible: (order: Order) => boolean = () => true,
): Promise<ResyncPlan> {
  const current = await source.currentSeq();
  if (sinceSeq > current) {
    // The screen knows a future we do not: the database was reset or replaced. Start over.
    const snap = await source.snapshot(filter);
    return { ack: { seq: snap.seq, snapshot: true, orders: snap.orders }, settings: await source.settings() };
  }
  const from = Math.max(0, sinceSeq - limits.overlap);
  const [{ orders: changed, complete }, removed] = await Promise.all([
    source.changedSince(from, limits.maxChanges + 1),
    source.removedSince(from, limits.maxChanges + 1),
  ]);
  const settings = await source.settings();
  const newSettings = settings.seq > from ? settings : null;
  if (!complete || changed.length + removed.length > limits.maxChanges) {
    const snap = await source.snapshot(filter);
    return { ack: { seq: snap.seq, snapshot: true, orders: snap.orders }, settings: newSettings };
  }
  const changes: Array<OrderChanged | OrderRemoved> = [
    ...changed.map((o) => {
      const order = source.view(o, settings);
      return visible(order) ? { seq: o.seq, order } : { seq: o.seq, id: o._id };
    }),
    ...removed.map((r) => ({ seq: r.seq, id: r._id })),
  ].sort((a, b) => a.seq - b.seq);
  const seq = Math.max(current, changes.at(-1)?.seq ?? 0);
  return { ack: { seq, changes }, settings: newSettings };
}
