import type { FastifyBaseLogger } from 'fastify';
import type { ChangeEvents, ChangeFeed } from '../services/change-feed.js';
import { changeRooms, orderRooms } from './rooms.js';
import type { RealtimeServer } from './types.js';

/** How many orders the broadcaster remembers the last rooms of (about 100 bytes each). */
const REMEMBERED_ORDERS = 50_000;

/**
 * The rooms each order was last announced in, most recent last. The feed's
 * `before` is the order as its service read it before queueing the write: two
 * edits of one order in flight together both carry the same `before`, so the
 * one that lands second would not tell the room that the first one moved the
 * order into (A → B then B → C announced as A → C: machine B keeps showing
 * it). Changes of one order are published in the order they commit, so the
 * rooms of the previous announcement are exactly the rooms the order is
 * leaving; they are added to `before`'s. Within one node: changes committed
 * through another node are not seen here.
 */
class AnnouncedRooms {
  private readonly rooms = new Map<string, string[]>();

  take(id: string): string[] {
    return this.rooms.get(id) ?? [];
  }

  set(id: string, rooms: string[]): void {
    this.rooms.delete(id);
    this.rooms.set(id, rooms);
    if (this.rooms.size > REMEMBERED_ORDERS) this.rooms.delete(this.rooms.keys().next().value!);
  }

  forget(id: string): void {
    this.rooms.delete(id);
  }
}

/**
 * Relays committed changes to the screens. The feed fires after the write,
 * so nothing is announced that the database has not accepted.
 *
 * Order events go to the rooms of the order before AND after the change (a
 * kiosk sees an order arrive and leave) and to `all`; one `io.to(rooms)`
 * reaches each socket once. They are never `volatile`: a screen must not
 * miss a change, and each socket has its own write buffer, so a slow screen
 * delays only itself (limits.ts cuts it off when it falls too far behind;
 * it then reconnects and resyncs). Settings go to every socket.
 *
 * A listener that throws must not fail the request whose write has already
 * committed (the feed is a synchronous EventEmitter): errors are logged.
 * Returns the function that stops relaying.
 */
export function startBroadcaster(io: RealtimeServer, feed: ChangeFeed, log: FastifyBaseLogger): () => void {
  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (e) {
        log.error({ err: e }, `realtime: could not broadcast ${what}`);
      }
    };

  const announced = new AnnouncedRooms();
  const onOrderChanged = guard('order:changed', ({ seq, before, after }: ChangeEvents['order:changed'][0]) => {
    const rooms = new Set([...changeRooms(before, after), ...announced.take(after.id)]);
    announced.set(after.id, orderRooms(after));
    io.to([...rooms]).emit('order:changed', { seq, order: after });
  });
  const onOrderRemoved = guard('order:removed', ({ seq, id, before }: ChangeEvents['order:removed'][0]) => {
    const rooms = new Set([...changeRooms(before, null), ...announced.take(id)]);
    announced.forget(id);
    io.to([...rooms]).emit('order:removed', { seq, id });
  });
  const onSettingsChanged = guard('settings:changed', ({ settings }: ChangeEvents['settings:changed'][0]) => {
    io.emit('settings:changed', { settings });
  });

  feed.on('order:changed', onOrderChanged);
  feed.on('order:removed', onOrderRemoved);
  feed.on('settings:changed', onSettingsChanged);
  return () => {
    feed.off('order:changed', onOrderChanged);
    feed.off('order:removed', onOrderRemoved);
    feed.off('settings:changed', onSettingsChanged);
  };
}
