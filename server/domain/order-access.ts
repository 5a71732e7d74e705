import type { Order } from '../../shared/schemas/order.js';
import { inScope, isReadOnlyCaller, scopeOf } from '../../shared/scope.js';
import { AppError } from '../errors.js';
import type { Principal } from './principal.js';

type Scoped = Pick<Order, 'machineId' | 'assigneeId'>;

/** A wall screen shows the whole workshop and changes nothing. */
export const isReadOnly = (p: Principal) => isReadOnlyCaller(p);

/** May this principal read the order (and its history)? The one scope rule, shared/scope.ts. */
export function canSeeOrder(p: Principal, order: Scoped): boolean {
  return inScope(scopeOf(p), order);
}

/** May this principal change the order (Next, Previous, and whatever its role allows)? */
export function canActOnOrder(p: Principal, order: Scoped): boolean {
  return !isReadOnly(p) && inScope(scopeOf(p), order);
}

const outOfScope = () => new AppError(403, 'out_of_scope', 'This order belongs to another machine or person');

/**
 * The checks made on the order a request actually read (a GET, or the
 * current document inside a write's lane): no second read, so nothing can
 * change between the check and the answer or the write.
 */
export function assertCanSee(p: Principal, order: Scoped): void {
  if (!canSeeOrder(p, order)) throw outOfScope();
}

export function assertCanAct(p: Principal, order: Scoped): void {
  if (!canActOnOrder(p, order)) throw outOfScope();
}
