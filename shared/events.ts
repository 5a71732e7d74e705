import { Type, type Static } from '@sinclair/typebox';
import { FilterDimensions, type Order } from './schemas/order.js';
import type { SettingsReply } from './schemas/settings.js';

/** `subscribe` payload: what a screen wants to follow. Empty = its kiosk scope (or nothing). */
export const SubscribePayload = Type.Object(
  {
    ...FilterDimensions,
    all: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SubscribePayload = Static<typeof SubscribePayload>;

export const ResyncPayload = Type.Object(
  { sinceSeq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type ResyncPayload = Static<typeof ResyncPayload>;

export interface ErrorAck {
  error: { code: string; message: string };
}

export interface SnapshotAck {
  seq: number;
  orders: Order[];
}

/** `resync` ack: either the changes after sinceSeq, or a full snapshot when the gap is unknown or too large. */
export type ResyncAck =
  | { seq: number; changes: Array<OrderChanged | OrderRemoved> }
  | { seq: number; snapshot: true; orders: Order[] };

export interface OrderChanged {
  seq: number;
  order: Order;
}
export interface OrderRemoved {
  seq: number;
  id: string;
}
/** Today's finished orders and how many of them finished after their due date (workshop's timezone). */
export interface InsightToday {
  day: string;
  finished: number;
  late: number;
}

export interface SettingsChanged {
  settings: SettingsReply;
}

export interface ServerToClientEvents {
  'order:changed': (e: OrderChanged) => void;
  'order:removed': (e: OrderRemoved) => void;
  'settings:changed': (e: SettingsChanged) => void;
  /** To subscriptions with `all` of supervisors and walls: after their snapshot, and when an order finishes or leaves the final step. */
  'insight:today': (e: InsightToday) => void;
  /** Sent before the server disconnects a revoked kiosk or an expired session. */
  'session:ended': (e: { reason: string }) => void;
}

export interface ClientToServerEvents {
  subscribe: (p: SubscribePayload, ack: (r: SnapshotAck | ErrorAck) => void) => void;
  resync: (p: ResyncPayload, ack: (r: ResyncAck | ErrorAck) => void) => void;
}

export interface SocketData {
  /** Who is asking (user or kiosk), set by the handshake middleware. */
  principal?: unknown;
  subscription?: SubscribePayload;
}
