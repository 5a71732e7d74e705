import { DateTime } from 'luxon';
import type { Settings } from '../../../shared/schemas/settings.js';
import { stepIndex } from '../../../shared/workflow.js';
import type { StoredHistory, StoredOrder } from '../../store/orders.js';

/** A step visit: the time an order spent at a step, counted on the day it LEFT the step. */
export interface Visit {
  orderId: string;
  number: number;
  company: string;
  stepId: string;
  entered: string;
  left: string;
  seconds: number;
  who: string;
  reasonCode: string | null;
  /** Only when the order went back (the comment explains the rework). */
  comment: string | null;
  /** True when the order went back from this step (regress, backward move): a rework of it. */
  back: boolean;
  machineId: string | null;
  assigneeId: string | null;
}

/**
 * What one history entry (a creation or a step change) means for the
 * statistics. `key` names it for good (order id and opId), so recording the
 * same facts again — a retry, the recovery pass, the backfill — counts nothing twice.
 */
export interface Facts {
  key: string;
  at: string;
  machineId: string | null;
  assigneeId: string | null;
  /** The step entered at `at`. */
  entered: string;
  /** Created at `at`. */
  started: boolean;
  visit: Visit | null;
  /** Entered the final step at `at`. */
  finish: { late: boolean; leadSeconds: number | null } | null;
  /** Left the final step: its finish (on the day it finished) is taken back. */
  unfinish: { at: string; late: boolean; leadSeconds: number | null } | null;
}

export type Workflow = Pick<Settings, 'steps' | 'finalStepId' | 'timezone'>;
type OrderShape = Pick<StoredOrder, '_id' | 'number' | 'contact' | 'dueDate' | 'machineId' | 'assigneeId' | 'history'>;

const STEP_CHANGES = new Set(['created', 'advanced', 'regressed', 'moved']);
export const isStepChange = (h: Pick<StoredHistory, 'kind'>) => STEP_CHANGES.has(h.kind);

/** The workshop's calendar day of an instant (DST-correct: luxon's zone rules). */
export const dayIn = (at: Date | string, zone: string) =>
  DateTime.fromJSDate(new Date(at), { zone }).toISODate() ?? new Date(at).toISOString().slice(0, 10);

const iso = (d: Date | string) => new Date(d).toISOString();
const secondsBetween = (a: Date | string, b: Date | string) => Math.max(0, Math.round((new Date(b).getTime() - new Date(a).getTime()) / 1000));

/** When the order entered the step it is at: its last step change (creation counts); null when the history kept has none. */
export function lastStepChange(history: readonly StoredHistory[] | undefined): Date | null {
  for (let i = (history?.length ?? 0) - 1; i >= 0; i--) if (isStepChange(history![i])) return new Date(history![i].at);
  return null;
}

/** The facts of `history[i]`, or null when it is not a step change. */
export function factsOf(order: OrderShape, w: Workflow, i: number): Facts | null {
  const history = order.history ?? [];
  const h = history[i];
  if (!h || !isStepChange(h)) return null;
  const created = history.find((e) => e.kind === 'created');
  const lead = (at: Date | string) => (created ? secondsBetween(created.at, at) : null);
  const lateOn = (at: Date | string) => !!order.dueDate && dayIn(at, w.timezone) > order.dueDate;
  const base = {
    key: `${order._id}:${h.kind === 'created' ? 'created' : (h.opId ?? iso(h.at))}`,
    at: iso(h.at),
    machineId: order.machineId ?? null,
    assigneeId: order.assigneeId ?? null,
    entered: h.toStepId ?? '',
  };
  if (h.kind === 'created') return { ...base, started: true, visit: null, finish: h.toStepId === w.finalStepId ? { late: lateOn(h.at), leadSeconds: 0 } : null, unfinish: null };

  let since: StoredHistory | undefined;
  for (let j = i - 1; j >= 0 && !since; j--) if (isStepChange(history[j])) since = history[j];
  const from = h.fromStepId ?? since?.toStepId ?? '';
  const back = stepIndex(w, h.toStepId ?? '') >= 0 && stepIndex(w, h.toStepId ?? '') < stepIndex(w, from);
  // Entered before the entries this document keeps (its older history paged out): that visit is not known, and left out.
  const visit: Visit | null = since
    ? {
        orderId: order._id,
        number: order.number,
        company: order.contact.company ?? '',
        stepId: from,
        entered: iso(since.at),
        left: iso(h.at),
        seconds: secondsBetween(since.at, h.at),
        who: h.actor,
        reasonCode: back ? ((h as { reasonCode?: string }).reasonCode ?? null) : null,
        comment: back ? (h.comment ?? null) : null,
        back,
        machineId: order.machineId ?? null,
        assigneeId: order.assigneeId ?? null,
      }
    : null;
  const finishing = h.toStepId === w.finalStepId && from !== w.finalStepId;
  const unfinishing = from === w.finalStepId && h.toStepId !== w.finalStepId && since !== undefined;
  return {
    ...base,
    started: false,
    visit,
    finish: finishing ? { late: lateOn(h.at), leadSeconds: lead(h.at) } : null,
    unfinish: unfinishing && since ? { at: iso(since.at), late: lateOn(since.at), leadSeconds: lead(since.at) } : null,
  };
}

/** Every step change of an order, as facts (the backfill and the recovery pass). */
export function allFactsOf(order: OrderShape, w: Workflow, since?: Date): Facts[] {
  const out: Facts[] = [];
  (order.history ?? []).forEach((h, i) => {
    if (since && new Date(h.at) < since) return;
    const f = factsOf(order, w, i);
    if (f) out.push(f);
  });
  return out;
}
