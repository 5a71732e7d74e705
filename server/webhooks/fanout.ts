import type { WebhookEvent } from '../../shared/schemas/integration-access.js';
import type { Order } from '../../shared/schemas/order.js';
import type { WorkflowShape } from '../../shared/workflow.js';
import type { CounterRepository } from '../store/counters.js';
import type { OrderRepository } from '../store/orders.js';
import type { StoredWebhook, WebhookRepository } from '../store/webhooks.js';
import { deliveryId, eventsOf, factsOfChange, factsOfHistory, payloadOf, type ChangeFacts } from './events.js';

export interface FanoutDeps {
  webhooks: WebhookRepository;
  orders: OrderRepository;
  counters: CounterRepository;
  workflow: () => Promise<WorkflowShape>;
  /** The order as webhooks send it (the API's view, without history). */
  view: (orderId: string) => Promise<Order | null>;
  kick: () => void;
  now?: () => number;
}

/** Changes the sweep looks at per pass (a backlog is caught up over several passes). */
const SWEEP_BATCH = 500;

/**
 * From committed changes to deliveries. The live listener queues each change
 * the feed announces. The change itself is the persisted intent: every write
 * takes the next `seq` with the order (and a removal leaves a tombstone with
 * its seq), so the sweep — at start-up and every poll — reads what changed
 * since its mark and queues whatever the listener did not (the process died
 * between the commit and the listener). Both make the same delivery ids, so
 * nothing is queued twice.
 */
export function webhookFanout(deps: FanoutDeps) {
  const { webhooks } = deps;
  const now = deps.now ?? Date.now;
  let hooks: { at: number; list: StoredWebhook[] } | null = null;
  /** The webhooks, read at most once a second (a handful of rows; a burst of changes reads them once). */
  const enabledHooks = async () => {
    if (!hooks || now() - hooks.at > 1000) hooks = { at: now(), list: (await webhooks.list()).filter((w) => w.enabled) };
    return hooks.list;
  };

  async function queue(facts: ChangeFacts, seq: number, order: Pick<Order, 'id' | 'number'> & Record<string, unknown>, changedAt?: Date): Promise<number> {
    // The sweep sees past changes: a webhook made after one does not get it.
    const list = (await enabledHooks()).filter((w) => !changedAt || w.createdAt.getTime() <= changedAt.getTime());
    if (!list.length) return 0;
    const types = eventsOf(facts, await deps.workflow());
    let queued = 0;
    const at = new Date(now());
    for (const w of list) {
      for (const type of types.filter((t: WebhookEvent) => w.events.includes(t))) {
        const id = deliveryId(w._id, order.id, seq, type);
        const created = await webhooks.enqueue({
          _id: id,
          webhookId: w._id,
          type,
          orderId: order.id,
          orderNumber: order.number,
          seq,
          body: payloadOf(id, type, at, order),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          claimedBy: null,
          claimedAt: null,
          lastStatus: null,
          lastBody: null,
          lastError: null,
          createdAt: at,
          updatedAt: at,
          deliveredAt: null,
        });
        if (created) queued++;
      }
    }
    if (queued) deps.kick();
    return queued;
  }

  return {
    /** The feed's `order:changed`. */
    onChanged: (e: { seq: number; before: Order | null; after: Order }) => queue(factsOfChange(e.before, e.after), e.seq, e.after),
    /** The feed's `order:removed`. */
    onRemoved: (e: { seq: number; id: string; before: Order }) =>
      queue({ created: false, removed: true, fromStepId: null, toStepId: null }, e.seq, e.before),
    /** Forget the cached webhook list (one was created, changed or removed here). */
    invalidate: () => void (hooks = null),

    /**
     * Catches up from the mark. The mark moves to the seq read at the start
     * of the previous pass, not this one: a write that took its seq before
     * this pass may not be visible yet, and is seen by the next.
     */
    async sweep(): Promise<number> {
      const current = await deps.counters.current('seq');
      const mark = await webhooks.mark();
      if (!mark) {
        // First start with webhooks: the past is not delivered, only what changes from now on.
        await webhooks.setMark(current, current);
        return 0;
      }
      if (!(await enabledHooks()).length) {
        await webhooks.setMark(mark.next, current);
        return 0;
      }
      let queued = 0;
      let highest = mark.seq;
      const changed = await deps.orders.changedSince(mark.seq, SWEEP_BATCH);
      for (const o of changed.orders) {
        const full = await deps.orders.findById(o._id);
        const order = full && (await deps.view(o._id));
        if (!full || !order || full.seq !== o.seq) continue;
        queued += await queue(factsOfHistory(full.history ?? []), full.seq, order, full.updatedAt);
        highest = Math.max(highest, full.seq);
      }
      for (const r of await deps.orders.removedSince(mark.seq, SWEEP_BATCH)) {
        // A tombstone keeps the id only: the order is sent as what is left of it.
        queued += await queue({ created: false, removed: true, fromStepId: null, toStepId: null }, r.seq, { id: r._id, number: 0 }, (r as { at?: Date }).at ?? new Date(0));
        highest = Math.max(highest, r.seq);
      }
      const full = changed.orders.length >= SWEEP_BATCH;
      // A full batch: go on from what was read, not past what was not.
      await webhooks.setMark(full ? highest : Math.min(mark.next, current), current);
      return queued;
    },
  };
}
export type WebhookFanout = ReturnType<typeof webhookFanout>;
