import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SubscribePayload } from '../../shared/events.js';
import type { OrderFilter } from '../../shared/schemas/order.js';
import { filterOfSubscription, narrowFilter, scopeOf } from '../../shared/scope.js';
import { isEndedBy, type AccessEnded } from '../auth/events.js';
import { isSameOrigin } from '../auth/origin.js';
import type { Principal } from '../domain/principal.js';
import { subscriptionRoom } from './rooms.js';
import type { Handshake, RealtimeServer, RealtimeSocket } from './types.js';

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
  // API tokens are for the ERP's HTTP calls: they never open a live connection (webhooks tell the ERP what moved).
  if (/^Bearer\s/i.test(String(handshake.headers.authorization ?? ''))) {
    throw new SocketAccessError('forbidden', 'API tokens cannot open live connections; use webhooks');
  }
  const header = handshake.headers.cookie;
  const cookies = typeof header === 'string' && header ? app.parseCookie(header) : {};
  const resolved = await app.auth.resolve(cookies);
  if (!resolved) throw new SocketAccessError('unauthenticated', 'Sign in, or pair this screen, first');
  return resolved.principal;
}

export type SubscriptionDecision =
  | { ok: true; filter: OrderFilter; room: string }
  | { ok: false; code: 'forbidden'; message: string };

/**
 * Whether `principal` may follow `requested`, and what it then follows: the
 * request narrowed by the one scope rule (shared/scope.ts), the same as the
 * REST list. A kiosk of machine A (or an operator, for their own orders) gets
 * its scope: an empty payload means "my scope", `step`/`all` apply within
 * it, and asking for another machine or person is refused. The room is the
 * scope's own, whatever else the filter names.
 */
export function checkSubscription(principal: Principal, requested: SubscribePayload): SubscriptionDecision {
  const scope = scopeOf(principal);
  const narrowed = narrowFilter(scope, filterOfSubscription(requested));
  if (!narrowed.ok) return { ok: false, code: 'forbidden', message: narrowed.message };
  return { ok: true, filter: narrowed.filter, room: subscriptionRoom(narrowed.filter, scope) };
}

/** A principal's access as far as a live socket is concerned: who, with which role and scope. */
const accessKey = (p: Principal) => JSON.stringify([p.kind, p.id, p.role, scopeOf(p), p.scope?.wall === true, p.session ?? null]);

/**
 * Checks one live socket's grant again, from the cookie of its handshake,
 * without sliding a session's idle expiry: gone (revoked, signed out,
 * expired, person removed) or changed in role or scope (a supervisor made
 * operator) ends the connection, after `session:ended` says why; the screen
 * then comes back, if it still may, under its new scope. An unchanged grant
 * only refreshes what the socket knows (a PIN turn that ended).
 * Returns true when the socket was ended.
 */
export async function reviewSocket(socket: RealtimeSocket, app: FastifyInstance, reason: string): Promise<boolean> {
  const before = socket.data.principal;
  if (!before || socket.disconnected) return false;
  const header = socket.handshake.headers.cookie;
  const cookies = typeof header === 'string' && header ? app.parseCookie(header) : {};
  const resolved = await app.auth.resolve(cookies, { renew: false });
  if (resolved && accessKey(resolved.principal) === accessKey(before)) {
    socket.data.principal = resolved.principal;
    return false;
  }
  socket.emit('session:ended', { reason: resolved ? 'access_changed' : reason });
  socket.disconnect(true);
  return true;
}

/**
 * Ends, among this node's sockets, the live connections that `ended`
 * concerns and that no longer hold (see reviewSocket). Local sockets only:
 * it needs no other node and no Redis, so it works during an outage; the
 * other nodes are told by live-access.ts.
 */
export async function endLiveAccess(io: RealtimeServer, app: FastifyInstance, ended: AccessEnded, log: FastifyBaseLogger): Promise<number> {
  let count = 0;
  for (const socket of [...io.sockets.sockets.values()]) {
    if (!isEndedBy(socket.data.principal, ended)) continue;
    if (await reviewSocket(socket, app, ended.reason)) count++;
  }
  if (count) log.info({ event: 'sockets_ended', reason: ended.reason, count }, 'security: live connections ended');
  return count;
}
