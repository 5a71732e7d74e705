import type { Order, OrderFilter, OrderSort } from '../../shared/schemas/order.js';
import type { Settings } from '../../shared/schemas/settings.js';
import { compareByUrgency, compareDue } from '../../shared/urgency.js';
import { activeSteps } from '../../shared/workflow.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The database query for a screen's filter (SPEC §2 "Filters"). */
export function orderQuery(filter: OrderFilter, settings: Pick<Settings, 'steps' | 'finalStepId'>) {
  const and: Record<string, unknown>[] = [];
  if (filter.stepId) and.push({ stepId: filter.stepId });
  if (!filter.all) and.push({ stepId: { $in: activeSteps(settings).map((s) => s.id) } });
  if (filter.assigneeId) and.push({ assigneeId: filter.assigneeId });
  if (filter.machineId) and.push({ machineId: filter.machineId });
  const q = filter.q?.trim();
  if (q) {
    const re = { $regex: escapeRegex(q), $options: 'i' };
    const or: Record<string, unknown>[] = [
      { 'contact.company': re },
      { 'contact.name': re },
      { customerRef: re },
    ];
    if (/^\d{1,9}$/.test(q)) or.push({ number: Number(q) });
    and.push({ $or: or });
  }
  return and.length ? { $and: and } : {};
}

/** The same filter as a predicate, for the screens that apply live changes. */
export function matchesFilter(
  order: Pick<Order, 'stepId' | 'assigneeId' | 'machineId' | 'number' | 'contact' | 'customerRef'>,
  filter: OrderFilter,
  settings: Pick<Settings, 'steps' | 'finalStepId'>,
): boolean {
  if (filter.stepId && order.stepId !== filter.stepId) return false;
  if (!filter.all && !activeSteps(settings).some((s) => s.id === order.stepId)) return false;
  if (filter.assigneeId && order.assigneeId !== filter.assigneeId) return false;
  if (filter.machineId && order.machineId !== filter.machineId) return false;
  const q = filter.q?.trim().toLocaleLowerCase('fr');
  if (q) {
    const hay = [order.contact.company, order.contact.name, order.customerRef]
      .map((s) => (s ?? '').toLocaleLowerCase('fr'));
    if (!hay.some((s) => s.includes(q)) && String(order.number) !== q) return false;
  }
  return true;
}

export function sortOrders(orders: Order[], sort: OrderSort = 'urgency'): Order[] {
  const byNumber = (a: Order, b: Order) => a.number - b.number;
  const cmp =
    sort === 'number'
      ? byNumber
      : sort === 'dueDate'
        ? (a: Order, b: Order) => compareDue(a.dueDate, b.dueDate) || byNumber(a, b)
        : compareByUrgency;
  return orders.sort(cmp);
}
