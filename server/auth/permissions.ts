import type { Role } from '../../shared/schemas/people.js';
import { isReadOnly } from '../domain/order-access.js';
import type { Principal } from '../domain/principal.js';
import type { AccessLevel } from '../routes/access-level.js';

const rank: Record<AccessLevel, number> = { public: 0, operator: 1, supervisor: 2, admin: 3 };
const roleRank: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };

export type Decision =
  | { allowed: true }
  | { allowed: false; status: 401 | 403; code: string; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A method that only reads: a wall screen may use it, and it is never a cross-site write. */
export const isSafeMethod = (method: string) => SAFE_METHODS.has(method);

/**
 * Whether `principal` may call a route declared with `access`, before any
 * look at the data: unknown callers get 401, known ones without the role 403.
 * Kiosks act as operators, a wall screen only reads.
 */
export function decide(access: AccessLevel, principal: Principal | null, method: string): Decision {
  if (access === 'public') return { allowed: true };
  if (!principal) {
    return { allowed: false, status: 401, code: 'unauthenticated', message: 'Sign in, or pair this screen, first' };
  }
  if (roleRank[principal.role] < rank[access]) {
    return { allowed: false, status: 403, code: 'forbidden', message: `This needs the ${access} role` };
  }
  if (isReadOnly(principal) && !isSafeMethod(method)) {
    return { allowed: false, status: 403, code: 'read_only', message: 'A wall screen cannot change anything' };
  }
  return { allowed: true };
}

/** Routes that address one order (`/api/orders/:id` and below): checked against the order's machine and person. */
export const ORDER_ROUTE = /^\/api\/orders\/:id(\/|$)/;
/** The order list, narrowed to the caller's scope. */
export const ORDER_LIST_ROUTE = '/api/orders';
