import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData, SubscribePayload } from '../../shared/events.js';
import type { Principal } from '../domain/principal.js';

/** What the server keeps on each socket (shared/events.ts leaves the principal opaque to the kiosk). */
export interface ServerSocketData extends SocketData {
  principal?: Principal;
  subscription?: SubscribePayload;
}

/** Between nodes (through the Redis adapter), besides the broadcasts themselves. */
export interface InterServerEvents {
  /** A node lost Redis for a while: the others may have missed its changes and resync their screens. */
  'screens:resync': () => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ServerSocketData>;
export type Handshake = RealtimeSocket['handshake'];
