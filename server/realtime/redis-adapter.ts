import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';

export interface RedisAdapterOptions {
  url: string;
  log: FastifyBaseLogger;
  /** Called when the link to Redis comes back after a loss: broadcasts may have been missed meanwhile. */
  onRecovered: () => void;
  /** How long a broadcast waits for Redis before going to this node's sockets anyway. */
  publishTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface RedisLink {
  /** For `new Server({ adapter })` or `io.adapter(...)`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Whether a message published now reaches the other nodes (the link is up). */
  ready(): boolean;
  close(): Promise<void>;
}

interface Publisher {
  doPublish(message: unknown): Promise<string>;
}

/**
 * Socket.IO's Redis Streams adapter on a `redis` client, made to degrade
 * instead of stalling when Redis goes away.
 *
 * The adapter (socket.io-adapter's ClusterAdapter) delivers a broadcast to
 * this node's own sockets only after Redis has accepted it, and the client
 * queues commands while disconnected: left alone, a Redis outage would
 * freeze live updates on every node, local sockets included. So while the
 * link is down, and when Redis takes longer than `publishTimeoutMs`, the
 * broadcast goes to the local sockets at once and the other nodes miss it.
 * When the link comes back `onRecovered` runs: the plugin then has every
 * local screen reconnect and resync from the database, which also covers
 * the entries an empty, restarted Redis lost before other nodes read them.
 */
export async function connectRedisAdapter(opts: RedisAdapterOptions): Promise<RedisLink> {
  const { log } = opts;
  const publishTimeoutMs = opts.publishTimeoutMs ?? 1000;
  const client = createClient({
    url: opts.url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2000) },
  });
  let lost = false;
  client.on('error', (err: Error) => {
    if (!lost) log.warn({ err: err.message }, 'realtime: Redis link lost; live updates reach this node only until it is back');
    lost = true;
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info('realtime: Redis link back; screens of this node reconnect and resync');
    opts.onRecovered();
  });

  let timer: NodeJS.Timeout | undefined;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 8000;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at ${opts.url} did not answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      }),
    ]);
  } catch (e) {
    client.destroy();
    throw e;
  } finally {
    clearTimeout(timer);
  }

  // A short XREAD block lets a closing node let go of Redis within a second.
  const base = createAdapter(client, { blockTimeInMs: 1000 });
  // A plain function, not an arrow: socket.io calls it with `new`.
  const adapter: typeof base = function (nsp) {
    const instance = base(nsp);
    // The adapter class is not exported, so its publish step is wrapped on the instance.
    const publisher = instance as unknown as Publisher;
    const publish = publisher.doPublish.bind(instance);
    publisher.doPublish = (message) => {
      if (!client.isReady) return Promise.reject(new Error('Redis unavailable'));
      let t: NodeJS.Timeout | undefined;
      return Promise.race([
        publish(message),
        new Promise<string>((_, reject) => {
          t = setTimeout(() => reject(new Error('Redis too slow')), publishTimeoutMs);
        }),
      ]).finally(() => clearTimeout(t));
    };
    return instance;
  };

  return {
    adapter,
    ready: () => client.isReady && !lost,
    async close() {
      if (client.isOpen) await client.close().catch(() => client.destroy());
    },
  };
}
