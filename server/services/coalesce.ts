/**
 * Identical reads asked for at the same time share one database read — but a
 * caller only ever shares a read that STARTS after it asked, never one
 * already under way: whatever was committed before the call is in the answer,
 * exactly as with a read of its own. So per key there is at most one read
 * running and one waiting; every caller arriving meanwhile joins the waiting
 * one. Two hundred screens resubscribing after a restart then cost two reads
 * of their list, not two hundred queued behind each other.
 */
export function coalescing<A, T>(keyOf: (arg: A) => string, read: (arg: A) => Promise<T>): (arg: A) => Promise<T> {
  const running = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, Promise<T>>();
  return (arg) => {
    const key = keyOf(arg);
    const queued = waiting.get(key);
    if (queued) return queued;
    const before = running.get(key) ?? Promise.resolve();
    const next = before
      .catch(() => undefined)
      .then(() => {
        // From here on, newcomers wait for the read after this one.
        waiting.delete(key);
        const run = read(arg);
        const settled = run.catch(() => undefined);
        running.set(key, settled);
        void settled.then(() => {
          if (running.get(key) === settled) running.delete(key);
        });
        return run;
      });
    waiting.set(key, next);
    return next;
  };
}
