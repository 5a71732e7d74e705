import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

type RedisClient = ReturnType<typeof createRedisClient>;
const createRedisClient = (url: string) =>
  createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 5000 },
    // Fail fast while Redis is away instead of queueing writes behind it.
    disableOfflineQueue: true,
  });
import { AppError } from '../errors.js';
import { Lanes, withLease, type Lease, type WriteLanes } from './lanes.js';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLanesOptions {
  url: string;
  /**
   * A lock outlives a crashed holder by this much at most: short, since it is
   * renewed (every third of it) while its holder works, however long that takes.
   */
  leaseMs?: number;
  /** How long a writer waits for a key another node holds before giving up with 503. */
  waitMs?: number;
}

/**
 * Write lanes shared by every node through Redis, for several nodes on an
 * embedded FerretDB (whose conditional updates are not atomic, see
 * lanes.ts). Each key is first serialised in-process, then held across nodes
 * with a Redis lock (SET NX PX with a random token, released only by its
 * holder). Without Redis no write can be proven exclusive, so writes are
 * refused with 503 rather than risk a double transition; on MongoDB the
 * conditional updates are atomic by themselves and these lanes are not used.
 */
export class RedisLanes implements WriteLanes {
  private readonly local = new Lanes();
  private readonly leaseMs: number;
  private readonly waitMs: number;

  private constructor(
    private readonly client: RedisClient,
    opts: RedisLanesOptions,
  ) {
    this.leaseMs = opts.leaseMs ?? 2_000;
    this.waitMs = opts.waitMs ?? 5_000;
  }

  static async connect(opts: RedisLanesOptions): Promise<RedisLanes> {
    const client = createRedisClient(opts.url);
    client.on('error', () => {
      /* reconnects by itself; writes meanwhile get 503 */
    });
    await client.connect();
    return new RedisLanes(client, opts);
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const lock = `jalon:lane:${key}`;
      const token = randomBytes(12).toString('hex');
      await this.acquire(lock, token);
      const lease = this.keepAlive(lock, token);
      try {
        return await withLease(lease, task);
      } finally {
        lease.stop();
        await this.client.eval(RELEASE, { keys: [lock], arguments: [token] }).catch(() => {
          /* the lease expires by itself */
        });
      }
    });
  }

  /**
   * Renews the lease while the task runs. A renewal that fails (the key is
   * gone or another node's, or Redis does not answer) marks the lease lost:
   * the task's next write is then refused (assertLeasesHeld), since another
   * node may already hold the lock.
   */
  private keepAlive(lock: string, token: string): Lease & { stop(): void } {
    let lost = false;
    const expiresAt = () => Date.now() + this.leaseMs;
    let deadline = expiresAt();
    const renew = async () => {
      const asked = expiresAt();
      try {
        const ok = await this.client.eval(RENEW, { keys: [lock], arguments: [token, String(this.leaseMs)] });
        if (ok === 1) deadline = asked;
        else lost = true;
      } catch {
        if (Date.now() >= deadline) lost = true;
      }
    };
    const timer = setInterval(() => void renew(), Math.max(20, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return {
      key: lock,
      // Past its deadline a lease is lost even if no renewal has answered yet.
      get lost() {
        return lost || Date.now() >= deadline;
      },
      stop: () => clearInterval(timer),
    };
  }

  private async acquire(lock: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      let got: string | null;
      try {
        got = await this.client.set(lock, token, { condition: 'NX', expiration: { type: 'PX', value: this.leaseMs } });
      } catch {
        throw new AppError(503, 'coordination_unavailable', 'Redis, which coordinates the server nodes, is unreachable; nothing was changed. Try again shortly.');
      }
      if (got === 'OK') return;
      if (Date.now() > deadline) {
        throw new AppError(503, 'busy', 'This record is busy on another server node; nothing was changed. Try again.');
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }
}
