import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Me } from '../../../shared/schemas/auth.js';
import type { Order } from '../../../shared/schemas/order.js';
import type { Machine, User } from '../../../shared/schemas/people.js';
import type { SettingsReply } from '../../../shared/schemas/settings.js';

/** A Previous/Next waiting to reach the server, in the order it was made. */
/** Who was signed in on this screen when an action was made: only they may send it. */
export interface ActionSigner {
  /** The screen's identity as the server knows it (kiosk or person) and its scope, as JSON. */
  kind: string;
  id: string;
  scope: string;
  /** On a kiosk asking PINs: the operator whose turn it was. */
  operatorId?: string;
  operatorName?: string;
}

export interface PendingAction {
  /** Insertion order (IndexedDB auto-increment): replay follows it. */
  n?: number;
  opId: string;
  orderId: string;
  orderNumber: number;
  kind: 'advance' | 'regress';
  expectedStepId: string;
  /** The step the card shows while the action is pending. */
  toStepId: string;
  comment?: string;
  /** Why it went back (Settings.reworkReasons' id), on a regress. */
  reasonCode?: string;
  createdAt: string;
  /** Who made it (absent on actions queued before this was recorded). */
  by?: ActionSigner;
  /**
   * Set aside, not sent: the screen was paired again as another kiosk or scope since. Kept (and
   * shown) until a person has read it: the new identity must not send it as its own.
   */
  unsent?: { at: string };
}

export interface OrdersSnapshot {
  orders: Order[];
  seq: number;
  savedAt: string;
}

/**
 * The object store of the pending actions. Its name on disk is the one version 1 created: a
 * kiosk updated with actions still queued must find them where it left them.
 */
const PENDING_ACTIONS = 'outbox';

interface JalonDB extends DBSchema {
  kv: {
    key: string;
    value: unknown;
  };
  [PENDING_ACTIONS]: {
    key: number;
    value: PendingAction;
    indexes: { opId: string };
  };
}

/**
 * The device's memory: who it is, last settings, people, machines and orders per screen filter,
 * and the actions not yet confirmed by the server. Survives reloads and server outages.
 */
export class LocalDb {
  private db: Promise<IDBPDatabase<JalonDB>> | null = null;
  /** Values read ahead by `warmUp`, each handed out once; a key written since is no longer trusted. */
  private warm: Promise<Map<string, unknown>> | null = null;
  private readonly written = new Set<string>();

  constructor(private readonly name = 'jalon') {}

  /**
   * Reads at once, in ONE transaction, what a screen's first frame needs: identity, settings,
   * people, machines, and the orders of the filter that identity gives (`ordersKey`). Called while
   * the app's script is still evaluating, so that opening IndexedDB (the slow part of a warm start)
   * overlaps it; the getters below then answer from these values instead of new transactions.
   */
  warmUp(ordersKey: (me: Me | undefined) => string | null): Promise<boolean> {
    this.warm ??= (async () => {
      const tx = (await this.open()).transaction('kv');
      const me = (await tx.store.get('me')) as Me | undefined;
      const key = ordersKey(me);
      const keys = ['settings', 'users', 'machines', ...(key === null ? [] : [`orders:${key}`])];
      const values = await Promise.all(keys.map((k) => tx.store.get(k)));
      const found = new Map<string, unknown>([['me', me]]);
      keys.forEach((k, i) => found.set(k, values[i]));
      return found;
    })().catch(() => new Map<string, unknown>());
    return this.warm.then((found) => [...found.keys()].some((k) => k.startsWith('orders:') && found.get(k) !== undefined));
  }

  private open(): Promise<IDBPDatabase<JalonDB>> {
    this.db ??= openDB<JalonDB>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('kv');
        const pending = db.createObjectStore(PENDING_ACTIONS, { keyPath: 'n', autoIncrement: true });
        pending.createIndex('opId', 'opId', { unique: true });
      },
    });
    return this.db;
  }

  private async get<T>(key: string): Promise<T | undefined> {
    if (this.warm) {
      const found = await this.warm;
      if (found.has(key)) {
        const value = found.get(key);
        found.delete(key);
        if (!this.written.has(key)) return value as T | undefined;
      }
    }
    try {
      return (await (await this.open()).get('kv', key)) as T | undefined;
    } catch {
      // Private mode or a broken profile: the app still works, only without memory.
      return undefined;
    }
  }

  private async put(key: string, value: unknown): Promise<void> {
    this.written.add(key);
    try {
      await (await this.open()).put('kv', value, key);
    } catch {
      /* see get() */
    }
  }

  settings(): Promise<SettingsReply | undefined> {
    return this.get('settings');
  }
  saveSettings(s: SettingsReply): Promise<void> {
    return this.put('settings', s);
  }
  users(): Promise<User[] | undefined> {
    return this.get('users');
  }
  saveUsers(u: User[]): Promise<void> {
    return this.put('users', u);
  }
  machines(): Promise<Machine[] | undefined> {
    return this.get('machines');
  }
  saveMachines(m: Machine[]): Promise<void> {
    return this.put('machines', m);
  }
  /** The server's last `GET /api/auth/me` answer: an offline restart still knows its kiosk and scope. */
  identity(): Promise<Me | undefined> {
    return this.get('me');
  }
  saveIdentity(me: Me): Promise<void> {
    return this.put('me', me);
  }
  async forgetIdentity(): Promise<void> {
    this.written.add('me');
    try {
      await (await this.open()).delete('kv', 'me');
    } catch {
      /* see get() */
    }
  }
  snapshot(filterKey: string): Promise<OrdersSnapshot | undefined> {
    return this.get(`orders:${filterKey}`);
  }
  saveSnapshot(filterKey: string, s: OrdersSnapshot): Promise<void> {
    return this.put(`orders:${filterKey}`, s);
  }

  async pendingActions(): Promise<PendingAction[]> {
    return (await this.open()).getAll(PENDING_ACTIONS);
  }

  /** Stores the action durably before anything is sent: a crash or reload cannot lose it. */
  async addPendingAction(action: PendingAction): Promise<PendingAction> {
    const n = await (await this.open()).add(PENDING_ACTIONS, action);
    return { ...action, n };
  }

  /** Rewrites a stored action (set aside as unsent). */
  async updatePendingAction(action: PendingAction): Promise<void> {
    await (await this.open()).put(PENDING_ACTIONS, action);
  }

  async removePendingAction(n: number): Promise<void> {
    await (await this.open()).delete(PENDING_ACTIONS, n);
  }
}
