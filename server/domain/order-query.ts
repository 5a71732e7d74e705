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
      { externalRef: re },
    ];
    if (/^\d{1,9}$/.test(q)) or.push({ number: Number(q) });
    and.push({ $or: or });
  }
  return and.length ? { $and: and } : {};
}

/** Sorts `orders` in place for the list's `sort`: urgency (the default), due date or number; ties by number. */
export function sortByUrgencyOrField(orders: Order[], sort: OrderSort = 'urgency'): Order[] {
  const byNumber = (a: Order, b: Order) => a.number - b.number;
  const cmp =
    sort === 'number'
      ? byNumber
      : sort === 'dueDate'
        ? (a: Order, b: Order) => compareDue(a.dueDate, b.dueDate) || byNumber(a, b)
        : compareByUrgency;
  return orders.sort(cmp);
}
