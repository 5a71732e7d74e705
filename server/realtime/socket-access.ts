import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SubscribePayload } from '../../shared/events.js';
import { isEndedBy, type AccessEnded } from '../auth/events.js';
import { isSameOrigin } from '../auth/origin.js';
import { orderScope } from '../domain/order-access.js';
import type { Principal } from '../domain/principal.js';
import type { Handshake, RealtimeServer } from './types.js';

/**
 * Every "who is asking" decision for sockets lives in this file: the
 * handshake middleware calls `authenticateSocket`, the `subscribe` handler
 * calls `checkSubscription`, and the realtime plugin calls `endLiveAccess`
 * when access is withdrawn. What a socket may see of an order in a `resync`
 * answer is `canSeeOrder`, the rule of the HTTP routes.
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
 * Who is at the other end of a new socket: the same session or device
 * cookie as over HTTP, read from the handshake headers, looked up the same
 * way. Refused when nobody is recognised, and when the handshake comes from
 * a page of another site (WebSockets are not subject to CORS).
 */
export async function authenticateSocket(handshake: Handshake, app: FastifyInstance): Promise<Principal> {
  if (!isSameOrigin(handshake.headers.origin, handshake.headers.host, new URL(app.config.publicUrl).origin)) {
    throw new SocketAccessError('forbidden', 'Connections from another site are not accepted');
  }
  const header = handshake.headers.cookie;
  const cookies = typeof header === 'string' && header ? app.parseCookie(header) : {};
  const resolved = await app.auth.resolve(cookies);
  if (!resolved) throw new SocketAccessError('unauthenticated', 'Sign in, or pair this screen, first');
  return resolved.principal;
}

export type SubscriptionDecision = { ok: true; subscription: SubscribePayload } | { ok: false; code: 'forbidden'; message: string };

/**
 * Whether `principal` may follow `requested`, and what it then follows. A
 * kiosk of machine A (or an operator, for their own orders) is narrowed to
 * its scope: an empty payload means "my scope", `step`/`all` apply within
 * it, and asking for another machine or person is refused. Supervisors,
 * admins and wall screens follow what they ask.
 */
export function checkSubscription(principal: Principal, requested: SubscribePayload): SubscriptionDecision {
  const scope = orderScope(principal);
  if (!scope) return { ok: true, subscription: requested };
  if ('machineId' in scope) {
    if (requested.machine !== undefined && requested.machine !== scope.machineId) {
      return { ok: false, code: 'forbidden', message: 'This screen only follows the orders of its own machine' };
    }
    return { ok: true, subscription: { ...requested, machine: scope.machineId } };
  }
  if (requested.assignee !== undefined && requested.assignee !== scope.assigneeId) {
    return { ok: false, code: 'forbidden', message: 'This screen only follows the orders of its own person' };
  }
  return { ok: true, subscription: { ...requested, assignee: scope.assigneeId } };
}

/**
 * Ends, on every node, the live connections that `ended` withdraws: each
 * gets `session:ended` first (so the screen can say why), then is
 * disconnected; its reconnection is then refused at the handshake.
 */
export async function endLiveAccess(io: RealtimeServer, ended: AccessEnded, log: FastifyBaseLogger): Promise<number> {
  const sockets = await io.fetchSockets();
  let count = 0;
  for (const socket of sockets) {
    if (!isEndedBy(socket.data.principal, ended)) continue;
    socket.emit('session:ended', { reason: ended.reason });
    socket.disconnect(true);
    count++;
  }
  if (count) log.info({ event: 'sockets_ended', reason: ended.reason, count }, 'security: live connections ended');
  return count;
}
