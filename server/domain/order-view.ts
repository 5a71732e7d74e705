import type { HistoryEntry, Order } from '../../shared/schemas/order.js';
import type { Settings } from '../../shared/schemas/settings.js';
import { dueUrgency } from '../../shared/urgency.js';
import type { StoredHistory, StoredOrder } from '../store/orders.js';
import { lastStepChange } from './insight/facts.js';
import { forecastOf, usualSeconds, type StepFigures } from './insight/forecast.js';

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
  const reasonCode = (h as { reasonCode?: string }).reasonCode;
  if (reasonCode !== undefined) e.reasonCode = reasonCode;
  if (h.mail !== undefined) e.mail = h.mail as HistoryEntry['mail'];
  return e;
}

/**
 * When the order entered its current step: stored with every step change
 * since the insight work; for an order written before, its last step change
 * in the history read (or its last write, which the start-up sweep of the
 * active orders makes exact, see services/insight-upkeep.ts).
 */
export function stepSinceOf(o: StoredOrder): Date {
  const stored = (o as { stepSince?: Date }).stepSince;
  if (stored) return new Date(stored);
  return lastStepChange(o.history) ?? (o.updatedAt ? new Date(o.updatedAt) : new Date(`${o.date}T00:00:00Z`));
}

/**
 * The order as the API and the screens see it, with its urgency for `now`,
 * and, from the cached per-step figures (no read per order), how long its
 * step usually takes and when it should finish.
 */
export function orderView(
  o: StoredOrder,
  settings: Pick<Settings, 'steps' | 'finalStepId' | 'dueSoonDays' | 'timezone'>,
  now: number = Date.now(),
  figures?: StepFigures | null,
): Order {
  const since = stepSinceOf(o);
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
    stepSince: since.toISOString(),
    stepUsualSeconds: usualSeconds(figures, o.stepId),
    forecast: forecastOf({ stepId: o.stepId, dueDate: o.dueDate ?? null }, since, settings, figures, now),
  };
  if (o.nature !== undefined) view.nature = o.nature;
  if (o.customerRef !== undefined) view.customerRef = o.customerRef;
  if (o.externalRef !== undefined) view.externalRef = o.externalRef;
  if (o.updatedAt) view.updatedAt = new Date(o.updatedAt).toISOString();
  if (o.history) view.history = o.history.map(historyEntry);
  return view;
}
