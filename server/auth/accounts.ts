import type { User } from '../../shared/schemas/people.js';
import type { Principal } from '../domain/principal.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import type { CatalogRepository } from '../store/catalog.js';
import { isDuplicateKey } from '../store/driver-errors.js';
import type { GrantRepository, StoredGrant } from '../store/grants.js';
import type { AccessEvents } from './events.js';
import { hashSecret, newToken, tokenHash, verifySecret } from './secrets.js';

export interface SessionPolicy {
  /** A session ends after this much time without a request. */
  idleMs: number;
  /** ...and in any case this long after sign-in. */
  maxMs: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMs: 12 * 3600_000, maxMs: 7 * 24 * 3600_000 };
const SETUP_LINK_MS = 24 * 3600_000;
export const ADMIN_USERNAME = 'admin';

export interface AccountDeps {
  users: CatalogRepository<Omit<User, 'id'>>;
  grants: GrantRepository;
  events: AccessEvents;
  /** Ends the kiosk turns a person opened with their PIN (the kiosk service's). */
  endPinTurns?: (userId: string) => Promise<void>;
  policy?: SessionPolicy;
  now?: () => number;
}

interface StoredUser {
  _id: string;
  name: string;
  role: User['role'];
  username?: string;
  passwordHash?: string;
  pinHash?: string;
  /** Set after too many wrong PINs in a row: the PIN opens nothing until an admin sets a new one. */
  pinLocked?: { at: string; reason: 'too_many_attempts' } | null;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  user: User;
}

export interface ResolvedSession {
  principal: Principal;
  grantId: string;
  userId: string;
  /** Set when the expiry moved on: the cookie must be sent again with the new lifetime. */
  renewedUntil: Date | null;
}

const userView = (u: StoredUser): User => ({
  id: u._id,
  name: u.name,
  role: u.role,
  ...(u.username ? { username: u.username } : {}),
  ...(u.pinLocked ? { pinLocked: u.pinLocked } : {}),
});

export const userPrincipal = (u: Pick<StoredUser, '_id' | 'name' | 'role'>): Principal => ({
  kind: 'user',
  id: u._id,
  name: u.name,
  role: u.role,
});

