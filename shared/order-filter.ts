import type { Order, OrderFilter } from './schemas/order.js';
import { isActiveStep, type WorkflowShape } from './workflow.js';

export type { OrderFilter };

/**
 * A screen's filter as a predicate, the same rules as the server's database
 * query (server/domain/order-query.ts): screens use it to drop an order that a
 * live change moved out of their view.
 */
export function matchesFilter(
  order: Pick<Order, 'stepId' | 'assigneeId' | 'machineId' | 'number' | 'contact' | 'customerRef' | 'externalRef'>,
  filter: OrderFilter,
  workflow: WorkflowShape,
): boolean {
  if (filter.stepId && order.stepId !== filter.stepId) return false;
  if (!filter.all && !isActiveStep(workflow, order.stepId)) return false;
  if (filter.assigneeId && order.assigneeId !== filter.assigneeId) return false;
  if (filter.machineId && order.machineId !== filter.machineId) return false;
  const q = filter.q?.trim().toLocaleLowerCase('fr');
  if (q) {
    const hay = [order.contact.company, order.contact.name, order.customerRef, order.externalRef].map((s) => (s ?? '').toLocaleLowerCase('fr'));
    // A number is the order's number, as the server's query reads it ("0042" finds order 42).
    if (!hay.some((s) => s.includes(q)) && !(/^\d{1,9}$/.test(q) && order.number === Number(q))) return false;
  }
  return true;
}
