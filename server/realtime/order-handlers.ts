import type { FastifyBaseLogger } from 'fastify';
import type { ErrorAck } from '../../shared/events.js';
import { canSeeOrder } from '../domain/order-access.js';
import { errorReply } from '../errors.js';
import { errorAck, parseResync, parseSubscribe, type Parsed } from './payloads.js';
import { planResync, type ResyncLimits, type ResyncSource } from './resync.js';
import { checkSubscription } from './socket-access.js';
import type { RealtimeSocket } from './types.js';

export interface OrderHandlerDeps {
  source: ResyncSource;
  limits: ResyncLimits;
  log: FastifyBaseLogger;
  /** Right after a subscription's snapshot was answered (today's insight for supervisors and walls). */
  afterSubscribe?: (socket: RealtimeSocket) => Promise<void>;
}

/** An error as a socket answer: the same codes as the HTTP API, internals never leak. */
function failure(e: unknown, log: FastifyBaseLogger): ErrorAck {
  const { body, log: level } = errorReply(e);
  if (level === 'warn') log.warn({ err: e }, 'socket: database unavailable');
  else if (level === 'error') log.error({ err: e }, 'socket: unhandled error');
  return errorAck(body.error.code, body.error.message);
}

function refuse<T>(parsed: Extract<Parsed<T>, { ok: false }>, socket: RealtimeSocket, log: FastifyBaseLogger): void {
  // Without a callback there is nobody to answer: nothing happens.
  if (parsed.ack) parsed.ack(parsed.error);
  else log.debug({ socket: socket.id }, 'socket event without acknowledgement ignored');
}

/**
 * `subscribe` and `resync` for one socket. They only ever answer their own
 * socket: broadcasts come from the broadcaster, after the write.
 */
export function registerOrderHandlers(socket: RealtimeSocket, deps: OrderHandlerDeps): void {
  const { source, limits, log } = deps;

  // One event at a time per socket, so that a `resync` sent right behind a
  // `subscribe` is answered for that subscription, and two subscriptions
  // cannot interleave their room changes.
  let queue: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((e: unknown) => log.error({ err: e }, 'socket handler failed'));
  };

  socket.on('subscribe', (...args: unknown[]) =>
    serially(async () => {
      const parsed = parseSubscribe(args);
      if (!parsed.ok) return refuse(parsed, socket, log);
      const decision = checkSubscription(socket.data.principal!, parsed.payload);
      if (!decision.ok) return parsed.ack(errorAck(decision.code, decision.message));

      const previous = socket.data.subscription;
      const previousRoom = socket.data.room ?? null;
      const { room, filter } = decision;
      // Join before reading the snapshot: a change committed meanwhile then
      // reaches this socket live instead of falling between the two (the
      // screen keeps the higher seq per order, whichever arrives first).
      if (previousRoom && previousRoom !== room) await socket.leave(previousRoom);
      await socket.join(room);
      const before = { subscription: previous, room: socket.data.room, filter: socket.data.filter };
      Object.assign(socket.data, { subscription: parsed.payload, room, filter });
      let answered = false;
      try {
        parsed.ack(await source.snapshot(filter));
        answered = true;
      } catch (e) {
        // Nothing changes when the answer fails: back to what the socket followed.
        if (previousRoom !== room) await socket.leave(room);
        if (previousRoom) await socket.join(previousRoom);
        Object.assign(socket.data, before);
        parsed.ack(failure(e, log));
      }
      // The extras pushed after the answer are for this socket alone: once it is gone (a screen
      // that left, a server stopping under 200 resubscribing screens) their failure loses nothing.
      if (answered) {
        await deps.afterSubscribe?.(socket).catch((e: unknown) => {
          if (socket.connected) log.error({ err: e }, 'socket: after subscribe');
          else log.debug({ err: e }, 'socket: after subscribe, socket gone');
        });
      }
    }),
  );

  socket.on('resync', (...args: unknown[]) =>
    serially(async () => {
      const parsed = parseResync(args);
      if (!parsed.ok) return refuse(parsed, socket, log);
      const filter = socket.data.filter;
      if (!filter) {
        return parsed.ack(errorAck('not_subscribed', 'Send "subscribe" first: resync answers for a subscription'));
      }
      try {
        const principal = socket.data.principal!;
        const plan = await planResync(source, parsed.payload.sinceSeq, filter, limits, (order) =>
          canSeeOrder(principal, order),
        );
        // Settings first: the screen filters the orders that follow with them.
        if (plan.settings) socket.emit('settings:changed', { settings: plan.settings });
        parsed.ack(plan.ack);
      } catch (e) {
        parsed.ack(failure(e, log));
      }
    }),
  );
}
