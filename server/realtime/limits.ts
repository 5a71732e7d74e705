import type { FastifyBaseLogger } from 'fastify';
import { errorAck } from './payloads.js';
import type { RealtimeServer, RealtimeSocket } from './types.js';

export interface SocketLimits {
  /** Largest incoming message, in bytes (engine.io closes the connection beyond it). */
  maxMessageBytes: number;
  /** Events a socket may send in a burst, and how many it earns back per second. */
  burstEvents: number;
  eventsPerSecond: number;
  /** Packets waiting for a socket's transport before it counts as stalled and is cut off. */
  maxQueuedPackets: number;
  /** How often the stalled sockets are looked for. */
  sweepIntervalMs: number;
}

/**
 * A screen sends two events per connection (subscribe, resync) and one per
 * change of filter: thirty at once and five a second is far above any honest
 * use. 16 KB is a hundred times the largest subscribe payload.
 */
export const defaultSocketLimits: SocketLimits = {
  maxMessageBytes: 16 * 1024,
  burstEvents: 30,
  eventsPerSecond: 5,
  maxQueuedPackets: 1000,
  sweepIntervalMs: 1000,
};

const KNOWN_EVENTS = new Set(['subscribe', 'resync']);

/**
 * Per-socket event budget (token bucket). A socket that spends it is
 * disconnected: a flooder must not cost the server more than a connection.
 * Unknown events are answered with an error when they carry an
 * acknowledgement, and dropped either way.
 */
export function limitIncomingEvents(socket: RealtimeSocket, limits: SocketLimits, log: FastifyBaseLogger, now = Date.now): void {
  let tokens = limits.burstEvents;
  let last = now();
  socket.use(([event, ...args], next) => {
    const t = now();
    tokens = Math.min(limits.burstEvents, tokens + ((t - last) / 1000) * limits.eventsPerSecond);
    last = t;
    if (tokens < 1) {
      log.warn({ socket: socket.id, address: socket.handshake.address }, 'socket disconnected: too many events');
      socket.disconnect(true);
      return;
    }
    tokens -= 1;
    if (!KNOWN_EVENTS.has(event)) {
      const ack: unknown = args[args.length - 1];
      if (typeof ack === 'function') (ack as (reply: unknown) => void)(errorAck('unknown_event', `Unknown event "${String(event)}"`));
      return;
    }
    next();
  });
}

/**
 * Cuts off the sockets that cannot keep up. Socket.IO queues each socket's
 * packets separately, so a stalled screen never delays the others, but its
 * queue would grow without bound. A socket counts as stalled when more than
 * `maxQueuedPackets` wait for it at two sweeps in a row without the queue
 * shrinking in between (a healthy screen catching up with a burst drains
 * it). Its transport is then closed (not a server-side disconnect, which
 * would stop its reconnection): it reconnects, subscribes and resyncs like
 * after any network loss. Returns the function that stops sweeping.
 */
export function cutOffStalledSockets(io: RealtimeServer, limits: SocketLimits, log: FastifyBaseLogger): () => void {
  let previous = new Map<string, number>();
  const timer = setInterval(() => {
    const seen = new Map<string, number>();
    for (const socket of io.of('/').sockets.values()) {
      // engine.io keeps the packets a transport has not taken yet in `writeBuffer` (not in its public types).
      const queued = (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
      if (queued <= limits.maxQueuedPackets) continue;
      const before = previous.get(socket.id);
      if (before !== undefined && queued >= before) {
        log.warn({ socket: socket.id, queued }, 'socket cut off: it does not keep up with the changes');
        socket.conn.close(true);
      } else {
        seen.set(socket.id, queued);
      }
    }
    previous = seen;
  }, limits.sweepIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
