import type { Kiosk, KioskCreate, KioskOperator, KioskScope, KioskUpdate, KioskWithCode } from '../../shared/schemas/auth.js';
import type { Principal } from '../domain/principal.js';
import { AppError, badRequest, notFound, unprocessable } from '../errors.js';
import { newId } from '../services/orders.js';
import { isDuplicateKey } from '../store/driver-errors.js';
import type { GrantRepository } from '../store/grants.js';
import type { KioskRepository, StoredKiosk } from '../store/kiosks.js';
import type { AccessEvents } from './events.js';
import { newPairingCode, newToken, tokenHash } from './secrets.js';

export const PAIRING_CODE_MS = 10 * 60_000;
/** lastSeenAt is written at most this often per kiosk. */
const SEEN_EVERY_MS = 10 * 60_000;

export interface KioskDeps {
  kiosks: KioskRepository;
  grants: GrantRepository;
  events: AccessEvents;
  machineExists: (id: string) => Promise<boolean>;
  userExists: (id: string) => Promise<boolean>;
  verifyPin: (userId: string, pin: string) => Promise<{ id: string; name: string } | null>;
  now?: () => number;
}

export interface ResolvedDevice {
  principal: Principal;
  kiosk: StoredKiosk;
  /** True when the device cookie should be sent again (its lifetime starts over). */
  refresh: boolean;
}

/** The code's grant id: a 6-digit code is tied to its purpose before hashing. */
const pairingId = (code: string) => tokenHash(`pairing:${code}`);
const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function kioskView(k: StoredKiosk): Kiosk {
  return {
    id: k._id,
    name: k.name,
    scope: scopeOf(k.scope),
    requirePin: k.requirePin,
    pinMinutes: k.pinMinutes,
    paired: k.pairedAt !== null,
    pairedAt: iso(k.pairedAt),
    pairingExpiresAt: k.pairedAt ? null : iso(k.pairingExpiresAt),
    lastSeenAt: iso(k.lastSeenAt),
    createdAt: iso(k.createdAt)!,
  };
}

function scopeOf(s: StoredKiosk['scope']): KioskScope {
  if (s.machineId) return { machineId: s.machineId };
  if (s.assigneeId) return { assigneeId: s.assigneeId };
  return { wall: true };
}

