import type { Order } from '../../../shared/schemas/order.js';
import { compareByUrgency } from '../../../shared/urgency.js';
import { stepIndex, type WorkflowShape } from '../../../shared/workflow.js';

/** The columns of the supervisor's table that sort (the arrows and the envelope do not). */
export type SortKey =
  | 'urgency'
  | 'number'
  | 'date'
  | 'contactId'
  | 'company'
  | 'name'
  | 'nature'
  | 'ref'
  | 'status'
  | 'step'
  | 'postalCode'
  | 'due';

export interface OrderSortSpec {
  key: SortKey;
  descending: boolean;
}

/** The default: most urgent first, then due date, then number (SPEC §2). */
export const defaultSort: OrderSortSpec = { key: 'urgency', descending: false };

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

type Value = string | number | null;

function valueOf(o: Order, key: SortKey, w: WorkflowShape): Value {
  switch (key) {
    case 'urgency':
      return null;
    case 'number':
      return o.number;
    case 'date':
      return o.date;
    case 'contactId':
      return o.contact.id || null;
    case 'company':
      return o.contact.company || null;
    case 'name':
      return o.contact.name || null;
    case 'nature':
      return o.nature || null;
    case 'ref':
      return o.customerRef || null;
    case 'status':
      return o.status || null;
    case 'step': {
      const i = stepIndex(w, o.stepId);
      return i < 0 ? null : i;
    }
    case 'postalCode':
      return o.contact.postalCode || null;
    case 'due':
      return o.dueDate;
  }
}

/**
 * Orders sorted by one column, empty cells last in both directions (what people look for is on
 * top); ties keep the default order, so equal rows never swap places between two live updates.
 */
export function sortTableRows<T>(items: readonly T[], orderOf: (item: T) => Order, spec: OrderSortSpec, w: WorkflowShape): T[] {
  const sign = spec.descending ? -1 : 1;
  if (spec.key === 'urgency') return [...items].sort((a, b) => sign * compareByUrgency(orderOf(a), orderOf(b)));
  const keyed = items.map((item) => ({ item, order: orderOf(item), v: valueOf(orderOf(item), spec.key, w) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else {
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : collator.compare(String(a.v), String(b.v));
      if (c) return sign * c;
    }
    return compareByUrgency(a.order, b.order);
  });
  return keyed.map((k) => k.item);
}
