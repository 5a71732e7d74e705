import { EventEmitter } from 'node:events';
import type { Principal } from '../domain/principal.js';

/**
 * Access withdrawn or changed after a committed change: a kiosk revoked or
 * re-paired; a person signed out, given a new password, a new role or a new
 * PIN, or removed. Live connections of whoever is named are checked again at
 * once (Socket.IO: ended with `session:ended` when the grant is gone or its
 * scope changed); HTTP requests see the change at their next request anyway.
 */
export type AccessEnded =
  | { kioskId: string; reason: 'kiosk_revoked' | 'kiosk_repaired' }
  | { userId: string; session?: string; reason: 'signed_out' | 'password_changed' | 'role_changed' | 'person_removed' | 'pin_changed' };

interface AccessEventMap {
  'access:ended': [AccessEnded];
}

export class AccessEvents extends EventEmitter<AccessEventMap> {}

/**
 * Whether a live connection made by `p` is one that `ended` concerns: the
 * kiosk itself, the person's own sessions (one of them for a sign-out), and
 * for a PIN change or a removal also the kiosks where that person's PIN turn
 * is open.
 */
export function isEndedBy(p: Principal | undefined, ended: AccessEnded): boolean {
  if (!p) return false;
  if ('kioskId' in ended) return p.kind === 'kiosk' && p.id === ended.kioskId;
  if ((ended.reason === 'pin_changed' || ended.reason === 'person_removed') && p.kind === 'kiosk') return p.operator?.id === ended.userId;
  if (p.kind !== 'user' || p.id !== ended.userId) return false;
  return ended.session === undefined || p.session === ended.session;
}
