import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Order } from '../../../shared/schemas/order.js';
import { inScope, scopeOf } from '../../../shared/scope.js';
import type { DeviceIdentity } from '../common/device-identity.js';
import { t } from '../common/locale.js';
import { takeOrderToOpen } from '../common/router.js';
import { HidScanner } from '../common/scanner/hid-scanner.js';
import { orderNumberOf } from '../common/scanner/wedge.js';
import type { Session } from '../common/session.js';
import type { OrderCard } from './order-card.js';
import { scanPressesNext } from './scan-toggle.js';

/** How long a scanned card stays highlighted. */
const HIGHLIGHT_MS = 4000;
/** How long "Annuler" stays on a card a scan has advanced. */
export const UNDO_MS = 5000;

export interface ScanDeps {
  session: Session;
  identity: DeviceIdentity;
  /** A sentence for the operator (the view's alert line). */
  say: (sentence: string) => void;
  /** The card of an order, drawn and in the page (the view draws every card first). */
  cardOf: (orderId: string) => Promise<OrderCard | null>;
  /** Next, as the button does it (PIN asked when the kiosk wants one). Resolves true once queued. */
  advance: (order: Order) => Promise<boolean>;
  /** Previous with the given comment, as the button does it, without asking for one. */
  regress: (order: Order, comment: string) => Promise<boolean>;
}

/**
 * What a scan does on a workstation, whether it came from a keyboard-wedge scanner, the camera or
 * a `/o/<number>` link: the order's card scrolled into view and highlighted with Next focused; an
 * order of another machine or person: where it is; anything else: a plain sentence. With the
 * kiosk's "a scan presses Next" option, an order of this screen also goes to its next step, with
 * "Annuler" on its card for a few seconds (a Previous with a comment saying why).
 */
export class ScanController implements ReactiveController {
  /** The order whose card is highlighted now. */
  highlighted: string | null = null;
  /** The order a scan has just advanced, and until when its undo is offered. */
  undoable: { orderId: string; until: number } | null = null;
  private readonly hid = new HidScanner((text) => void this.handle(text));
  private highlightTimer: ReturnType<typeof setTimeout> | null = null;
  private undoTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: ScanDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.hid.start();
  }

  hostDisconnected(): void {
    this.hid.stop();
    this.clearTimers();
  }

  /** An order asked by the address (`/o/<number>`) is opened as a scan once the orders are there. */
  hostUpdated(): void {
    const { store } = this.deps.session;
    if (store.source === 'none' || !store.settings || this.deps.identity.source === 'none') return;
    const n = takeOrderToOpen();
    if (n !== null) void this.open(n, false);
  }

  /** A scanned text (wedge or camera). */
  async handle(text: string): Promise<void> {
    const n = orderNumberOf(text);
    if (n === null) {
      this.deps.say(t('scan.notAnOrder'));
      return;
    }
    await this.open(n, scanPressesNext());
  }

  private async open(number: number, pressNext: boolean): Promise<void> {
    const { session, identity, say } = this.deps;
    const found = session.store.allOrders().find((o) => o.number === number);
    const scope = identity.me ? scopeOf(identity.me) : null;
    if (!found || !inScope(scope, found)) {
      say(await this.whereabouts(number));
      return;
    }
    say('');
    const card = await this.deps.cardOf(found.id);
    this.highlight(found.id);
    card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    if (!pressNext) {
      card?.focusNext();
      return;
    }
    if (await this.deps.advance(found)) this.offerUndo(found.id);
    card?.focusNext();
  }

  /** Where an order not on this screen is, as far as this kiosk can know. */
  private async whereabouts(number: number): Promise<string> {
    const { session } = this.deps;
    try {
      const place = await session.api.whereabouts(number);
      if (place.finished) return t('scan.finished', { number });
      if (place.machineId) {
        const name = session.machines.find((m) => m.id === place.machineId)?.name ?? place.machineId;
        return t('scan.atMachine', { number, name });
      }
      if (place.assigneeId) {
        const name = session.users.find((u) => u.id === place.assigneeId)?.name ?? place.assigneeId;
        return t('scan.withPerson', { number, name });
      }
      return t('scan.nowhere', { number });
    } catch (e) {
      const status = (e as { status?: number }).status;
      return status === 404 ? t('scan.unknown', { number }) : t('scan.notHere', { number });
    }
  }

  private highlight(orderId: string): void {
    this.highlighted = orderId;
    if (this.highlightTimer) clearTimeout(this.highlightTimer);
    this.highlightTimer = setTimeout(() => {
      this.highlighted = null;
      this.host.requestUpdate();
    }, HIGHLIGHT_MS);
    this.host.requestUpdate();
  }

  private offerUndo(orderId: string): void {
    this.undoable = { orderId, until: Date.now() + UNDO_MS };
    if (this.undoTimer) clearTimeout(this.undoTimer);
    this.undoTimer = setTimeout(() => {
      this.undoable = null;
      this.host.requestUpdate();
    }, UNDO_MS);
    this.host.requestUpdate();
  }

  /** "Annuler" pressed on the card a scan advanced: back one step, the history says it was a scan's undo. */
  async undo(orderId: string): Promise<void> {
    if (this.undoable?.orderId !== orderId || this.undoable.until < Date.now()) return;
    this.undoable = null;
    if (this.undoTimer) clearTimeout(this.undoTimer);
    this.host.requestUpdate();
    const order = this.deps.session.store.get(orderId);
    if (order) await this.deps.regress(order, t('scan.undoComment'));
  }

  private clearTimers(): void {
    if (this.highlightTimer) clearTimeout(this.highlightTimer);
    if (this.undoTimer) clearTimeout(this.undoTimer);
    this.highlightTimer = this.undoTimer = null;
  }
}
