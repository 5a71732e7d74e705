import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Me } from '../../../shared/schemas/auth.js';
import { scopeOf, shownFilter } from '../../../shared/scope.js';

/** Which filter fields the screen's own scope fixes (the filter bar does not offer them). */
export interface ScopeLocks {
  machine: boolean;
  assignee: boolean;
}

/**
 * The filter a screen shows: the address's filter held to what the browser may see. A paired
 * kiosk of a machine (of a person) always shows that machine's (person's) orders whatever the
 * address says, since the server refuses anything wider; a signed-in operator sees their own
 * orders; supervisors, admins and unknown browsers get the address's filter as it is.
 */
export function deviceFilter(me: Me | null, asked: OrderFilter): OrderFilter {
  // The server's own scope rule (shared/scope.ts), so the screen never asks for what it would refuse.
  return me ? shownFilter(scopeOf(me), asked) : { ...asked };
}

export function scopeLocks(me: Me | null): ScopeLocks {
  const scope = me?.kind === 'kiosk' ? me.scope : undefined;
  return {
    machine: !!scope && 'machineId' in scope,
    assignee: (!!scope && 'assigneeId' in scope) || (me?.kind === 'user' && me.role === 'operator'),
  };
}
