import type { OrderFilter } from '../../../shared/order-filter.js';

/*
 * A screen's filter written down three ways: as a cache key, as the address's query, and as the
 * socket's `subscribe` payload. Which orders a filter matches is shared/order-filter.ts.
 */

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
