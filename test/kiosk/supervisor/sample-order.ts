import type { Order } from '../../../shared/schemas/order.js';

/** An order as the server sends it, numbered `n`, with what a test needs changed. */
export function order(n: number, extra: Partial<Order> = {}, contact: Partial<Order['contact']> = {}): Order {
  return {
    id: `o${n}`,
    number: n,
    date: '2026-06-03',
    contact: { name: `Contact ${n}`, ...contact },
    status: null,
    stepId: 'en-attente',
    dueDate: null,
    assigneeId: null,
    machineId: null,
    version: 3,
    seq: n,
    urgency: 'none',
    ...extra,
  };
}
