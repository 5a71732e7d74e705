import type { Order } from '../../../shared/schemas/order.js';
import type { Step } from '../../../shared/schemas/settings.js';
import { nextStep, previousStep } from '../../../shared/workflow.js';
import { ApiError, type Api } from './api.js';
import type { ActionSigner, LocalDb, PendingAction } from './local-db.js';
import { newOpId } from './op-id.js';
import type { OrderStore } from './order-store.js';

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 15_000;

/**
 * The screen's pending actions. Every Previous/Next goes through here, online or not: written to
 * IndexedDB first, shown pending, then sent in order. A refusal (409 and others) is turned into a notice on the card and the
 * action leaves the queue — never retried blindly, never dropped silently. Unreachable server:
 * the queue waits and replays on reconnection, in the order the actions were made.
 * Emits `change` when the queue changes, `synced` when it empties after being non-empty (none set aside), and
 * `refused` (detail: the server's error code) for each refused action.
 *
 * Each action remembers who made it (the screen's identity and, on a PIN kiosk, the operator):
 * it is sent only by them. After a hand-over the queue waits for the person who made the next
 * action to type their PIN (`waitingFor`); after the screen was paired again as another kiosk or
 * scope, the older actions are set aside as `unsent` and shown until someone has read them.
 */
export class PendingActions extends EventTarget {
  private actions: PendingAction[] = [];
  private flushing = false;
  private flushAgain = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = RETRY_MIN_MS;
  private loaded: Promise<void> | null = null;
  /** Actions being written to IndexedDB right now. */
  private writing = 0;
  /** Who is signed in on this screen now (set by the kiosk's identity); null: not known. */
  private signer: () => ActionSigner | null = () => null;
  /** Made under another identity of this screen: never sent, kept until read. */
  unsent: PendingAction[] = [];
  /** The operator whose PIN the next action waits for (their turn ended, or someone else's began). */
  waitingFor: { id: string; name: string; count: number } | null = null;

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

  /** Who signs the actions from now on (the kiosk's identity); the queue is tried again with it. */
  setSigner(signer: () => ActionSigner | null): void {
    this.signer = signer;
  }

  load(): Promise<void> {
    this.loaded ??= this.db
      .pendingActions()
      .then((actions) => {
        const sorted = actions.sort((a, b) => (a.n ?? 0) - (b.n ?? 0));
        this.actions = sorted.filter((a) => !a.unsent);
        this.unsent = sorted.filter((a) => a.unsent);
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
    const by = this.signer();
    if (by) action.by = by;
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
    if (this.flushing) {
      // Asked while a pass runs (a PIN just typed): one more pass after it, so nothing waits for nothing.
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    const hadActions = this.actions.length > 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Orders whose next action waits for its operator: their later actions wait too (order kept per
    // order); other orders' actions go on, so one absent person does not hold up the machine.
    const held = new Set<string>();
    let waitFor: ActionSigner | null = null;
    // Set aside (made under another identity): the queue empties without them having been sent.
    let setAside = 0;
    try {
      for (;;) {
        const action = this.actions.find((a) => !held.has(a.orderId));
        if (!action) break;
        const now = this.signer();
        // Made by a known someone, and who this screen is now is not confirmed yet: wait for it.
        if (action.by && !now) return;
        if (action.by && now && !sameScreen(action.by, now)) {
          await this.setAside(action);
          setAside++;
          continue;
        }
        if (action.by?.operatorId && action.by.operatorId !== now?.operatorId) {
          held.add(action.orderId);
          waitFor ??= action.by;
          continue;
        }
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
          if (action.by?.operatorId && (e.code === 'pin_required' || e.code === 'operator_changed')) {
            // Their turn ended on the server meanwhile: it waits for their PIN, it is not dropped.
            this.dispatchEvent(new CustomEvent<{ code: string }>('refused', { detail: { code: 'pin_required' } }));
            held.add(action.orderId);
            waitFor ??= action.by;
            continue;
          }
          await this.refused(action, e);
        }
      }
      this.retryDelay = RETRY_MIN_MS;
      this.wait(waitFor);
      // "Synchronised" only when what was queued has reached the server (sent or answered), not when set aside.
      if (hadActions && !this.actions.length && !setAside) this.dispatchEvent(new Event('synced'));
    } finally {
      this.flushing = false;
      if (this.flushAgain) {
        this.flushAgain = false;
        void this.flush();
      }
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

  /** Says whose PIN the held actions wait for (null: nobody's); redraws only on a change. */
  private wait(by: ActionSigner | null): void {
    const next = by?.operatorId
      ? { id: by.operatorId, name: by.operatorName ?? '', count: this.actions.filter((a) => a.by?.operatorId === by.operatorId).length }
      : null;
    if (next?.id === this.waitingFor?.id && next?.count === this.waitingFor?.count) return;
    this.waitingFor = next;
    this.publish();
  }

  /** Made under another identity of this screen: kept in IndexedDB as unsent, off the queue. */
  private async setAside(action: PendingAction): Promise<void> {
    const aside: PendingAction = { ...action, unsent: { at: new Date().toISOString() } };
    await this.db.updatePendingAction(aside).catch(() => undefined);
    this.actions = this.actions.filter((a) => a.opId !== action.opId);
    this.unsent = [...this.unsent, aside];
    this.publish();
  }

  /** A person has read the unsent actions (and redone what still needs doing): they can go. */
  async dismissUnsent(): Promise<void> {
    const gone = this.unsent;
    this.unsent = [];
    for (const a of gone) if (a.n !== undefined) await this.db.removePendingAction(a.n).catch(() => undefined);
    this.publish();
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

/** The same screen identity: same kiosk (or person) with the same scope. */
const sameScreen = (a: ActionSigner, b: ActionSigner) => a.kind === b.kind && a.id === b.id && a.scope === b.scope;
