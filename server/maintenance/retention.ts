import type { FastifyBaseLogger } from 'fastify';
import { defaultResyncLimits } from '../realtime/resync.js';
import type { PurgeCounts, RetentionRepository } from '../store/retention.js';

const DAY_MS = 24 * 3_600_000;

/**
 * Expired grants are useless, but an expired pairing code is kept one day so
 * that the screen that types it hears "expired" rather than "wrong code".
 */
const GRANT_GRACE_MS = DAY_MS;

/**
 * More tombstones than a resync answers with changes: a screen that would
 * need an older, purged one gets a snapshot (store/retention.ts).
 */
export const TOMBSTONES_KEPT = defaultResyncLimits.maxChanges + 1;

/** Finished orders past the admin's limit (maintenance/order-retention.ts); absent: orders are kept. */
export type OrderPurge = (now: number) => Promise<number>;

/**
 * One purge: mail and tombstones older than `retentionDays`, grants expired for a day, and, when
 * the admin set ORDER_RETENTION_DAYS, the finished orders past it (before the tombstones they
 * leave are themselves considered, so a screen always hears of the removal).
 */
export async function purgeOld(repo: RetentionRepository, retentionDays: number, now = Date.now(), orderPurge?: OrderPurge): Promise<PurgeCounts> {
  const cutoff = new Date(now - retentionDays * DAY_MS);
  const orders = orderPurge ? await orderPurge(now) : 0;
  const mail = await repo.purgeMail(cutoff);
  const removals = await repo.purgeRemovals(cutoff, TOMBSTONES_KEPT);
  const grants = await repo.purgeGrants(new Date(now - GRANT_GRACE_MS));
  const opIds = await repo.purgeOpIds(cutoff);
  return { ...mail, removals, grants, orders, opIds };
}

export interface RetentionSchedule {
  /** Runs a purge now (after the one in progress, if any). */
  runNow(): Promise<PurgeCounts>;
  /** Stops the schedule, after the purge in progress (before the database closes). */
  stop(): Promise<void>;
}

/**
 * Purges once a day, the first time `firstDelayMs` after start-up (not in the
 * middle of every screen reconnecting after a restart). Several nodes may each
 * run it: deleting what is already gone is harmless.
 */
export function scheduleRetention(
  repo: RetentionRepository,
  retentionDays: number,
  log: FastifyBaseLogger,
  { firstDelayMs = 10 * 60_000, intervalMs = DAY_MS, orderPurge }: { firstDelayMs?: number; intervalMs?: number; orderPurge?: OrderPurge } = {},
): RetentionSchedule {
  let running: Promise<PurgeCounts> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function runNow(): Promise<PurgeCounts> {
    const previous = running ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(async () => {
      const started = Date.now();
      const counts = await purgeOld(repo, retentionDays, Date.now(), orderPurge);
      log.info({ ...counts, ms: Date.now() - started, retentionDays }, 'retention purge done');
      return counts;
    });
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    }).catch(() => undefined);
    return next;
  }

  function plan(delay: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      runNow().catch((err: unknown) => log.error({ err }, 'retention purge failed; it runs again tomorrow'));
      plan(intervalMs);
    }, delay);
    timer.unref();
  }
  plan(firstDelayMs);

  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
