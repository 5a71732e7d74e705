import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AccessEnded } from '../auth/events.js';
import type { RedisLink } from './redis-adapter.js';
import { endLiveAccess, reviewSocket } from './socket-access.js';
import type { RealtimeServer } from './types.js';

export interface LiveAccessOptions {
  /** Every socket's grant is checked again this often: the backstop for whatever no event announced (expiry). */
  recheckMs: number;
}

export const defaultLiveAccess: LiveAccessOptions = { recheckMs: 60_000 };

export interface LiveAccess {
  /** Ends (on this node at once, then on the others) the live connections that `ended` withdraws. */
  ended(ended: AccessEnded): Promise<number>;
  /** Checks every socket of this node again; the number ended. */
  recheckAll(): Promise<number>;
  /** The Redis link is back: the other nodes are told what they missed meanwhile. */
  recovered(): void;
  stop(): void;
}

/**
 * Live access follows the person. When access is withdrawn or changed, this
 * node's own sockets are checked first — that needs neither Redis nor any
 * other node, so a revocation cuts local screens even during an outage —
 * then the other nodes are told (`serverSideEmit` through the Redis adapter)
 * and check theirs. A change made while the link is down is kept and sent
 * when it comes back (the adapter itself drops what it cannot publish).
 * Every socket is also checked again every `recheckMs`, which ends expired
 * sessions and catches anything a node missed (a node down at the time).
 */
export function followLiveAccess(
  io: RealtimeServer,
  app: FastifyInstance,
  redis: RedisLink | null,
  log: FastifyBaseLogger,
  opts: LiveAccessOptions = defaultLiveAccess,
): LiveAccess {
  const untold: AccessEnded[] = [];
  const local = (ended: AccessEnded) =>
    endLiveAccess(io, app, ended, log).catch((err: unknown) => {
      log.error({ err, ended }, 'security: could not end live connections');
      return 0;
    });

  function tellOthers(ended: AccessEnded) {
    if (!redis) return;
    if (redis.ready()) io.serverSideEmit('access:ended', ended);
    else untold.push(ended);
  }

  io.on('access:ended', (ended) => void local(ended));

  let running = false;
  async function recheckAll(): Promise<number> {
    // One sweep at a time, one socket at a time: a slow database is not flooded by the backstop.
    if (running) return 0;
    running = true;
    let count = 0;
    try {
      for (const socket of [...io.sockets.sockets.values()]) {
        try {
          if (await reviewSocket(socket, app, 'access_expired')) count++;
        } catch (err) {
          // The database is away: the grant cannot be checked now; the next sweep will.
          log.warn({ err }, 'security: could not check a live connection again');
          break;
        }
      }
    } finally {
      running = false;
    }
    if (count) log.info({ event: 'sockets_ended', reason: 'recheck', count }, 'security: live connections ended');
    return count;
  }

  const timer = setInterval(() => void recheckAll(), opts.recheckMs);
  timer.unref();

  return {
    async ended(ended) {
      const count = await local(ended);
      tellOthers(ended);
      return count;
    },
    recheckAll,
    recovered() {
      for (const ended of untold.splice(0)) io.serverSideEmit('access:ended', ended);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
