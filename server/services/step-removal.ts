import type { FastifyBaseLogger } from 'fastify';
import { removedStepIds } from '../domain/settings-rules.js';
import type { ChangeEvents, ChangeFeed } from './change-feed.js';

/**
 * When to look again for orders at a step just removed: at once, then after
 * the settings cache of every node (1 s) and the transitions already in their
 * lane have had time to finish with the old workflow.
 */
export const RESCUE_DELAYS_MS = [0, 1500, 5000];

/**
 * A supervisor removes a step while a kiosk's Next is entering it: the check
 * "no order at this step" passed, then the transition wrote. This node, which
 * saved the settings, sends any such order back where it came from
 * (services/orders.ts returnFromRemovedSteps), now and a little later.
 */
export function watchStepRemovals(
  feed: ChangeFeed,
  returnFromRemovedSteps: (removed: string[]) => Promise<number>,
  log: FastifyBaseLogger,
  delays = RESCUE_DELAYS_MS,
): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const onChange = ({ settings, before }: ChangeEvents['settings:changed'][0]) => {
    const removed = removedStepIds(before, settings);
    if (!removed.length) return;
    for (const delay of delays) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        returnFromRemovedSteps(removed)
          .then((n) => n && log.warn({ removed, orders: n }, 'orders caught entering a removed step were sent back to their previous step'))
          .catch((err: unknown) => log.error({ err, removed }, 'could not check for orders at removed steps'));
      }, delay);
      timer.unref();
      timers.add(timer);
    }
  };
  feed.on('settings:changed', onChange);
  return () => {
    feed.off('settings:changed', onChange);
    for (const t of timers) clearTimeout(t);
  };
}
