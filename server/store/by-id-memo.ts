/** At most this many documents kept (people and screens: a workshop has tens). */
const MAX_ENTRIES = 5000;

/**
 * Documents read by `_id` on every request and socket handshake (the person
 * signed in, the screen asking), kept in memory when this process is the only
 * one writing them (no REDIS_URL: the same rule as the active orders). Every
 * write goes through the repository, which forgets the entry before and after
 * it; a read that was under way while a write happened does not keep what it
 * read. With several nodes another node's write would not be seen, so nothing
 * is kept and every read goes to the database, as before.
 *
 * Copies in and out: a caller changing what it got never changes the memory.
 */
export function byIdMemo<T extends object>(enabled: boolean) {
  const entries = new Map<string, T>();
  let epoch = 0;
  const forget = (id?: string) => {
    epoch++;
    if (id === undefined) entries.clear();
    else entries.delete(id);
  };

  return {
    async read(id: string, load: () => Promise<T | null>): Promise<T | null> {
      const known = enabled ? entries.get(id) : undefined;
      if (known) return structuredClone(known);
      const started = epoch;
      const found = await load();
      // A missing document is not kept: it may be created beside us (a restore, a first start).
      if (enabled && found && started === epoch) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(id, structuredClone(found));
      }
      return found;
    },
    /** Runs a write to `id` (every id when none is given), forgetting it before and after. */
    async write<R>(id: string | undefined, task: () => Promise<R>): Promise<R> {
      forget(id);
      try {
        return await task();
      } finally {
        forget(id);
      }
    },
    /** Something wrote beside the repository (a test moving time on): read again. */
    forget,
  };
}
