import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SubscribePayload } from '../../../shared/events.js';

/** A test's socket client, typed with the contract's events. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Ack = {
  error?: { code: string };
  orders?: Array<{ id: string; machineId: string | null; assigneeId: string | null }>;
  seq?: number;
};

/** Fails instead of hanging when something never happens (a liveness bound, not a speed check). */
export function eventually<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} never happened`)), ms);
    }),
  ]);
}

/** Each socket's handshake outcome, listened for from the moment the socket exists: a test that awaits
 * one socket's handshake before another's must not miss the second one's `connect`. */
const outcomes = new WeakMap<Client, Promise<string>>();

/** A socket to `ctx.url` with these cookies (no reconnection), closed by the suite's `after.each` through `ctx.open`. */
export function openSocket(ctx: { url: string; open: Client[] }, cookie: string, headers: Record<string, string> = {}): Client {
  const s: Client = connect(ctx.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { ...(cookie ? { cookie } : {}), ...headers },
  });
  outcomes.set(
    s,
    new Promise((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
    }),
  );
  ctx.open.push(s);
  return s;
}

/** 'connected', or the refusal's code. */
export function handshake(s: Client): Promise<string> {
  return eventually(outcomes.get(s)!, 'the handshake');
}

export const subscribe = (s: Client, p: SubscribePayload) =>
  eventually(new Promise<Ack>((resolve) => s.emit('subscribe', p, (r) => resolve(r as Ack))), `the subscribe ack (socket ${s.connected ? 'connected' : 'disconnected'})`);
