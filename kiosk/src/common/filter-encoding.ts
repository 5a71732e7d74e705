
export { matchesFilter, type OrderFilter } from '../../../shared/order-filter.js';
import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Me } from '../../../shared/schemas/auth.js';

/** A stable key for a filter: the IndexedDB cache keeps one snapshot per screen filter. */
export function filterKey(f: OrderFilter): string {
  return JSON.stringify([f.stepId ?? '', f.assigneeId ?? '', f.machineId ?? '', f.q?.trim() ?? '', f.all ? 1 : 0]);
}

/** The filter written in a URL query (`?machine=…&assignee=…&step=…&q=…&all=1`), so a kiosk's scope is its address. */
export function filterFromSearch(search: string): OrderFilter {
  const p = new URLSearchParams(search);
  const f: OrderFilter = {};
  const machine = p.get('machine');
  const assignee = p.get('assignee');
  const step = p.get('step');
  const q = p.get('q');
  if (machine) f.machineId = machine;
  if (assignee) f.assigneeId = assignee;
  if (step) f.stepId = step;
  if (q) f.q = q;
  if (p.get('all') === '1') f.all = true;
  return f;
}

export function filterToSearch(f: OrderFilter): string {
  const p = new URLSearchParams();
  if (f.machineId) p.set('machine', f.machineId);
  if (f.assigneeId) p.set('assignee', f.assigneeId);
  if (f.stepId) p.set('step', f.stepId);
  if (f.q) p.set('q', f.q);
  if (f.all) p.set('all', '1');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The socket `subscribe` payload for a filter (the server filters by text itself only over REST). */
export function subscribePayload(f: OrderFilter): { machine?: string; assignee?: string; step?: string; all?: boolean } {
  const p: { machine?: string; assignee?: string; step?: string; all?: boolean } = {};
  if (f.machineId) p.machine = f.machineId;
  if (f.assigneeId) p.assignee = f.assigneeId;
  if (f.stepId) p.step = f.stepId;
  if (f.all) p.all = true;
  return p;
}

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
  const f: OrderFilter = { ...asked };
  if (me?.kind === 'kiosk' && me.scope && 'machineId' in me.scope) f.machineId = me.scope.machineId;
  else if (me?.kind === 'kiosk' && me.scope && 'assigneeId' in me.scope) f.assigneeId = me.scope.assigneeId;
  else if (me?.kind === 'user' && me.role === 'operator') f.assigneeId = me.id;
  return f;
}

export function scopeLocks(me: Me | null): ScopeLocks {
  const scope = me?.kind === 'kiosk' ? me.scope : undefined;
  return {
    machine: !!scope && 'machineId' in scope,
    assignee: (!!scope && 'assigneeId' in scope) || (me?.kind === 'user' && me.role === 'operator'),
  };
}
