import { EventEmitter } from 'node:events';
import type { Principal } from '../domain/principal.js';

/**
 * Access withdrawn after a committed change: a kiosk revoked or re-paired, a
 * person signed out, a password changed. Live connections of whoever is
 * named must end now (Socket.IO: `session:ended`, then disconnect).
 */
export type AccessEnded =
  | { kioskId: string; reason: 'kiosk_revoked' | 'kiosk_repaired' }
  | { userId: string; session?: string; reason: 'signed_out' | 'password_changed' };

interface AccessEventMap {
  'access:ended': [AccessEnded];
}

export class AccessEvents extends EventEmitter<AccessEventMap> {}

/** Whether a live connection made by `p` is one that `ended` cuts. */
export function isEndedBy(p: Principal | undefined, ended: AccessEnded): boolean {
  if (!p) return false;
  if ('kioskId' in ended) return p.kind === 'kiosk' && p.id === ended.kioskId;
  if (p.kind !== 'user' || p.id !== ended.userId) return false;
  return ended.session === undefined || p.session === ended.session;
}
