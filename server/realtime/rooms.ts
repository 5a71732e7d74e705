import type { Order, OrderFilter } from '../../shared/schemas/order.js';
import type { OrderScope } from '../../shared/scope.js';

/** Every socket that follows orders is in exactly one of these rooms. */
export const ALL_ROOM = 'all';
export const machineRoom = (id: string) => `machine:${id}`;
export const assigneeRoom = (id: string) => `assignee:${id}`;
export const stepRoom = (id: string) => `step:${id}`;

/**
 * The one room a subscription listens to, chosen from its filter once
 * narrowed to the caller's scope (shared/scope.ts): a scoped caller always
 * joins its scope's room — an operator asking for machine M is narrowed to
 * "M and mine" and listens to its own room, never to M's, which carries
 * other people's orders. Unscoped callers get their filter's most selective
 * dimension (machine, then assignee, then step), or `all`. A filter combining
 * several dimensions gets every change of that room and the screen keeps the
 * ones matching its whole filter, exactly as it does for an order leaving its
 * filter: one room per socket keeps the broadcast a single `io.to(rooms)`.
 */
export function subscriptionRoom(filter: OrderFilter, scope: OrderScope): string {
  if (scope) return 'machineId' in scope ? machineRoom(scope.machineId) : assigneeRoom(scope.assigneeId);
  if (filter.machineId) return machineRoom(filter.machineId);
  if (filter.assigneeId) return assigneeRoom(filter.assigneeId);
  if (filter.stepId) return stepRoom(filter.stepId);
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
