import type { TokenScope } from '../../shared/schemas/integration-access.js';
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
export function decide(access: AccessLevel, principal: Principal | null, method: string, url = ''): Decision {
  if (access === 'public') return { allowed: true };
  if (!principal) {
    return { allowed: false, status: 401, code: 'unauthenticated', message: 'Sign in, or pair this screen, first' };
  }
  if (principal.kind === 'token') {
    // A token is held to its scopes alone: the route's family, never its role.
    const needed = tokenScopeFor(method, url);
    if (!needed) return { allowed: false, status: 403, code: 'token_scope', message: 'API tokens cannot call this route' };
    if (!principal.tokenScopes?.includes(needed)) {
      return { allowed: false, status: 403, code: 'token_scope', message: `This token lacks the ${needed} scope` };
    }
    return { allowed: true };
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

/** The order routes a token's `orders:*` scopes cover; mail to customers is not among them (a person sends it). */
const ORDER_FAMILY = /^\/api\/orders(\/|$)/;
const NOT_FOR_TOKENS = /^\/api\/orders\/:id\/mail(\/|$)/;
/**
 * What `catalog:read` reads: the workstations. Never the settings nor the people (SPEC: `/api/users`
 * is people), even read-only: an ERP names machines and people by name in its imports, and the
 * workflow's steps come with the orders it reads.
 */
const CATALOG = new Set(['/api/machines', '/api/machines/:id']);

/**
 * The scope an API token needs for a route (its pattern, as registered), or
 * null when no token may call it: settings changes, people, screens, tokens,
 * webhooks, templates, statistics and the sign-in routes are for people only,
 * whatever scopes a token holds. Orders: reads need `orders:read`, any other
 * method `orders:write`; tokens see every order (they are not a machine's).
 */
export function tokenScopeFor(method: string, url: string): TokenScope | null {
  const read = isSafeMethod(method);
  if (ORDER_FAMILY.test(url) && !NOT_FOR_TOKENS.test(url)) return read ? 'orders:read' : 'orders:write';
  if (read && CATALOG.has(url)) return 'catalog:read';
  return null;
}
