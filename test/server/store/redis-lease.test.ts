import { createClient } from 'redis';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedis, type LocalRedis } from '../../../scripts/redis.js';
import { AppError } from '../../../server/errors.js';
import { assertLeasesHeld } from '../../../server/store/lanes.js';
import { RedisLanes } from '../../../server/store/redis-lanes.js';

/**
 * The lock behind the write lanes of several nodes on FerretDB: renewed
 * while its holder works, given up when it cannot be renewed, and short
 * enough that a node dying with it does not stall the others.
 */
const L = suite<{ redis: LocalRedis }>('Redis lanes: the lease');
L.before(async (ctx) => {
  ctx.redis = await startRedis();
});
L.after(async (ctx) => {
  await ctx.redis.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

L('a task longer than the lease keeps it: another node waits for the end instead of getting in', async ({ redis }) => {
  const a = await RedisLanes.connect({ url: redis.url, leaseMs: 300 });
  const b = await RedisLanes.connect({ url: redis.url, leaseMs: 300 });
  try {
    let aEnded = 0;
    let bStarted = 0;
    const first = a.run('order:long', async () => {
      await sleep(1200);
      aEnded = Date.now();
    });
    await sleep(100);
    const second = b.run('order:long', async () => {
      bStarted = Date.now();
    });
    await Promise.all([first, second]);
    assert.ok(bStarted >= aEnded, `the second node got in ${aEnded - bStarted} ms before the first was done`);
  } finally {
    await a.close();
    await b.close();
  }
});

L('a lease lost while the task runs: its next write is refused (503 lease_lost)', async ({ redis }) => {
  const a = await RedisLanes.connect({ url: redis.url, leaseMs: 300 });
  const other = createClient({ url: redis.url });
  await other.connect();
  try {
    const refused = await a
      .run('order:stolen', async () => {
        assertLeasesHeld();
        // The lock vanishes (expired under a stalled process, or Redis restarted empty).
        await other.del('jalon:lane:order:stolen');
        await sleep(250);
        assertLeasesHeld();
        return 'written';
      })
      .catch((e: unknown) => e);
    assert.instance(refused, AppError);
    assert.is((refused as AppError).code, 'lease_lost');
  } finally {
    await other.close();
    await a.close();
  }
});

L('a node dying while it holds a lock stalls the others for about a lease (2 s), not 10 s', async ({ redis }) => {
  const dying = await RedisLanes.connect({ url: redis.url });
  const b = await RedisLanes.connect({ url: redis.url });
  try {
    let held!: () => void;
    const acquired = new Promise<void>((r) => (held = r));
    void dying.run('counter:seq', () => {
      held();
      return new Promise<never>(() => {});
    });
    await acquired;
    // The process is gone: no release, no renewal.
    (dying as unknown as { client: { destroy(): void } }).client.destroy();
    const t0 = Date.now();
    await b.run('counter:seq', async () => {});
    const waited = Date.now() - t0;
    console.log(`  lock of a dead node: the next writer waited ${waited} ms`);
    assert.ok(waited < 3000, `waited ${waited} ms`);
  } finally {
    await b.close();
  }
});

L.run();
