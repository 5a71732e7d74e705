import { randomBytes } from 'node:crypto';
import type { Order, OrderCreate, OrderFilter, OrderPatch, OrderSort } from '../../shared/schemas/order.js';
import type { SettingsReply } from '../../shared/schemas/settings.js';
import { todayIn } from '../../shared/urgency.js';
import { activeSteps, stepIndex } from '../../shared/workflow.js';
import { matchesFilter } from '../../shared/order-filter.js';
import { orderQuery, sortByUrgencyOrField } from '../domain/order-query.js';
import { orderView } from '../domain/order-view.js';
import { assertCanAct, assertCanSee } from '../domain/order-access.js';
import { isSameAction } from '../domain/op-replay.js';
import { actorOf, systemPrincipal, type Principal } from '../domain/principal.js';
import { planTransition, type TransitionIntent } from '../domain/transitions.js';
import { AppError, badRequest, conflict, notFound, unprocessable } from '../errors.js';
import type { CounterRepository } from '../store/counters.js';
import { isDuplicateKey } from '../store/driver-errors.js';
import type { OpIdRepository } from '../store/op-ids.js';
import type { OrderChange, OrderRepository, StoredHistory, StoredOrder } from '../store/orders.js';
import type { ChangeFeed } from './change-feed.js';
import { coalescing } from './coalesce.js';
import { orderPages, SNAPSHOT_FINISHED } from './order-pages.js';
import type { SettingsService } from './settings.js';
import type { TransitionLimiter } from './transition-limits.js';
import type { InsightService } from './insight.js';

export interface OrderServiceDeps {
  orders: OrderRepository;
  counters: CounterRepository;
  settings: SettingsService;
  userExists: (id: string) => Promise<boolean>;
  machineExists: (id: string) => Promise<boolean>;
  feed: ChangeFeed;
  now?: () => number;
  /** Transitions written per order and per kiosk (a stuck key must not write thousands of history entries). */
  limits?: TransitionLimiter;
  /** Statistics kept as orders change, and the per-step figures every order view shows (services/insight.ts). */
  insight?: Pick<InsightService, 'recordCreation' | 'recordTransition' | 'figures'>;
  /** Which order each opId was first used on: a replay sent to another order is refused. */
  opIds?: OpIdRepository;
}

export type TransitionInput = TransitionIntent & { opId: string; operatorId?: string | undefined };

export interface TransitionResult {
  order: Order;
  /** True when this opId had already been applied: nothing changed now. */
  replayed: boolean;
}

export const newId = () => randomBytes(12).toString('hex');

/** How a write arrived, recorded in its history entries (a CSV import, the ERP's by-ref call). */
export interface WriteOptions {
  via?: 'import' | 'erp';
}
const viaOf = (opts: WriteOptions): { via?: 'import' | 'erp' } => (opts.via ? { via: opts.via } : {});

