import type { Order } from '../../shared/schemas/order.js';
import type { Principal } from './principal.js';

type Scoped = Pick<Order, 'machineId' | 'assigneeId'>;

/**
 * The part of the workshop a principal is limited to: a kiosk's machine or
 * person, an operator's own orders. Null = no limit (supervisors, admins,
 * wall screens, the server itself).
 */
export function orderScope(p: Principal): { machineId: string } | { assigneeId: string } | null {
  if (p.kind === 'kiosk') {
    if (p.scope?.machineId) return { machineId: p.scope.machineId };
    if (p.scope?.assigneeId) return { assigneeId: p.scope.assigneeId };
    return null;
  }
  if (p.kind === 'user' && p.role === 'operator' && p.id) return { assigneeId: p.id };
  return null;
}

/** A wall screen shows the whole workshop and changes nothing. */
export const isReadOnly = (p: Principal) => p.kind === 'kiosk' && p.scope?.wall === true;

function inScope(p: Principal, order: Scoped): boolean {
  const scope = orderScope(p);
  if (!scope) return true;
  if ('machineId' in scope) return order.machineId === scope.machineId;
  return order.assigneeId === scope.assigneeId;
}

/** May this principal read the order (and its history)? */
export function canSeeOrder(p: Principal, order: Scoped): boolean {
  return inScope(p, order);
}

/** May this principal change the order (Next, Previous, and whatever its role allows)? */
export function canActOnOrder(p: Principal, order: Scoped): boolean {
  return !isReadOnly(p) && inScope(p, order);
}

/**
 * A requested list filter narrowed to the principal's scope; `null` when the
 * request explicitly asks for something outside it.
 */
export function scopedFilter<F extends { machineId?: string | undefined; assigneeId?: string | undefined }>(
  p: Principal,
  filter: F,
): F | null {
  const scope = orderScope(p);
  if (!scope) return filter;
  if ('machineId' in scope) {
    if (filter.machineId !== undefined && filter.machineId !== scope.machineId) return null;
    return { ...filter, machineId: scope.machineId };
  }
  if (filter.assigneeId !== undefined && filter.assigneeId !== scope.assigneeId) return null;
  return { ...filter, assigneeId: scope.assigneeId };
}
