import type { Order } from '../../../shared/schemas/order.js';
import type { WorkflowShape } from '../../../shared/workflow.js';
import { isActiveStep } from '../../../shared/workflow.js';

/** What a screen shows; the REST query and the socket subscription are built from it. */
export interface OrderFilter {
  stepId?: string;
  assigneeId?: string;
  machineId?: string;
  q?: string;
  all?: boolean;
}

/**
 * The server's filter as a predicate (same rules as server/domain/order-query.ts `matchesFilter`),
 * so that a live change moving an order out of this screen's filter removes it here.
 */
export function matchesFilter(order: Order, filter: OrderFilter, workflow: WorkflowShape): boolean {
  if (filter.stepId && order.stepId !== filter.stepId) return false;
  if (!filter.all && !isActiveStep(workflow, order.stepId)) return false;
  if (filter.assigneeId && order.assigneeId !== filter.assigneeId) return false;
  if (filter.machineId && order.machineId !== filter.machineId) return false;
  const q = filter.q?.trim().toLocaleLowerCase('fr');
  if (q) {
    const hay = [order.contact.company, order.contact.name, order.customerRef].map((s) => (s ?? '').toLocaleLowerCase('fr'));
    if (!hay.some((s) => s.includes(q)) && String(order.number) !== q) return false;
  }
  return true;
}

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
