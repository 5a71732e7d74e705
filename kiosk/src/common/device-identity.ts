import type { Kiosk, KioskOperator, Me } from '../../../shared/schemas/auth.js';
import { ApiError, type Api } from './api.js';
import type { ActionSigner, LocalDb } from './local-db.js';
import { session } from './session.js';

/**
 * The PIN is asked again this long before its turn ends on the server, so that an action sent just
 * before the end is not refused in flight.
 */
const OPERATOR_MARGIN_MS = 15_000;
const LAST_OPERATOR_KEY = 'jalon.lastOperator';
/** An answer asked ahead is used by a verify within this delay (the page's start); later ones ask again. */
const PREFETCH_FRESH_MS = 5000;
/** Set while the server knows this browser (a kiosk, a wall, someone signed in): see `knownBefore`. */
const KNOWN_KEY = 'jalon.known';

/** Whether the server knows this browser now (its answer to `/api/auth/me`, a sign-in or a sign-out). */
export function rememberKnown(known: boolean): void {
  try {
    if (known) localStorage.setItem(KNOWN_KEY, '1');
    else localStorage.removeItem(KNOWN_KEY);
  } catch {
    /* storage refused: the first frame just cannot guess */
  }
}

/**
 * Who this screen is (`GET /api/auth/me`), remembered in IndexedDB so that an offline restart
 * still knows its kiosk, scope and PIN rule; and, on kiosks that ask a PIN, the operator whose
 * PIN currently signs Previous/Next. The server keeps that operator for the kiosk's `pinMinutes`
 * and names them in the history; this side only knows until when to trust it without asking.
 * Emits `change` whenever any of it changes.
 */
export class DeviceIdentity extends EventTarget {
  me: Me | null = null;
  /** Where `me` comes from: nothing yet, the device's memory, or the server just now. */
  source: 'none' | 'cache' | 'server' = 'none';
  /** End of the operator's turn on this device's clock (0: nobody). */
  private operatorUntil = 0;
  /** The question asked ahead (prefetch), answered to the first `verify` that follows soon enough. */
  private asked: { answer: Promise<Me>; at: number } | null = null;

  constructor(
    private readonly api: Api,
    private readonly db: LocalDb,
  ) {
    super();
  }

  /**
   * Whether the server knew this browser last time, read synchronously for the first frame (the
   * answer itself is in IndexedDB, which answers later): a screen never paired draws no filters or
   * scan buttons it will only take away again when the pairing form comes.
   */
  get knownBefore(): boolean {
    if (this.source !== 'none') return this.me !== null;
    try {
      return localStorage.getItem(KNOWN_KEY) === '1';
    } catch {
      return true;
    }
  }

  /** The remembered answer, if any (applied unless the server already answered). */
  async cached(): Promise<Me | null> {
    const me = (await this.db.identity()) ?? null;
    if (me && this.source === 'none') this.set(me, 'cache');
    return me;
  }

