import { EventEmitter } from 'node:events';
import type { Order } from '../../shared/schemas/order.js';
import type { Role } from '../../shared/schemas/people.js';
import type { SettingsReply } from '../../shared/schemas/settings.js';

/**
 * Committed changes, published by the services right after the database
 * accepted them. The realtime layer and the mail outbox listen; nothing here
 * knows about sockets. Orders are published without their history.
 */
export interface ChangeEvents {
  'order:changed': [{ seq: number; before: Order | null; after: Order }];
  'order:removed': [{ seq: number; id: string; before: Order }];
  'settings:changed': [{ settings: SettingsReply; before: SettingsReply }];
  /** A person's role changed, or the person was removed (null): their live access is re-checked. */
  'person:changed': [{ id: string; role: Role | null }];
}

export class ChangeFeed extends EventEmitter<ChangeEvents> {
  constructor() {
    super();
    // Listeners are few and known (realtime, mail); a listener that throws must not undo a committed write.
    this.setMaxListeners(20);
  }
}
