import type { FastifyInstance } from 'fastify';
import type { SubscribePayload } from '../../shared/events.js';
import type { Principal } from '../domain/principal.js';
import type { Handshake } from './types.js';

/**
 * Every "who is asking" decision for sockets lives in this file, so that the
 * access-control work changes it alone: the handshake middleware calls
 * `authenticateSocket`, the `subscribe` handler calls `checkSubscription`.
 */

export class SocketAccessError extends Error {
  constructor(
    readonly code: 'unauthenticated' | 'forbidden',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Who is at the other end of a new socket, from its handshake (cookies,
 * headers). Throw a SocketAccessError to refuse the connection.
 *
 * Until sign-in and kiosk pairing land, every socket acts as the workshop
 * itself, exactly like the HTTP placeholder (server/plugins/principal.ts).
 */
export async function authenticateSocket(handshake: Handshake, app: FastifyInstance): Promise<Principal> {
  void handshake;
  void app;
  return { kind: 'system', id: null, name: 'Atelier', role: 'admin' };
}

export type SubscriptionDecision = { ok: true; subscription: SubscribePayload } | { ok: false; code: 'forbidden'; message: string };

/**
 * Whether `principal` may follow `requested`, and what it then follows: a
 * paired kiosk will be narrowed to its own scope (an empty payload means "my
 * scope"). For now everything is allowed as asked.
 */
export function checkSubscription(principal: Principal, requested: SubscribePayload): SubscriptionDecision {
  void principal;
  return { ok: true, subscription: requested };
}
