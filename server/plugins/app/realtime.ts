import fp from 'fastify-plugin';
import { Server, type ExtendedError } from 'socket.io';
import type { AccessEnded } from '../../auth/events.js';
import { screenBouncer } from '../../realtime/bounce.js';
import { startBroadcaster } from '../../realtime/broadcaster.js';
import { cutOffStalledSockets, defaultSocketLimits, limitIncomingEvents, type SocketLimits } from '../../realtime/limits.js';
import { defaultLiveAccess, followLiveAccess, type LiveAccess, type LiveAccessOptions } from '../../realtime/live-access.js';
import { afterSubscribe, broadcastToday } from '../../realtime/insight-today.js';
import { registerOrderHandlers } from '../../realtime/order-handlers.js';
import { connectRedisAdapter, type RedisLink } from '../../realtime/redis-adapter.js';
import { defaultResyncLimits, type ResyncLimits, type ResyncSource } from '../../realtime/resync.js';
import { authenticateSocket, SocketAccessError } from '../../realtime/socket-access.js';
import type { RealtimeServer } from '../../realtime/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    io: RealtimeServer;
    /** Live access following the person: what ends sockets when access is withdrawn, and the periodic re-check. */
    liveAccess: LiveAccess;
  }
}

export interface RealtimeOptions {
  limits?: Partial<SocketLimits>;
  resync?: Partial<ResyncLimits>;
  /** Over how long the screens of a node are made to reconnect after a Redis outage. */
  bounceSpreadMs?: number;
  liveAccess?: Partial<LiveAccessOptions>;
}

/**
 * Socket.IO on the Fastify server (default namespace): handshake → principal,
 * per-socket limits, order handlers, and the broadcaster relaying the change
 * feed. With REDIS_URL, broadcasts cross nodes through Redis Streams. See
 * server/realtime/README.md for transports and load balancing.
 */
export default fp<RealtimeOptions>(
  async (fastify, opts) => {
    const limits: SocketLimits = { ...defaultSocketLimits, ...opts.limits };
    const resyncLimits: ResyncLimits = { ...defaultResyncLimits, ...opts.resync };
    const log = fastify.log.child({ module: 'realtime' });

    let onRedisRecovered = () => {};
    let redis: RedisLink | null = null;
    if (fastify.config.redisUrl) {
      redis = await connectRedisAdapter({ url: fastify.config.redisUrl, log, onRecovered: () => onRedisRecovered() });
    }

    const io: RealtimeServer = new Server(fastify.server, {
      serveClient: false,
      maxHttpBufferSize: limits.maxMessageBytes,
      ...(redis ? { adapter: redis.adapter } : {}),
    });

    const bouncer = screenBouncer(io, log, opts.bounceSpreadMs ?? 2000);
    const liveAccess = followLiveAccess(io, fastify, redis, fastify.log, { ...defaultLiveAccess, ...opts.liveAccess });
    if (redis) {
      onRedisRecovered = () => {
        liveAccess.recovered();
        bouncer.bounce('Redis link back');
        // The other nodes may have missed this node's changes while it was cut off.
        io.serverSideEmit('screens:resync');
      };
      io.on('screens:resync', () => bouncer.bounce('another node was cut off from Redis'));
    }

    // socket.io does not await middleware: the promise is settled here, both ways.
    io.use((socket, next) => {
      authenticateSocket(socket.handshake, fastify).then(
        (principal) => {
          socket.data.principal = principal;
          next();
        },
        (e: unknown) => {
          const refused = e instanceof SocketAccessError;
          if (!refused) log.error({ err: e }, 'socket handshake failed');
          const err: ExtendedError = new Error(refused ? e.message : 'The server could not check who you are; try again');
          err.data = { code: refused ? e.code : 'internal_error' };
          next(err);
        },
      );
    });

    const { repos, services } = fastify;
    const source: ResyncSource = {
      currentSeq: () => repos.counters.current('seq'),
      changedSince: (seq, limit) => repos.orders.changedSince(seq, limit),
      removedSince: (seq, limit) => repos.orders.removedSince(seq, limit),
      settings: () => services.settings.get(),
      view: (order, settings) => services.orders.view(order, settings),
      snapshot: (filter) => services.orders.list(filter),
    };
    io.on('connection', (socket) => {
      limitIncomingEvents(socket, limits, log);
      registerOrderHandlers(socket, {
        source,
        limits: resyncLimits,
        log,
        afterSubscribe: (s) => afterSubscribe(s, async () => services.insight.todayCount(await services.settings.get())),
      });
    });

    // Withdrawn or changed access (revocation, sign-out, new password, role or PIN, removal) ends the
    // live connections concerned, on this node at once and then on the others.
    const onAccessEnded = (ended: AccessEnded) => void liveAccess.ended(ended);
    fastify.auth.events.on('access:ended', onAccessEnded);
    // People are changed through the catalogue: a removed person's kiosk turns end before their screens are checked.
    const onPersonChanged = ({ id, role }: { id: string; role: string | null }) => {
      const turns = role === null ? fastify.auth.kiosks.endTurnsOf(id) : Promise.resolve();
      void turns
        .catch((err: unknown) => fastify.log.error({ err, id }, 'security: could not end the kiosk turns of a removed person'))
        .finally(() => fastify.auth.events.emit('access:ended', { userId: id, reason: role === null ? 'person_removed' : 'role_changed' }));
    };
    fastify.feed.on('person:changed', onPersonChanged);

    const stopBroadcasting = startBroadcaster(io, fastify.feed, log);
    const stopSweeping = cutOffStalledSockets(io, limits, log);
    const stopToday = services.insight.onToday((t) => broadcastToday(io, t));

    fastify.decorate('io', io);
    fastify.decorate('liveAccess', liveAccess);
    // Screens drop first (their transport closes, so they reconnect to another
    // node or to this one after a restart); requests still in flight may yet
    // commit, and their changes still go out through Redis until onClose.
    fastify.addHook('preClose', async () => {
      bouncer.stop();
      io.engine.close();
    });
    fastify.addHook('onClose', async () => {
      fastify.auth.events.off('access:ended', onAccessEnded);
      fastify.feed.off('person:changed', onPersonChanged);
      liveAccess.stop();
      stopBroadcasting();
      stopSweeping();
      stopToday();
      await io.close();
      await redis?.close();
    });
  },
  { name: 'realtime', dependencies: ['store', 'services', 'auth'] },
);
