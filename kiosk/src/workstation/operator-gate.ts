import type { User } from '../../../shared/schemas/people.js';
import type { DeviceIdentity } from '../common/device-identity.js';
import { t } from '../common/locale.js';
import type { Session } from '../common/session.js';

/** What the keypad is given. */
export interface PinRequest {
  /** The people who may type a PIN here (the server checks the PIN against the one chosen). */
  people: User[];
  /** Who is chosen first: the kiosk's person, or whoever typed a PIN here last. */
  preselect: string | null;
  /** How long the PIN stays valid on this kiosk, said to the operator. */
  minutes: number;
  /** Sends the PIN; rejects with the server's refusal (ApiError) or NetworkError. */
  signIn: (userId: string, pin: string) => Promise<unknown>;
}

/** What the gate needs from the view: the keypad, and a place to say a sentence. */
export interface OperatorGateHost {
  askPin(request: PinRequest): Promise<boolean>;
  say(sentence: string): void;
}

/**
 * On a kiosk that asks a PIN, stands before Previous/Next: true once an operator's PIN signs the
 * actions. The last operator's turn is reused while it lasts, online or not: the server still holds
 * it and names that person when the queued action arrives. Without a turn, a PIN can only be
 * checked online, so offline the action is refused with a sentence rather than queued unsigned
 * (the server would refuse it on replay, or worse, sign it with whoever types a PIN next).
 */
export class OperatorGate {
  constructor(
    private readonly identity: DeviceIdentity,
    private readonly session: Session,
    private readonly host: OperatorGateHost,
  ) {}

  async ready(): Promise<boolean> {
    const id = this.identity;
    if (!id.pinRequired || id.operator()) return true;
    return this.ask();
  }

  /**
   * The keypad on `userId`'s name, even while another operator's turn lasts: the queue holds
   * actions of theirs that only their PIN may send.
   */
  offerTurn(userId: string): Promise<boolean> {
    return this.ask(userId);
  }

  private async ask(preselect?: string): Promise<boolean> {
    const id = this.identity;
    if (this.session.live.state === 'offline') {
      this.host.say(t('pin.offline'));
      return false;
    }
    const scope = id.me?.scope;
    // Operators first: they are the ones at the machines; then everyone else, by name.
    const people = [...this.session.users].sort(
      (a, b) => Number(b.role === 'operator') - Number(a.role === 'operator') || a.name.localeCompare(b.name, 'fr'),
    );
    const ok = await this.host.askPin({
      people,
      preselect: preselect ?? (scope && 'assigneeId' in scope ? scope.assigneeId : id.lastOperatorId),
      minutes: id.me?.pinMinutes ?? 0,
      signIn: (userId, pin) => id.signIn(userId, pin),
    });
    if (ok) this.host.say('');
    return ok;
  }

  /** Hands the kiosk over: the server forgets the operator, then the next one types their PIN. */
  async handOver(): Promise<void> {
    try {
      await this.identity.signOut();
    } catch {
      this.host.say(t('pin.offline'));
      return;
    }
    await this.ready();
  }
}
