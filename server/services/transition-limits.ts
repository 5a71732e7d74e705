import type { AttemptStore } from '../auth/attempt-store.js';
import type { Principal } from '../domain/principal.js';
import { AppError } from '../errors.js';

export interface Budget {
  max: number;
  windowMs: number;
}

/**
 * How many transitions may be written per order, and per kiosk (a screen's
 * stuck key or a runaway script), in a window. People signed in are limited
 * per order only: a supervisor's tablet or a script with an account moving
 * many orders is ordinary work.
 */
export interface TransitionLimits {
  perOrder: Budget;
  perKiosk: Budget;
}

export const defaultTransitionLimits: TransitionLimits = {
  perOrder: { max: 10, windowMs: 10_000 },
  perKiosk: { max: 60, windowMs: 60_000 },
};

/**
 * Counts the transitions that were written, in windows shared by every node
 * when the store is Redis's. Only writes count: a stale step (409), a replay
 * of an applied opId or a refusal writes no history and costs nothing, so
 * fifty kiosks pressing Next at once still get their 409s, not 429s.
 */
export function transitionLimiter(store: AttemptStore, limits: TransitionLimits) {
  const budgets = (orderId: string, who: Principal) => [
    { key: `transitions:order:${orderId}`, budget: limits.perOrder },
    ...(who.kind === 'kiosk' && who.id ? [{ key: `transitions:kiosk:${who.id}`, budget: limits.perKiosk }] : []),
  ];

  return {
    /** Refuses with 429 too_many_transitions (and when to retry) while a budget of this write is spent. */
    async check(orderId: string, who: Principal): Promise<void> {
      const counted = budgets(orderId, who);
      // A look at the counts: counted and given back at once.
      const hits = await Promise.all(counted.map(({ key, budget }) => store.hit(key, budget.windowMs)));
      await Promise.all(counted.map(({ key }) => store.undo(key)));
      const over = hits.map((h, i) => ({ ...h, ...counted[i] })).filter((h) => h.count > h.budget.max);
      if (!over.length) return;
      const retryAfter = Math.max(1, Math.ceil(Math.max(...over.map((h) => h.ttlMs)) / 1000));
      const what = over.some((h) => h.key.includes(':kiosk:'))
        ? `this screen made more than ${limits.perKiosk.max} moves in ${limits.perKiosk.windowMs / 1000} s`
        : `this order was moved more than ${limits.perOrder.max} times in ${limits.perOrder.windowMs / 1000} s`;
      throw new AppError(429, 'too_many_transitions', `Too many moves: ${what}; nothing was changed, try again in ${retryAfter} s`, { retryAfter });
    },
    /** Counts one written transition. */
    async count(orderId: string, who: Principal): Promise<void> {
      await Promise.all(budgets(orderId, who).map(({ key, budget }) => store.hit(key, budget.windowMs)));
    },
  };
}
export type TransitionLimiter = ReturnType<typeof transitionLimiter>;