  /**
   * Asks the server. Null when it does not know this browser (401: pair the screen, or sign in);
   * the memory is then cleared too. Unreachable server: throws, and the remembered answer stays.
   */
  async verify(): Promise<Me | null> {
    const early = this.asked && Date.now() - this.asked.at < PREFETCH_FRESH_MS ? this.asked.answer : null;
    this.asked = null;
    try {
      const me = await (early ?? this.api.whoami());
      this.set(me, 'server');
      rememberKnown(true);
      void this.db.saveIdentity(this.remembered());
      return me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.me = null;
        this.source = 'server';
        this.operatorUntil = 0;
        rememberKnown(false);
        void this.db.forgetIdentity();
        this.dispatchEvent(new Event('change'));
        return null;
      }
      throw e;
    }
  }

  /**
   * Asks the server now, before the screen is drawn (warm-start.ts): a first start, which has
   * nothing remembered, then does not wait for the device's memory before asking.
   */
  prefetch(): void {
    const answer = this.api.whoami();
    answer.catch(() => undefined); // read by verify, which handles the refusal
    this.asked = { answer, at: Date.now() };
  }

  private set(me: Me, source: DeviceIdentity['source']): void {
    this.me = me;
    this.source = source;
    const until = me.operator ? Date.parse(me.operator.until) : 0;
    this.operatorUntil = Number.isFinite(until) ? until : 0;
    this.dispatchEvent(new Event('change'));
  }

  /** What is written to IndexedDB: the answer, with the operator's end on this device's clock. */
  private remembered(): Me {
    const me = this.me!;
    if (!me.operator) return me;
    return { ...me, operator: this.operatorUntil ? { ...me.operator, until: new Date(this.operatorUntil).toISOString() } : null };
  }

  get isWall(): boolean {
    return this.me?.kind === 'kiosk' && !!this.me.scope && 'wall' in this.me.scope;
  }

  /** This kiosk's Previous/Next need an operator's PIN first. */
  get pinRequired(): boolean {
    return this.me?.kind === 'kiosk' && this.me.requirePin === true;
  }

  /** The operator whose PIN still signs this kiosk's actions, or null when the next action must ask. */
  operator(now = Date.now()): KioskOperator | null {
    const op = this.me?.operator ?? null;
    return op && this.operatorUntil - OPERATOR_MARGIN_MS > now ? op : null;
  }

  /**
   * Who signs an action made or sent now: this screen as the server confirmed it since the last
   * (re)connection and, on a PIN kiosk, the operator. Null until the server has said who we are:
   * a remembered identity may be one the screen no longer has (paired again, revoked).
   */
  signer(): ActionSigner | null {
    const me = this.me;
    if (!me?.id || this.source !== 'server') return null;
    const op = this.pinRequired ? this.operator() : null;
    return { kind: me.kind, id: me.id, scope: JSON.stringify(me.scope ?? null), ...(op ? { operatorId: op.id, operatorName: op.name } : {}) };
  }

  /** The person who typed a PIN here last (chosen first on the keypad next time). */
  get lastOperatorId(): string | null {
    try {
      return localStorage.getItem(LAST_OPERATOR_KEY);
    } catch {
      return null;
    }
  }

  /**
   * `POST /api/kiosks/operator`. Throws the server's refusal as it is (401 invalid_pin, 429 with
   * `retryAfter`) or NetworkError when the server cannot be reached: a PIN is never accepted offline.
   */
  async signIn(userId: string, pin: string): Promise<KioskOperator> {
    const asked = Date.now();
    const op = await this.api.signInOperator(userId, pin);
    // The server's `until` is on its clock. Counted on ours from before the request, the turn
    // ends no later than the server's, whatever the difference between the two clocks.
    this.operatorUntil = asked + (this.me?.pinMinutes ?? 0) * 60_000;
    if (this.me) {
      this.me = { ...this.me, operator: op };
      void this.db.saveIdentity(this.remembered());
    }
    try {
      localStorage.setItem(LAST_OPERATOR_KEY, op.id);
    } catch {
      /* only the keypad's preselection is lost */
    }
    this.dispatchEvent(new Event('change'));
    return op;
  }

  /** The operator leaves: the server stops signing with their name, the next action asks a PIN. */
  async signOut(): Promise<void> {
    await this.api.signOutOperator();
    this.forgetOperator();
  }

  /** The server says the turn is over (`pin_required`): ask again next time. */
  forgetOperator(): void {
    if (!this.me?.operator && !this.operatorUntil) return;
    this.operatorUntil = 0;
    if (this.me) {
      this.me = { ...this.me, operator: null };
      void this.db.saveIdentity(this.me);
    }
    this.dispatchEvent(new Event('change'));
  }
}

/**
 * A kiosk just paired (typed code, QR or demo link), remembered before the page reloads: as what
 * `/api/auth/me` will say of it, so that its first start opens its scope, and as known.
 */
export function rememberPaired(db: LocalDb, kiosk: Kiosk): Promise<void> {
  rememberKnown(true);
  return db.saveIdentity(kioskIdentity(kiosk));
}

/** What `/api/auth/me` will say of a kiosk just paired. */
function kioskIdentity(kiosk: Kiosk): Me {
  return {
    kind: 'kiosk',
    id: kiosk.id,
    name: kiosk.name,
    role: 'operator',
    scope: kiosk.scope,
    requirePin: kiosk.requirePin,
    pinMinutes: kiosk.pinMinutes,
    operator: null,
  };
}

let current: DeviceIdentity | null = null;

/** The page's identity, created on first use, sharing the page session's REST client and memory. */
export function deviceIdentity(): DeviceIdentity {
  const s = session();
  if (!current) {
    const identity = new DeviceIdentity(s.api, s.db);
    current = identity;
    // The queue signs each action with who made it, and is tried again when that changes (a PIN typed).
    s.pendingActions.setSigner(() => identity.signer());
    identity.addEventListener('change', () => void s.pendingActions.flush());
    // Asked again at every reconnection, before the queue is sent under it.
    s.live.addEventListener('live', () => void identity.verify().catch(() => null));
  }
  return current;
}
