import type { Order } from '../../../shared/schemas/order.js';
import type { Step } from '../../../shared/schemas/settings.js';
import { nextStep, previousStep } from '../../../shared/workflow.js';
import { ApiError, type Api } from './api.js';
import type { LocalDb, PendingAction } from './local-db.js';
import { newOpId } from './op-id.js';
import type { OrderStore } from './order-store.js';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;

/**
 * The screen's pending actions. Every Previous/Next goes through here, online or not: written to
 * IndexedDB first, shown pending, then sent in order. A refusal (409 and others) is turned into a notice on the card and the
 * action leaves the queue — never retried blindly, never dropped silently. Unreachable server:
 * the queue waits and replays on reconnection, in the order the actions were made.
 * Emits `change` when the queue changes, `synced` when it empties after being non-empty, and
 * `refused` (detail: the server's error code) for each refused action.
 */
export class PendingActions extends EventTarget {
  private actions: PendingAction[] = [];
  private flushing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  private loaded: Promise<void> | null = null;
  /** Actions being written to IndexedDB right now. */
  private writing = 0;

  constructor(
    private readonly db: LocalDb,
    private readonly api: Api,
    private readonly store: OrderStore,
  ) {
    super();
  }

  get count(): number {
    return this.actions.length;
  }

  /** Every queued action is in IndexedDB (none being written): the page may reload without losing any. */
  get persisted(): boolean {
    return this.writing === 0 && this.actions.every((a) => a.n !== undefined);
  }

  load(): Promise<void> {
    this.loaded ??= this.db
      .pendingActions()
      .then((actions) => {
        this.actions = actions.sort((a, b) => (a.n ?? 0) - (b.n ?? 0));
        this.publish();
      })
      .catch(() => undefined);
    return this.loaded;
  }

  /**
   * Queues Next (`advance`) or Previous (`regress`) from the step the operator SEES (their own
   * pending actions included), so two quick taps make two steps and each names its starting step.
   * Returns false when there is no step to go to.
   */
  async add(order: Order, kind: 'advance' | 'regress', comment?: string, reasonCode?: string): Promise<boolean> {
    await this.load();
    const settings = this.store.settings;
    if (!settings) return false;
    const from = this.seenStep(order);
    const to = kind === 'advance' ? nextStep(settings, from) : previousStep(settings, from);
    if (!to) return false;
    const action: PendingAction = {
      opId: newOpId(),
      orderId: order.id,
      orderNumber: order.number,
      kind,
      expectedStepId: from,
      toStepId: to.id,
      createdAt: new Date().toISOString(),
    };
    if (kind === 'regress') action.comment = comment ?? '';
    // Kept in IndexedDB with the action: an offline Previous replays with its reason.
    if (kind === 'regress' && reasonCode) action.reasonCode = reasonCode;
    this.store.dismissNotice(order.id);
    this.writing++;
    try {
      this.actions.push(await this.db.addPendingAction(action));
    } finally {
      this.writing--;
    }
    this.publish();
    void this.flush();
    return true;
  }

  /** Where Previous takes the order from the step the operator sees; null at the first step. */
  previousStepOf(order: Order): Step | null {
    const settings = this.store.settings;
    return settings ? previousStep(settings, this.seenStep(order)) : null;
  }

  /** The step the operator sees the order at: where their last pending action put it. */
  private seenStep(order: Order): string {
    const mine = this.actions.filter((a) => a.orderId === order.id);
    return mine.length ? mine[mine.length - 1].toStepId : order.stepId;
  }

  /** Sends the queue in order. Safe to call any time (reconnection, online event, timer). */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    const hadActions = this.actions.length > 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      while (this.actions.length) {
        const action = this.actions[0];
        try {
          const order = await this.api.transition(action);
          // Confirmed state first, then unqueue: the card never flickers back to the old step.
          this.store.upsert(order, order.seq, false);
          await this.done(action);
        } catch (e) {
          if (!(e instanceof ApiError) || e.status >= 500 || e.status === 429 || e.status === 401) {
            // Unreachable, overloaded, or not signed in yet: keep everything, try again later.
            this.scheduleRetry();
            return;
          }
          await this.refused(action, e);
        }
      }
      this.retryDelay = RETRY_MIN_MS;
      if (hadActions) this.dispatchEvent(new Event('synced'));
    } finally {
      this.flushing = false;
    }
  }

  private async refused(action: PendingAction, e: ApiError): Promise<void> {
    const current = (e.body as { order?: Order } | null)?.order;
    if (current) this.store.upsert(current, current.seq, false);
    // Later actions on the same order were built on the refused one: they are refused with it.
    const dropped = this.actions.filter((a) => a.orderId === action.orderId);
    for (const a of dropped) await this.done(a);
    this.store.addNotice({
      orderId: action.orderId,
      number: action.orderNumber,
      kind: e.status === 409 ? 'conflict' : e.status === 404 ? 'gone' : e.code === 'pin_required' ? 'pin' : 'refused',
      action: action.kind,
      ...(current ? { stepId: current.stepId } : {}),
      message: e.message,
      at: Date.now(),
    });
    this.dispatchEvent(new CustomEvent<{ code: string }>('refused', { detail: { code: e.code } }));
  }

  private async done(action: PendingAction): Promise<void> {
    if (action.n !== undefined) await this.db.removePendingAction(action.n).catch(() => undefined);
    this.actions = this.actions.filter((a) => a.opId !== action.opId);
    this.publish();
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, this.retryDelay);
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
  }

  private publish(): void {
    this.store.setPending([...this.actions]);
    this.dispatchEvent(new Event('change'));
  }
}
