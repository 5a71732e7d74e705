import type { FastifyBaseLogger } from 'fastify';
import type { RealtimeServer } from './types.js';

/**
 * Has every screen connected to this node reconnect, spread over `spreadMs`
 * so that a node's screens do not all ask for their snapshot in the same
 * instant. Only the transport is closed: the client sees a network loss,
 * reconnects by itself, subscribes and resyncs (a server-side `disconnect()`
 * would stop its reconnection). A request arriving while a round is under
 * way adds nothing: every screen connected before it is in that round, and
 * the ones that connect later read the database after the missed change.
 */
export function screenBouncer(io: RealtimeServer, log: FastifyBaseLogger, spreadMs: number) {
  let pending: NodeJS.Timeout[] = [];

  function bounce(reason: string): void {
    if (pending.length) return;
    const sockets = [...io.of('/').sockets.values()];
    log.info({ reason, screens: sockets.length }, 'realtime: screens reconnect to resync');
    if (!sockets.length) return;
    let left = sockets.length;
    pending = sockets.map((socket) => {
      const t = setTimeout(() => {
        socket.conn.close();
        if (--left === 0) pending = [];
      }, Math.random() * spreadMs);
      t.unref();
      return t;
    });
  }

  function stop(): void {
    for (const t of pending) clearTimeout(t);
    pending = [];
  }

  return { bounce, stop };
}
