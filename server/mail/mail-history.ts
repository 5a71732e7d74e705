import type { OrderService } from '../services/orders.js';
import type { SettingsService } from '../services/settings.js';
import type { OrderRepository } from '../store/orders.js';
import type { StoredMessage } from '../store/outbox.js';

/** The states the history records: the outbox's, plus `retrying` for the first temporary failure. */
export type HistoryMailState = 'queued' | 'retrying' | 'sent' | 'written' | 'failed';

export interface MailHistoryDeps {
  orders: OrderRepository;
  settings: SettingsService;
  publish: OrderService['publish'];
}

/**
 * Writes a message's state into its order's history and publishes the change,
 * so every screen's envelope shows the last state. A removed order has no
 * history left to write to: the outbox keeps the record.
 */
export function mailHistory(deps: MailHistoryDeps) {
  return async function record(message: StoredMessage, state: HistoryMailState, reason?: string): Promise<void> {
    const change = await deps.orders.appendHistory(message.orderId, {
      at: new Date(),
      actor: message.actor,
      actorId: message.actorId,
      kind: 'mail',
      mail: { messageId: message._id, state, to: message.to, subject: message.subject, ...(reason ? { reason } : {}) },
    });
    if (change) deps.publish(change, await deps.settings.get());
  };
}
export type RecordMailState = ReturnType<typeof mailHistory>;