/** Kiosks: created by an admin with a scope, paired once by code, then trusted through their device cookie. */
export function kioskService(deps: KioskDeps) {
  const { kiosks, grants, events } = deps;
  const now = deps.now ?? Date.now;
  const lane = <T>(id: string, task: () => Promise<T>) => kiosks.exclusive(id, task);

  async function mustGet(id: string): Promise<StoredKiosk> {
    const k = await kiosks.get(id);
    if (!k) throw notFound('Kiosk');
    return k;
  }

  async function checkScope(scope: KioskScope) {
    if ('machineId' in scope && !(await deps.machineExists(scope.machineId))) {
      throw unprocessable('unknown_machine', `Machine "${scope.machineId}" does not exist`);
    }
    if ('assigneeId' in scope && !(await deps.userExists(scope.assigneeId))) {
      throw unprocessable('unknown_user', `User "${scope.assigneeId}" does not exist`);
    }
  }

  /** A new single-use code for `id`; any earlier code or paired device of this kiosk stops working. */
  async function issueCode(id: string): Promise<{ code: string; expiresAt: Date }> {
    const removed = await grants.removeForKiosk(id);
    const t = now();
    const expiresAt = new Date(t + PAIRING_CODE_MS);
    // Codes are drawn from a million; retry on the rare clash with another kiosk's pending code.
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = newPairingCode();
      const gid = pairingId(code);
      const clash = await grants.findAny(gid, 'pairing');
      if (clash) {
        if (clash.expiresAt && clash.expiresAt.getTime() > t) continue;
        await grants.remove(gid);
      }
      try {
        await grants.insert({ _id: gid, kind: 'pairing', kioskId: id, createdAt: new Date(t), expiresAt });
      } catch (e) {
        if (isDuplicateKey(e)) continue;
        throw e;
      }
      await kiosks.update(id, { pairingExpiresAt: expiresAt, pairedAt: null, operator: null });
      if (removed) events.emit('access:ended', { kioskId: id, reason: 'kiosk_repaired' });
      return { code, expiresAt };
    }
    throw new AppError(503, 'no_pairing_code', 'No free pairing code right now; try again in a minute');
  }

  async function create(input: KioskCreate): Promise<KioskWithCode> {
    if (!input.name.trim()) throw badRequest('empty_name', 'The kiosk needs a name');
    await checkScope(input.scope);
    const id = newId();
    const scope = input.scope;
    await kiosks.insert({
      _id: id,
      name: input.name.trim(),
      scope: 'machineId' in scope ? { machineId: scope.machineId } : 'assigneeId' in scope ? { assigneeId: scope.assigneeId } : { wall: true },
      requirePin: input.requirePin ?? false,
      pinMinutes: input.pinMinutes ?? 5,
      createdAt: new Date(now()),
      pairingExpiresAt: null,
      pairedAt: null,
      lastSeenAt: null,
      operator: null,
    });
    const { code, expiresAt } = await lane(id, () => issueCode(id));
    return { kiosk: kioskView(await mustGet(id)), pairingCode: code, expiresAt: expiresAt.toISOString() };
  }

  async function newCode(id: string): Promise<KioskWithCode> {
    await mustGet(id);
    const { code, expiresAt } = await lane(id, () => issueCode(id));
    return { kiosk: kioskView(await mustGet(id)), pairingCode: code, expiresAt: expiresAt.toISOString() };
  }

  async function update(id: string, input: KioskUpdate): Promise<Kiosk> {
    const set: Partial<StoredKiosk> = { name: input.name.trim() };
    if (input.requirePin !== undefined) set.requirePin = input.requirePin;
    if (input.pinMinutes !== undefined) set.pinMinutes = input.pinMinutes;
    if (!set.name) throw badRequest('empty_name', 'The kiosk needs a name');
    const k = await lane(id, () => kiosks.update(id, set));
    if (!k) throw notFound('Kiosk');
    return kioskView(k);
  }

  /** Revokes the kiosk: its device token and pending code stop working now, its live screens are cut. */
  async function revoke(id: string): Promise<StoredKiosk> {
    return lane(id, async () => {
      const k = await mustGet(id);
      await grants.removeForKiosk(id);
      await kiosks.remove(id);
      events.emit('access:ended', { kioskId: id, reason: 'kiosk_revoked' });
      return k;
    });
  }

  /**
   * Exchanges a pairing code for a device token. Wrong, used and expired codes
   * are refused alike (401) but with their own code, so the screen can say
   * which; a code works once, even for two screens sending it together.
   */
  async function pair(code: string): Promise<{ token: string; kiosk: StoredKiosk }> {
    const gid = pairingId(code);
    const grant = await grants.findAny(gid, 'pairing');
    if (!grant?.kioskId) throw new AppError(401, 'invalid_pairing_code', 'This pairing code is unknown or was already used');
    const kioskId = grant.kioskId;
    return lane(kioskId, async () => {
      const t = now();
      if (grant.expiresAt && grant.expiresAt.getTime() <= t) {
        await grants.remove(gid);
        throw new AppError(401, 'pairing_code_expired', 'This pairing code has expired: ask for a new one');
      }
      // Inside the kiosk's lane, the one request that deletes the code wins; a second one finds nothing.
      if (!(await grants.remove(gid))) {
        throw new AppError(401, 'invalid_pairing_code', 'This pairing code is unknown or was already used');
      }
      const kiosk = await kiosks.get(kioskId);
      if (!kiosk) throw new AppError(401, 'invalid_pairing_code', 'This pairing code is unknown or was already used');
      const token = newToken();
      await grants.insert({ _id: tokenHash(token), kind: 'device', kioskId, createdAt: new Date(t), expiresAt: null });
      const paired = await kiosks.update(kioskId, { pairedAt: new Date(t), pairingExpiresAt: null, lastSeenAt: new Date(t) });
      return { token, kiosk: paired ?? kiosk };
    });
  }

  function principalOf(k: StoredKiosk, t: number): Principal {
    const operator = k.operator && new Date(k.operator.until).getTime() > t ? { id: k.operator.userId, name: k.operator.name } : undefined;
    return {
      kind: 'kiosk',
      id: k._id,
      name: k.name,
      role: 'operator',
      scope: scopeOf(k.scope),
      ...(operator ? { operator } : {}),
    };
  }

  async function resolveDevice(token: string): Promise<ResolvedDevice | null> {
    const t = now();
    const grant = await grants.find(tokenHash(token), 'device', new Date(t));
    if (!grant?.kioskId) return null;
    const kiosk = await kiosks.get(grant.kioskId);
    if (!kiosk) return null;
    const seen = kiosk.lastSeenAt ? new Date(kiosk.lastSeenAt).getTime() : 0;
    const refresh = t - seen > SEEN_EVERY_MS;
    if (refresh) await kiosks.update(kiosk._id, { lastSeenAt: new Date(t) });
    return { principal: principalOf(kiosk, t), kiosk, refresh };
  }

  /** An operator types their PIN on a kiosk: Previous/Next are theirs for `pinMinutes`. */
  async function signInOperator(kioskId: string, userId: string, pin: string): Promise<{ id: string; name: string; until: Date } | null> {
    const person = await deps.verifyPin(userId, pin);
    if (!person) return null;
    return lane(kioskId, async () => {
      const k = await mustGet(kioskId);
      const until = new Date(now() + k.pinMinutes * 60_000);
      await kiosks.update(kioskId, { operator: { userId: person.id, name: person.name, until } });
      return { id: person.id, name: person.name, until };
    });
  }

  /** A kiosk as it sees itself: its settings and the operator whose PIN is still valid. */
  async function current(id: string): Promise<{ kiosk: Kiosk; operator: KioskOperator | null }> {
    const k = await mustGet(id);
    const op = k.operator && new Date(k.operator.until).getTime() > now() ? k.operator : null;
    return { kiosk: kioskView(k), operator: op ? { id: op.userId, name: op.name, until: iso(op.until)! } : null };
  }

  async function signOutOperator(kioskId: string): Promise<void> {
    await lane(kioskId, () => kiosks.update(kioskId, { operator: null }));
  }

  /** Voids every pending pairing code (too many wrong codes overall): admins issue new ones. */
  async function voidPendingCodes(): Promise<number> {
    const voided = await grants.removeKind('pairing');
    for (const k of await kiosks.list()) {
      if (!k.pairedAt && k.pairingExpiresAt) await lane(k._id, () => kiosks.update(k._id, { pairingExpiresAt: null }));
    }
    return voided;
  }

  /** Ends every kiosk turn of a person (new PIN, removal): Previous/Next ask for a PIN again. */
  async function endTurnsOf(userId: string): Promise<void> {
    for (const k of await kiosks.list()) {
      if (k.operator?.userId !== userId) continue;
      await lane(k._id, async () => {
        const fresh = await kiosks.get(k._id);
        if (fresh?.operator?.userId === userId) await kiosks.update(k._id, { operator: null });
      });
    }
  }

  return {
    list: async () => (await kiosks.list()).map(kioskView),
    get: async (id: string) => kioskView(await mustGet(id)),
    current,
    create,
    newCode,
    update,
    revoke,
    pair,
    resolveDevice,
    signInOperator,
    signOutOperator,
    endTurnsOf,
    voidPendingCodes,
  };
}
export type KioskService = ReturnType<typeof kioskService>;
