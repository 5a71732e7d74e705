import type { SubscribePayload } from './events.js';
import type { Order, OrderFilter, OrderListQuery } from './schemas/order.js';

/**
 * Who may see which orders, decided once for every way in: the HTTP routes
 * (every method, HEAD included), every socket event, and the screens
 * themselves (what a kiosk shows). The server and the kiosk both call these
 * pure functions; nothing else decides scope.
 */

/** The caller as both sides know it: the server's principal, the kiosk's `/api/auth/me`. */
export interface ScopedCaller {
  kind: string;
  id: string | null;
  role: string;
  scope?: { machineId?: string; assigneeId?: string; wall?: boolean } | undefined;
}

/** The part of the workshop a caller is limited to; null = no limit (supervisors, admins, walls, the server). */
export type OrderScope = { machineId: string } | { assigneeId: string } | null;

/** A kiosk of a machine (a person) sees that machine's (person's) orders; an operator their own. */
export function scopeOf(caller: ScopedCaller): OrderScope {
  if (caller.kind === 'kiosk') {
    if (caller.scope?.machineId) return { machineId: caller.scope.machineId };
    if (caller.scope?.assigneeId) return { assigneeId: caller.scope.assigneeId };
    return null;
  }
  if (caller.kind === 'user' && caller.role === 'operator' && caller.id) return { assigneeId: caller.id };
  return null;
}

/** A wall screen shows the whole workshop and changes nothing. */
export const isReadOnlyCaller = (caller: ScopedCaller) => caller.kind === 'kiosk' && caller.scope?.wall === true;

/** Whether one order lies within `scope`. */
export function inScope(scope: OrderScope, order: Pick<Order, 'machineId' | 'assigneeId'>): boolean {
  if (!scope) return true;
  if ('machineId' in scope) return order.machineId === scope.machineId;
  return order.assigneeId === scope.assigneeId;
}

export type Narrowed = { ok: true; filter: OrderFilter } | { ok: false; code: 'out_of_scope'; message: string };

/**
 * A requested filter held to `scope`: the scope's dimension is set (an empty
 * request means "my scope"; step, search and `all` apply within it), and a
 * request naming another machine or person is refused rather than silently
 * answered with something else.
 */
export function narrowFilter(scope: OrderScope, filter: OrderFilter): Narrowed {
  if (!scope) return { ok: true, filter };
  if ('machineId' in scope) {
    if (filter.machineId !== undefined && filter.machineId !== scope.machineId) {
      return { ok: false, code: 'out_of_scope', message: 'This screen only sees the orders of its own machine' };
    }
    return { ok: true, filter: { ...filter, machineId: scope.machineId } };
  }
  if (filter.assigneeId !== undefined && filter.assigneeId !== scope.assigneeId) {
    return { ok: false, code: 'out_of_scope', message: 'This screen only sees the orders of its own person' };
  }
  return { ok: true, filter: { ...filter, assigneeId: scope.assigneeId } };
}

/**
 * What a screen shows when its address asks for something outside its scope:
 * its own scope (the server would refuse the wider filter), the rest of the
 * address's filter kept.
 */
export function shownFilter(scope: OrderScope, asked: OrderFilter): OrderFilter {
  const narrowed = narrowFilter(scope, asked);
  if (narrowed.ok) return narrowed.filter;
  // Refused only for naming another machine (person) than the scope's: that one dimension is replaced.
  return { ...asked, ...scope };
}

/** The list query's wire names as a filter. */
export function filterOfQuery(q: Pick<OrderListQuery, 'step' | 'assignee' | 'machine' | 'q' | 'all'>): OrderFilter {
  return {
    ...(q.step ? { stepId: q.step } : {}),
    ...(q.assignee ? { assigneeId: q.assignee } : {}),
    ...(q.machine ? { machineId: q.machine } : {}),
    ...(q.q ? { q: q.q } : {}),
    all: q.all === '1' || q.all === 'true',
  };
}

/** A socket subscription as a filter: the same rules as the REST list (active orders unless `all`). */
export function filterOfSubscription(sub: SubscribePayload): OrderFilter {
  return {
    ...(sub.step ? { stepId: sub.step } : {}),
    ...(sub.assignee ? { assigneeId: sub.assignee } : {}),
    ...(sub.machine ? { machineId: sub.machine } : {}),
    ...(sub.all ? { all: true } : {}),
  };
}
