import { createClient } from 'redis';

/** Where guesses are counted: in this process, or in Redis so that every node shares one count. */
export interface AttemptStore {
  /** Counts one more attempt under `key` (the window starts at the first); the count and the window's time left. */
  hit(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }>;
  /** Takes back one attempt (a right guess, or one refused without being checked). */
  undo(key: string): Promise<void>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

/** One process: exact on a single node. */
export function memoryAttempts(now: () => number = Date.now): AttemptStore {
  const counts = new Map<string, { count: number; resetAt: number }>();
  let sweptAt = 0;
  const sweep = (t: number) => {
    // Expired windows are dropped now and then, so an address scan cannot grow the map for ever.
    if (t - sweptAt < 60_000) return;
    sweptAt = t;
    for (const [k, v] of counts) if (v.resetAt <= t) counts.delete(k);
  };
  return {
    async hit(key, windowMs) {
      const t = now();
      sweep(t);
      let entry = counts.get(key);
      if (!entry || entry.resetAt <= t) {
        entry = { count: 0, resetAt: t + windowMs };
        counts.set(key, entry);
      }
      entry.count++;
      return { count: entry.count, ttlMs: entry.resetAt - t };
    },
    async undo(key) {
      const entry = counts.get(key);
      if (entry && entry.count > 0) entry.count--;
    },
    async clear(key) {
      counts.delete(key);
    },
    async close() {},
  };
}

const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;
const UNDO = `local n = redis.call('GET', KEYS[1])
if n and tonumber(n) > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

/**
 * Counts shared by every node through Redis (INCR with the window as the
 * key's expiry, in one script). While Redis is unreachable the node counts
 * on its own (`fallback`) rather than either letting every guess through or
 * refusing every sign-in.
 */
export async function redisAttempts(url: string, fallback: AttemptStore = memoryAttempts()): Promise<AttemptStore> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 5000 },
    disableOfflineQueue: true,
  });
  client.on('error', () => {
    /* reconnects by itself; counted on this node meanwhile */
  });
  await client.connect();
  const prefixed = (key: string) => `jalon:attempts:${key}`;
  return {
    async hit(key, windowMs) {
      try {
        const [count, ttl] = (await client.eval(HIT, { keys: [prefixed(key)], arguments: [String(windowMs)] })) as [number, number];
        return { count, ttlMs: ttl > 0 ? ttl : windowMs };
      } catch {
        return fallback.hit(key, windowMs);
      }
    },
    async undo(key) {
      await client.eval(UNDO, { keys: [prefixed(key)], arguments: [] }).catch(() => fallback.undo(key));
    },
    async clear(key) {
      await client.del(prefixed(key)).catch(() => fallback.clear(key));
    },
    async close() {
      await client.close().catch(() => client.destroy());
    },
  };
}
