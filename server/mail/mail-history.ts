import type { Order } from '../../shared/schemas/order.js';
import type { ChangeFeed } from '../services/change-feed.js';
import type { OrderService } from '../services/orders.js';
import type { SettingsService } from '../services/settings.js';
import type { CounterRepository } from '../store/counters.js';
import type { OrderRepository } from '../store/orders.js';
import type { StoredMessage } from '../store/outbox.js';

/** The states the history records: the outbox's, plus `retrying` for the first temporary failure. */
export type HistoryMailState = 'queued' | 'retrying' | 'sent' | 'written' | 'failed';

export interface MailHistoryDeps {
  orders: OrderRepository;
  counters: CounterRepository;
  settings: SettingsService;
  view: OrderService['view'];
  feed: ChangeFeed;
}

const withoutHistory = (o: Order): Order => {
  const { history, ...rest } = o;
  void history;
  return rest;
};

/**
 * Writes a message's state into its order's history and publishes the change,
 * so every screen's envelope shows the last state. A removed order has no
 * history left to write to: the outbox keeps the record.
 */
export function mailHistory(deps: MailHistoryDeps) {
  return async function record(message: StoredMessage, state: HistoryMailState, reason?: string): Promise<void> {
    const settings = await deps.settings.get();
    const current = await deps.orders.findById(message.orderId, false);
    if (!current) return;
    const seq = await deps.counters.next('seq');
    const updated = await deps.orders.appendHistory(
      message.orderId,
      {
        at: new Date(),
        actor: message.actor,
        actorId: message.actorId,
        kind: 'mail',
        mail: { messageId: message._id, state, to: message.to, subject: message.subject, ...(reason ? { reason } : {}) },
      },
      seq,
    );
    if (!updated) return;
    deps.feed.emit('order:changed', {
      seq: updated.seq,
      before: withoutHistory(deps.view(current, settings)),
      after: withoutHistory(deps.view(updated, settings)),
    });
  };
}
export type RecordMailState = ReturnType<typeof mailHistory>;
