import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData, SubscribePayload } from '../../shared/events.js';
import type { OrderFilter } from '../../shared/schemas/order.js';
import type { AccessEnded } from '../auth/events.js';
import type { Principal } from '../domain/principal.js';

/** What the server keeps on each socket (shared/events.ts leaves the principal opaque to the kiosk). */
export interface ServerSocketData extends SocketData {
  principal?: Principal;
  /** What the screen asked for, as it asked (narrowed again when its access changes). */
  subscription?: SubscribePayload;
  /** That request narrowed to the principal's scope: what snapshots and resyncs answer. */
  filter?: OrderFilter;
  /** The one room the socket listens to, chosen from `filter` and the scope. */
  room?: string;
}

/** Between nodes (through the Redis adapter), besides the broadcasts themselves. */
export interface InterServerEvents {
  /** A node lost Redis for a while: the others may have missed its changes and resync their screens. */
  'screens:resync': () => void;
  /** Access withdrawn or changed on one node: every node checks its own sockets concerned. */
  'access:ended': (ended: AccessEnded) => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
export type Handshake = RealtimeSocket['handshake'];