/** People: sign-in, sessions, passwords and PINs, the first admin account. */
export function accountService(deps: AccountDeps) {
  const { users, grants, events } = deps;
  const policy = deps.policy ?? defaultSessionPolicy;
  const now = deps.now ?? Date.now;
  let lastPurge = 0;

  const rawUser = async (query: Record<string, unknown>) => (await users.raw(query)) as StoredUser | null;

  async function openSession(user: StoredUser): Promise<SignedIn> {
    const t = now();
    const token = newToken();
    const expiresAt = new Date(t + policy.idleMs);
    await grants.insert({
      _id: tokenHash(token),
      kind: 'session',
      userId: user._id,
      createdAt: new Date(t),
      expiresAt,
      hardExpiresAt: new Date(t + policy.maxMs),
    });
    if (t - lastPurge > 3600_000) {
      lastPurge = t;
      await grants.purgeExpired(new Date(t));
    }
    return { token, expiresAt, user: userView(user) };
  }

  /** Null when the username is unknown, has no password, or the password is wrong (indistinguishable on purpose). */
  async function login(username: string, password: string): Promise<SignedIn | null> {
    const user = await rawUser({ username: username.trim().toLowerCase() });
    const ok = await verifySecret(password, user?.passwordHash);
    if (!user || !ok) return null;
    return openSession(user);
  }

  /**
   * The person behind a session token. `renew: false` (a live socket
   * re-checking its grant) never slides the idle expiry: an open screen is
   * not a request, and must not keep an abandoned session alive.
   */
  async function resolveSession(token: string, opts: { renew?: boolean } = {}): Promise<ResolvedSession | null> {
    const hash = tokenHash(token);
    const t = now();
    const grant: StoredGrant | null = await grants.find(hash, 'session', new Date(t));
    if (!grant?.userId) return null;
    const user = await rawUser({ _id: grant.userId });
    // A person removed since sign-in has no session any more.
    if (!user) {
      await grants.remove(hash);
      return null;
    }
    let renewedUntil: Date | null = null;
    const hard = grant.hardExpiresAt?.getTime() ?? Infinity;
    // Slide the idle expiry once half of it has passed: one write per half-lifetime, not per request.
    if (opts.renew !== false && grant.expiresAt && grant.expiresAt.getTime() - t < policy.idleMs / 2 && grant.expiresAt.getTime() < hard) {
      renewedUntil = new Date(Math.min(t + policy.idleMs, hard));
      await grants.extend(hash, renewedUntil);
    }
    return { principal: { ...userPrincipal(user), session: hash }, grantId: hash, userId: user._id, renewedUntil };
  }

  async function logout(token: string): Promise<{ userId: string } | null> {
    const hash = tokenHash(token);
    const grant = await grants.findAny(hash, 'session');
    if (!grant) return null;
    await grants.remove(hash);
    if (grant.userId) events.emit('access:ended', { userId: grant.userId, session: hash, reason: 'signed_out' });
    return { userId: grant.userId ?? '' };
  }

  function checkPassword(password: string) {
    if (password.trim().length < 8) throw badRequest('weak_password', 'A password needs at least 8 characters');
  }

  /** Sets a person's password and ends their other sessions (all of them unless `keepGrantId`). */
  async function setPassword(userId: string, password: string, keepGrantId?: string): Promise<void> {
    checkPassword(password);
    const user = await rawUser({ _id: userId });
    if (!user) throw notFound('User');
    if (!user.username) throw badRequest('no_username', 'Give this person a username first: it is what they sign in with');
    await users.update(userId, { passwordHash: await hashSecret(password) });
    const ended = await grants.removeForUser(userId, keepGrantId);
    if (ended) events.emit('access:ended', { userId, reason: 'password_changed' });
  }

  async function changeOwnPassword(userId: string, grantId: string, current: string, next: string): Promise<void> {
    const user = await rawUser({ _id: userId });
    if (!user || !(await verifySecret(current, user.passwordHash))) {
      throw new AppError(403, 'wrong_password', 'The current password is not right');
    }
    await setPassword(userId, next, grantId);
  }

  async function setPin(userId: string, pin: string | null): Promise<void> {
    const user = await rawUser({ _id: userId });
    if (!user) throw notFound('User');
    // A new PIN (or none) also lifts a lock: the admin has spoken to the person.
    await users.update(userId, { pinHash: pin === null ? null : await hashSecret(pin), pinLocked: null });
    // A turn opened with the old PIN on a kiosk ends now, before its live screens are checked again.
    await deps.endPinTurns?.(userId);
    events.emit('access:ended', { userId, reason: 'pin_changed' });
  }

  /** The person when the PIN is theirs; null when it is not; refused outright while their PIN is locked. */
  async function verifyPin(userId: string, pin: string): Promise<User | null> {
    const user = await rawUser({ _id: userId });
    if (user?.pinLocked) {
      throw new AppError(403, 'pin_locked', 'This PIN is locked after too many wrong tries: an administrator must set a new one');
    }
    return user && (await verifySecret(pin, user.pinHash)) ? userView(user) : null;
  }

  /** Locks a person's PIN (too many wrong tries): it opens nothing until `setPin`. */
  async function lockPin(userId: string): Promise<void> {
    await users.update(userId, { pinLocked: { at: new Date(now()).toISOString(), reason: 'too_many_attempts' } });
    await deps.endPinTurns?.(userId);
    events.emit('access:ended', { userId, reason: 'pin_changed' });
  }

  /** True until an admin account with a password exists. */
  async function needsSetup(): Promise<boolean> {
    return (await users.count({ role: 'admin', passwordHash: { $ne: null } })) === 0;
  }

  /** The account `admin` with this password (created, or given the password if it exists without one). */
  async function createAdmin(password: string): Promise<StoredUser> {
    checkPassword(password);
    const passwordHash = await hashSecret(password);
    const existing = await rawUser({ username: ADMIN_USERNAME });
    if (existing) {
      await users.update(existing._id, { role: 'admin', passwordHash });
      return { ...existing, role: 'admin', passwordHash };
    }
    // A fixed id: two nodes starting together on an empty database create one admin, not two.
    const id = ADMIN_USERNAME;
    try {
      await users.insert(id, { name: 'Administrateur', role: 'admin', username: ADMIN_USERNAME, passwordHash });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return (await rawUser({ _id: id }))!;
    }
    return { _id: id, name: 'Administrateur', role: 'admin', username: ADMIN_USERNAME, passwordHash };
  }

  /** A fresh one-time setup token (any previous one stops working). */
  async function createSetupToken(): Promise<string> {
    await grants.removeKind('setup');
    const token = newToken();
    const t = now();
    await grants.insert({ _id: tokenHash(token), kind: 'setup', createdAt: new Date(t), expiresAt: new Date(t + SETUP_LINK_MS) });
    return token;
  }

  function completeSetup(token: string, password: string): Promise<SignedIn> {
    // One at a time: two browsers racing with the same link cannot both create the admin.
    return grants.exclusive('setup', () => setupOnce(token, password));
  }

  async function setupOnce(token: string, password: string): Promise<SignedIn> {
    const hash = tokenHash(token);
    if (!(await grants.find(hash, 'setup', new Date(now())))) {
      throw new AppError(401, 'invalid_setup_token', 'This setup link is unknown, used or expired: restart the server for a new one');
    }
    if (!(await needsSetup())) throw conflict('already_set_up', 'An administrator account already exists');
    checkPassword(password);
    // Single use: only the caller that deletes the token goes on.
    if (!(await grants.remove(hash))) {
      throw new AppError(401, 'invalid_setup_token', 'This setup link is unknown, used or expired: restart the server for a new one');
    }
    return openSession(await createAdmin(password));
  }

  return {
    login,
    logout,
    resolveSession,
    setPassword,
    changeOwnPassword,
    setPin,
    verifyPin,
    lockPin,
    needsSetup,
    createAdmin,
    createSetupToken,
    completeSetup,
  };
}
export type AccountService = ReturnType<typeof accountService>;
