/**
 * The shape of an order as stored, and of the writes made to it: shared by the repository,
 * the recovery sweep and the in-memory sets. `toMongo` and `applied` are one update read two ways:
 * as MongoDB's update document, and as the document it leaves.
 */

/** An order as stored (dates of history as Date objects). */
export interface StoredHistory {
  at: Date;
  actor: string;
  actorId?: string | null;
  kind: string;
  fromStepId?: string;
  toStepId?: string;
  comment?: string;
  opId?: string;
  /** The step entered sends its message automatically: the mail sweep queues it if the live listener did not. */
  autoSend?: boolean;
  fromStatus?: string | null;
  toStatus?: string | null;
  fields?: string[];
  /** How the change arrived when not typed on a screen (a CSV import, the ERP's by-ref call). */
  via?: 'import' | 'erp';
  mail?: Record<string, unknown>;
}

export interface StoredOrder {
  _id: string;
  number: number;
  date: string;
  contact: { id?: string; company?: string; name: string; email?: string; postalCode?: string };
  nature?: string;
  customerRef?: string;
  /** The ERP's reference, unique through `order_refs` (order-refs.ts). */
  externalRef?: string;
  status: string | null;
  stepId: string;
  dueDate: string | null;
  assigneeId: string | null;
  machineId: string | null;
  version: number;
  seq: number;
  history?: StoredHistory[];
  updatedAt?: Date;
  /** Only while archived: the slot of its latest move into the archive. */
  archiveSlot?: number;
  /** Pages of older history entries moved out to `order_history` (see spillHistory). */
  historyPages?: number;
}

export type OrderQuery = Record<string, unknown>;

/** What a write did: the document it replaced and the one it left. */
export interface OrderChange {
  before: StoredOrder;
  after: StoredOrder;
}

/** The writes we make to an order: top-level fields set or unset, history appended. */
export interface OrderUpdate {
  set: Partial<StoredOrder>;
  unset?: string[];
  push?: StoredHistory[];
}

/** What `decide` is told: nothing to write, or one write and the condition it relies on. */
export type Decision<T> = { done: T } | { filter: Record<string, unknown>; write: OrderUpdate };
export type Decided<T> = { done: T } | { change: OrderChange };

export function toMongo(u: OrderUpdate, seq: number): Record<string, unknown> {
  const update: Record<string, unknown> = { $set: { ...u.set, seq }, $inc: { version: 1 } };
  if (u.push?.length) update.$push = { history: { $each: u.push } };
  if (u.unset?.length) update.$unset = Object.fromEntries(u.unset.map((f) => [f, '']));
  return update;
}

/** The same update applied to the document it replaced (MongoDB answers with the "before" side). */
export function applied(before: StoredOrder, u: OrderUpdate, seq: number): StoredOrder {
  const after: StoredOrder = { ...before, ...u.set, seq, version: before.version + 1 };
  if (u.push?.length) after.history = [...(before.history ?? []), ...u.push];
  for (const f of u.unset ?? []) delete (after as unknown as Record<string, unknown>)[f];
  return after;
}
