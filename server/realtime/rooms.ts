import type { SubscribePayload } from '../../shared/events.js';
import type { Order, OrderFilter } from '../../shared/schemas/order.js';

/** Every socket that follows orders is in exactly one of these rooms. */
export const ALL_ROOM = 'all';
export const machineRoom = (id: string) => `machine:${id}`;
export const assigneeRoom = (id: string) => `assignee:${id}`;
export const stepRoom = (id: string) => `step:${id}`;

/**
 * The one room a subscription listens to: its most selective dimension
 * (machine, then assignee, then step), or `all`. A subscription combining
 * several dimensions (machine AND step) gets every change of its machine and
 * the screen keeps the ones matching its whole filter, exactly as it does for
 * an order leaving its filter: one room per socket keeps the broadcast a
 * single `io.to(rooms)` whatever the filter.
 */
export function subscriptionRoom(sub: SubscribePayload): string {
  if (sub.machine) return machineRoom(sub.machine);
  if (sub.assignee) return assigneeRoom(sub.assignee);
  if (sub.step) return stepRoom(sub.step);
  return ALL_ROOM;
}

/** The rooms an order is seen from in a given state (besides `all`). */
export function orderRooms(order: Pick<Order, 'machineId' | 'assigneeId' | 'stepId'>): string[] {
  const rooms = [stepRoom(order.stepId)];
  if (order.machineId) rooms.push(machineRoom(order.machineId));
  if (order.assigneeId) rooms.push(assigneeRoom(order.assigneeId));
  return rooms;
}

/**
 * Where a change must go: the rooms of the order before AND after it, so a
 * kiosk sees an order arrive and sees it leave, plus `all`.
 */
export function changeRooms(before: Order | null, after: Order | null): string[] {
  const rooms = new Set<string>([ALL_ROOM]);
  for (const o of [before, after]) if (o) for (const r of orderRooms(o)) rooms.add(r);
  return [...rooms];
}

/** The order filter of a subscription: the same rules as the REST list (active orders unless `all`). */
export function subscriptionFilter(sub: SubscribePayload): OrderFilter {
  const f: OrderFilter = {};
  if (sub.machine) f.machineId = sub.machine;
  if (sub.assignee) f.assigneeId = sub.assignee;
  if (sub.step) f.stepId = sub.step;
  if (sub.all) f.all = true;
  return f;
}
