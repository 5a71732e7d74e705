import type { FastifyBaseLogger } from 'fastify';

export interface QueueWorkerDeps<C, T> {
  /** Items a worker may claim now (claim fields only), at most `limit`. */
  due(now: number, limit: number): Promise<C[]>;
  /** Takes one candidate's next attempt, or null when another worker has it. */
  claim(candidate: C, now: number): Promise<T | null>;
  /** Runs a claimed attempt to its end (and records it); throws only when the database fails. */
  run(item: T): Promise<void>;
  /** How often the worker looks again without being kicked (retries, dead nodes' leases). */
  pollMs: number;
  log: FastifyBaseLogger;
  /** What the log calls this queue. */
  name: string;
  now?: () => number;
  /** How many due items one pass looks at before it looks again. */
  batch?: number;
  /**
   * Items of one batch run at once (1: one after the other). Only for a queue
   * whose `due` never returns two items that must keep their order (webhooks:
   * one head per order), since they may then finish in any order.
   */
  concurrency?: number;
}

/**
 * The loop every persisted queue runs (the mail outbox, webhook deliveries):
 * claims due items and runs them until none is left, woken at once by
 * `kick()` and otherwise every `pollMs`. One pass at a time per worker; a
 * kick during a pass makes it look again when it ends. `stop()` lets the
 * attempt in hand finish and claims no more.
 */
export function queueWorker<C, T>(deps: QueueWorkerDeps<C, T>) {
  const now = deps.now ?? Date.now;
  const batch = deps.batch ?? 20;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let halting = false;

  /** One pass: claims and runs due items until none is left. Answers how many it handled. */
  async function drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const due = await deps.due(now(), batch);
      let claimed = 0;
      let nextIndex = 0;
      const lane = async () => {
        while (nextIndex < due.length && !halting) {
          const candidate = due[nextIndex++];
          const item = await deps.claim(candidate, now());
          if (!item) continue;
          claimed++;
          await deps.run(item);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 1, due.length)) }, lane));
      if (halting) return handled + claimed;
      handled += claimed;
      // A full batch may hide more due items; a batch taken by other workers ends the pass.
      if (due.length < batch || claimed === 0) return handled;
    }
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delay);
  }

  function tick() {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await drain();
        } catch (err) {
          // The database is down or an attempt crashed: the items stay queued for the next pass.
          deps.log.warn({ err }, `${deps.name} pass failed`);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
      schedule(deps.pollMs);
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      halting = false;
      schedule(0);
    },
    /** Something was queued: look at once rather than at the next poll. */
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    /** Stops polling and waits for the attempt in hand, if any. */
    async stop() {
      stopped = true;
      halting = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    /** One pass now, for tools and tests that run without the timer. */
    drain,
    /**
     * Waits for the loop's pass in hand, if any, to end: what it claimed is
     * then recorded (a `drain()` meanwhile finds those items claimed and
     * returns at once, before their outcome is written).
     */
    async idle() {
      while (running) await running;
    },
  };
}
export type QueueWorker = ReturnType<typeof queueWorker>;
