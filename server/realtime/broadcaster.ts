import type { FastifyBaseLogger } from 'fastify';
import type { ChangeEvents, ChangeFeed } from '../services/change-feed.js';
import { changeRooms } from './rooms.js';
import type { RealtimeServer } from './types.js';

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

  // `before` is the document the write replaced (read inside the order's write lane), so its rooms
  // are the ones screens saw the order in, even when two edits race.
  const onOrderChanged = guard('order:changed', ({ seq, before, after }: ChangeEvents['order:changed'][0]) => {
    io.to(changeRooms(before, after)).emit('order:changed', { seq, order: after });
  });
  const onOrderRemoved = guard('order:removed', ({ seq, id, before }: ChangeEvents['order:removed'][0]) => {
    io.to(changeRooms(before, null)).emit('order:removed', { seq, id });
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