export function orderService(deps: OrderServiceDeps) {
  const { orders, counters, feed } = deps;
  const now = deps.now ?? Date.now;

  const view = (o: StoredOrder, s: SettingsReply) => orderView(o, s, now(), deps.insight?.figures());
  const withoutHistory = (o: Order): Order => {
    const { history, ...rest } = o;
    void history;
    return rest;
  };

  async function checkReferences(
    s: SettingsReply,
    fields: { assigneeId?: string | null; machineId?: string | null; status?: string | null; stepId?: string },
  ) {
    if (fields.stepId !== undefined && stepIndex(s, fields.stepId) < 0) {
      throw unprocessable('unknown_step', `Step "${fields.stepId}" is not part of the workflow`);
    }
    if (fields.assigneeId && !(await deps.userExists(fields.assigneeId))) {
      throw unprocessable('unknown_user', `User "${fields.assigneeId}" does not exist`);
    }
    if (fields.machineId && !(await deps.machineExists(fields.machineId))) {
      throw unprocessable('unknown_machine', `Machine "${fields.machineId}" does not exist`);
    }
    if (fields.status && s.statuses.length && !s.statuses.includes(fields.status.trim())) {
      throw unprocessable('unknown_status', `"${fields.status}" is not one of the statuses (${s.statuses.join(', ')})`);
    }
  }

  const pages = orderPages({ orders, counters, settings: () => deps.settings.get(), view });

  /**
   * A screen's list. Active orders only: one array, read from the active
   * collection. With `all`, every active order then the SNAPSHOT_FINISHED most
   * recently finished (pages.page), never the whole archive: screens page further over REST.
   */
  const list = coalescing(
    ({ filter, sort }: { filter: OrderFilter; sort?: OrderSort }) => JSON.stringify([filter, sort ?? null]),
    ({ filter, sort }) => readList(filter, sort),
  );

  async function readList(filter: OrderFilter, sort?: OrderSort): Promise<{ orders: Order[]; seq: number }> {
    if (filter.all) {
      const first = await pages.page(filter, sort, SNAPSHOT_FINISHED, undefined, false);
      return { orders: first.orders, seq: first.seq };
    }
    const s = await deps.settings.get();
    // Read the seq before the orders: a change landing in between is then re-sent, never missed.
    const seq = await counters.current('seq');
    const found = await orders.listActive(orderQuery(filter, s), (o) => matchesFilter(o, filter, s));
    return { orders: sortByUrgencyOrField(found.map((o) => view(o, s)), sort), seq };
  }

  /** One order, for `who`: checked on the order as read, so a caller out of its scope learns nothing of it. */
  async function get(id: string, who: Principal = systemPrincipal): Promise<Order> {
    const s = await deps.settings.get();
    const o = await orders.findById(id);
    if (!o) throw notFound('Order');
    assertCanSee(who, o);
    return view(o, s);
  }

  async function create(input: OrderCreate, who: Principal, opts: WriteOptions = {}): Promise<Order> {
    const s = await deps.settings.get();
    const stepId = input.stepId ?? s.steps[0].id;
    await checkReferences(s, { ...input, stepId });
    const id = newId();
    // An ERP reference is claimed first (its lane): taken by another order → 409, and no number is spent.
    const ref = input.externalRef ?? null;
    return ref ? orders.refs.withClaim(ref, id, () => insertNew(id, input, stepId, s, who, opts)) : insertNew(id, input, stepId, s, who, opts);
  }

  async function insertNew(id: string, input: OrderCreate, stepId: string, s: SettingsReply, who: Principal, opts: WriteOptions): Promise<Order> {
    let number = input.number;
    if (number === undefined) {
      number = await counters.next('orderNumber');
    } else {
      // The active collection's unique index cannot see the archive: ask it (only a number already handed out can be there).
      if (number <= (await counters.current('orderNumber')) && (await orders.archivedNumberTaken(number))) {
        throw conflict('duplicate_number', `Order number ${number} is already used`);
      }
      await counters.raise('orderNumber', number);
    }
    const at = new Date(now());
    const stored: StoredOrder = {
      _id: id,
      number,
      date: input.date ?? todayIn(s.timezone, now()),
      contact: cleanContact(input.contact),
      status: input.status?.trim() || null,
      stepId,
      dueDate: input.dueDate ?? null,
      assigneeId: input.assigneeId ?? null,
      machineId: input.machineId ?? null,
      version: 1,
      seq: await counters.next('seq'),
      history: [{ at, ...actorOf(who), kind: 'created', toStepId: stepId, ...autoSendIntent(s, stepId), ...viaOf(opts) }],
      updatedAt: at,
    };
    if (input.nature !== undefined) stored.nature = input.nature.trim();
    if (input.customerRef !== undefined) stored.customerRef = input.customerRef.trim();
    // When it entered its step: the cards' "depuis …" and the visit the statistics count when it leaves.
    Object.assign(stored, { stepSince: at });
    if (input.externalRef) stored.externalRef = input.externalRef;
    try {
      await orders.insert(stored);
    } catch (e) {
      if (isDuplicateKey(e)) {
        throw conflict('duplicate_number', `Order number ${number} is already used`);
      }
      throw e;
    }
    await deps.insight?.recordCreation(stored, s);
    const order = view(stored, s);
    feed.emit('order:changed', { seq: stored.seq, before: null, after: withoutHistory(order) });
    return order;
  }

  async function edit(id: string, patch: OrderPatch, who: Principal, opts: WriteOptions = {}): Promise<Order> {
    const s = await deps.settings.get();
    await checkReferences(s, patch);
    // A new ERP reference is claimed around the write (its lane); the one it replaces is released after.
    const ref = patch.externalRef;
    const out = ref ? await orders.refs.withClaim(ref, id, () => decideEdit(id, patch, who, opts, s)) : await decideEdit(id, patch, who, opts, s);
    if ('done' in out) return view(out.done, s);
    const old = out.change.before.externalRef;
    if (old && old !== out.change.after.externalRef) await orders.refs.release(old, id);
    return publish(out.change, s);
  }

  function decideEdit(id: string, patch: OrderPatch, who: Principal, opts: WriteOptions, s: SettingsReply) {
    return orders.decide<StoredOrder>(id, (current) => {
      if (!current) throw notFound('Order');
      assertCanAct(who, current);
      if (patch.expectedVersion !== undefined && current.version !== patch.expectedVersion) {
        throw conflict('stale_version', 'The order was changed by someone else meanwhile; check it and try again', {
          order: view(current, s),
        });
      }
      const set: Partial<StoredOrder> = {};
      const changed: string[] = [];
      const assign = <K extends keyof StoredOrder>(key: K, value: StoredOrder[K]) => {
        if (stableJson(current[key] ?? null) !== stableJson(value ?? null)) {
          set[key] = value;
          changed.push(key);
        }
      };
      if (patch.date !== undefined) assign('date', patch.date);
      if (patch.contact !== undefined) assign('contact', cleanContact(patch.contact));
      if (patch.nature !== undefined) assign('nature', patch.nature.trim());
      if (patch.customerRef !== undefined) assign('customerRef', patch.customerRef.trim());
      const unset: string[] = [];
      if (patch.externalRef) assign('externalRef', patch.externalRef);
      else if (patch.externalRef === null && current.externalRef !== undefined) {
        unset.push('externalRef');
        changed.push('externalRef');
      }
      if (patch.dueDate !== undefined) assign('dueDate', patch.dueDate);
      if (patch.assigneeId !== undefined) assign('assigneeId', patch.assigneeId);
      if (patch.machineId !== undefined) assign('machineId', patch.machineId);
      const status = patch.status === undefined ? undefined : patch.status?.trim() || null;
      const statusChange = status !== undefined && status !== (current.status ?? null);
      if (!changed.length && !statusChange) return { done: current };

      const at = new Date(now());
      const entries: StoredHistory[] = [];
      if (changed.length) entries.push({ at, ...actorOf(who), kind: 'edited', fields: changed, ...viaOf(opts) });
      if (statusChange) {
        set.status = status;
        entries.push({ at, ...actorOf(who), kind: 'status', fromStatus: current.status ?? null, toStatus: status, ...viaOf(opts) });
      }
      set.updatedAt = at;
      // The diff was taken against this version: any change meanwhile means deciding again.
      return { filter: { version: current.version }, write: { set, push: entries, ...(unset.length ? { unset } : {}) } };
    });
  }

  async function transition(id: string, input: TransitionInput, who: Principal): Promise<TransitionResult> {
    // Made under one operator's PIN, arriving under another's (a queue replayed after a hand-over).
    if (input.operatorId !== undefined && who.operator?.id !== input.operatorId) {
      throw conflict('operator_changed', 'This action was made under another operator’s PIN; that person must type their PIN again to send it');
    }
    await deps.limits?.check(id, who);
    const claim = await deps.opIds?.claim(input.opId, id);
    if (claim === 'other') {
      throw conflict('op_mismatch', 'This action id was already used on another order; nothing was changed');
    }
    const s = await deps.settings.get();
    const out = await orders.decide<StoredOrder>(id, (current) => {
      if (!current) throw notFound('Order');
      // On the order as read in its lane: no window between this check and the write.
      assertCanAct(who, current);
      // Applied before (a kiosk replaying its outbox, a double click): answer, change nothing —
      // unless the id now comes with another action, which must not pass for the first one.
      const applied = current.history?.find((h) => h.opId === input.opId);
      if (applied && !isSameAction(applied, input)) {
        throw conflict('op_mismatch', 'This action id was already used for another action on this order; nothing was changed');
      }
      if (applied) return { done: current };
      if (current.stepId !== input.expectedStepId) throw stale(current, s);
      const plan = planTransition(s, current, input);
      const at = new Date(now());
      const actor = actorOf(who);
      const entries: StoredHistory[] = [
        {
          at,
          ...actor,
          kind: plan.historyKind,
          ...autoSendIntent(s, plan.toStepId),
          fromStepId: current.stepId,
          toStepId: plan.toStepId,
          opId: input.opId,
          ...(plan.comment ? { comment: plan.comment } : {}),
          ...(plan.reasonCode ? { reasonCode: plan.reasonCode } : {}),
        },
      ];
      const set: Partial<StoredOrder> = { stepId: plan.toStepId, updatedAt: at };
      Object.assign(set, { stepSince: at });
      if (plan.status) {
        set.status = plan.status.to;
        entries.push({ at, ...actor, kind: 'status', fromStatus: plan.status.from, toStatus: plan.status.to });
      }
      return { filter: { stepId: input.expectedStepId, 'history.opId': { $ne: input.opId } }, write: { set, push: entries } };
      // A new opId cannot be in the history: the order's history need not be read to decide.
    }, { withoutHistory: claim === 'new' });
    if ('done' in out) return { order: view(out.done, s), replayed: true };
    await deps.limits?.count(id, who);
    // After the commit, keyed by the opId: a retry or the recovery pass counts it once (services/insight-upkeep.ts).
    await deps.insight?.recordTransition(out.change, input.opId, s);
    return { order: publish(out.change, s), replayed: false };
  }

  /**
   * Orders a transition put at a step that a settings change removed while it
   * was in flight (the step check and the settings save are not one write):
   * each goes back to the step it came from, as Jalon, with a history line
   * saying why, so no order is left at a step nobody can see. Active orders
   * only (a removed step after the final one strands nothing a screen shows).
   */
  async function returnFromRemovedSteps(removed: string[]): Promise<number> {
    if (!removed.length) return 0;
    const s = await deps.settings.get();
    const known = new Set(s.steps.map((st) => st.id));
    const first = activeSteps(s)[0]?.id ?? s.steps[0].id;
    let moved = 0;
    const gone = new Set(removed);
    for (const o of await orders.listActive({ stepId: { $in: removed } }, (o) => gone.has(o.stepId))) {
      const out = await orders.decide<null>(o._id, (current) => {
        if (!current || known.has(current.stepId)) return { done: null };
        const came = [...(current.history ?? [])].reverse().find((h) => h.toStepId === current.stepId && h.fromStepId && known.has(h.fromStepId));
        const back = came?.fromStepId ?? first;
        const at = new Date(now());
        const entry: StoredHistory = {
          at,
          ...actorOf(systemPrincipal),
          kind: 'moved',
          fromStepId: current.stepId,
          toStepId: back,
          comment: 'Étape supprimée pendant le passage : retour à l’étape précédente',
        };
        return { filter: { stepId: current.stepId }, write: { set: { stepId: back, updatedAt: at, ...{ stepSince: at } }, push: [entry] } };
      });
      if ('change' in out) {
        publish(out.change, s);
        moved++;
      }
    }
    return moved;
  }

  async function remove(id: string): Promise<void> {
    const s = await deps.settings.get();
    const removed = await orders.remove(id);
    if (!removed) throw notFound('Order');
    if (removed.before.externalRef) await orders.refs.release(removed.before.externalRef, id);
    feed.emit('order:removed', { seq: removed.seq, id, before: withoutHistory(view(removed.before, s)) });
  }

  /**
   * Announces a committed change with the document it replaced (read inside
   * the write's lane, so two concurrent edits each name the right departure
   * rooms) and answers the order as it now is.
   */
  function publish(change: OrderChange, s: SettingsReply): Order {
    const order = view(change.after, s);
    feed.emit('order:changed', { seq: change.after.seq, before: withoutHistory(view(change.before, s)), after: withoutHistory(order) });
    return order;
  }

  function stale(o: StoredOrder, s: SettingsReply): AppError {
    const label = s.steps.find((st) => st.id === o.stepId)?.label ?? o.stepId;
    return conflict('stale_step', `The order has moved meanwhile: it is now at ${label}`, { order: view(o, s) });
  }

  return {
    /** The screen list (readList), identical concurrent asks sharing one read (see coalescing). */
    list: (filter: OrderFilter, sort?: OrderSort) => list({ filter, sort }),
    page: pages.page,
    get,
    create,
    edit,
    transition,
    remove,
    returnFromRemovedSteps,
    view,
    publish,
  };
}
export type OrderService = ReturnType<typeof orderService>;

/** JSON with object keys sorted: the contact as stored and as sent name the same fields in different orders. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

function cleanContact(c: OrderCreate['contact']): StoredOrder['contact'] {
  const out: StoredOrder['contact'] = { name: c.name.trim() };
  if (c.id !== undefined) out.id = c.id.trim();
  if (c.company !== undefined) out.company = c.company.trim();
  if (c.email !== undefined) out.email = c.email.trim();
  if (c.postalCode !== undefined) out.postalCode = c.postalCode.trim();
  if (!out.name) throw badRequest('empty_contact_name', 'The contact needs a name');
  return out;
}

/**
 * Entering a step that sends its message automatically records that intent in
 * the entry itself, committed with the change: the message is owed even if
 * the process stops before the mail listener queues it (the mail sweep finds it).
 */
function autoSendIntent(s: SettingsReply, stepId: string): { autoSend?: true } {
  const step = s.steps.find((st) => st.id === stepId);
  return step?.autoSend && step.templateId ? { autoSend: true } : {};
}
