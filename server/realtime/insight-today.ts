import type { InsightToday } from '../../shared/events.js';
import type { Principal } from '../domain/principal.js';
import type { RealtimeServer, RealtimeSocket } from './types.js';

/** Sockets told today's finished / late: supervisors' and walls' subscriptions. */
export const INSIGHT_ROOM = 'insight';

/** The one insight a screen gets over its socket: people who read insight, and walls (their day strip). */
export const readsToday = (p: Principal | undefined) =>
  !!p && ((p.kind === 'user' && (p.role === 'supervisor' || p.role === 'admin')) || (p.kind === 'kiosk' && p.scope?.wall === true));

/**
 * After a subscription's snapshot: a socket that may read today's figures
 * (whatever it subscribed to: a wall shows its day strip without asking for
 * the finished orders themselves) joins the insight room and gets them at once.
 */
export async function afterSubscribe(socket: RealtimeSocket, today: () => Promise<InsightToday>): Promise<void> {
  if (readsToday(socket.data.principal)) {
    await socket.join(INSIGHT_ROOM);
    socket.emit('insight:today', await today());
  } else {
    await socket.leave(INSIGHT_ROOM);
  }
}

/** Whenever an order finishes or leaves the final step (services/insight.ts onToday). */
export const broadcastToday = (io: RealtimeServer, t: InsightToday) => io.to(INSIGHT_ROOM).emit('insight:today', t);
