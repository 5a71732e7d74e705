import type { HistoryEntry, Order } from '../../shared/schemas/order.js';
import type { Settings } from '../../shared/schemas/settings.js';
import { dueUrgency } from '../../shared/urgency.js';
import type { StoredHistory, StoredOrder } from '../store/orders.js';

function historyEntry(h: StoredHistory): HistoryEntry {
  const e: HistoryEntry = { at: new Date(h.at).toISOString(), actor: h.actor, kind: h.kind as HistoryEntry['kind'] };
  if (h.actorId !== undefined) e.actorId = h.actorId;
  if (h.fromStepId !== undefined) e.fromStepId = h.fromStepId;
  if (h.toStepId !== undefined) e.toStepId = h.toStepId;
  if (h.comment !== undefined) e.comment = h.comment;
  if (h.opId !== undefined) e.opId = h.opId;
  if (h.fromStatus !== undefined) e.fromStatus = h.fromStatus;
  if (h.toStatus !== undefined) e.toStatus = h.toStatus;
  if (h.fields !== undefined) e.fields = h.fields;
  if (h.via !== undefined) e.via = h.via;
  if (h.mail !== undefined) e.mail = h.mail as HistoryEntry['mail'];
  return e;
}

/** The order as the API and the screens see it, with its urgency for `now`. */
export function orderView(
  o: StoredOrder,
  settings: Pick<Settings, 'steps' | 'finalStepId' | 'dueSoonDays' | 'timezone'>,
  now: number = Date.now(),
): Order {
  const view: Order = {
    id: o._id,
    number: o.number,
    date: o.date,
    contact: { ...o.contact },
    status: o.status ?? null,
    stepId: o.stepId,
    dueDate: o.dueDate ?? null,
    assigneeId: o.assigneeId ?? null,
    machineId: o.machineId ?? null,
    version: o.version,
    seq: o.seq,
    urgency: dueUrgency({ dueDate: o.dueDate ?? null, stepId: o.stepId }, settings, now),
  };
  if (o.nature !== undefined) view.nature = o.nature;
  if (o.customerRef !== undefined) view.customerRef = o.customerRef;
  if (o.externalRef !== undefined) view.externalRef = o.externalRef;
  if (o.updatedAt) view.updatedAt = new Date(o.updatedAt).toISOString();
  if (o.history) view.history = o.history.map(historyEntry);
  return view;
}
