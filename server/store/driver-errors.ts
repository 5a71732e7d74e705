/*
 * What the MongoDB driver's errors mean for us. The store is the only code
 * that talks to the database, so it is the one place that reads them.
 */

/** A unique index refused the write (code 11000): someone, maybe another node, stored that key first. */
export const isDuplicateKey = (e: unknown): boolean => (e as { code?: number } | null)?.code === 11000;

/** Errors from the MongoDB driver that mean "the database cannot be reached right now". */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  if (!e) return false;
  return (
    /^Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|PoolCleared|Topology)/.test(e.name ?? '') ||
    e.name === 'PoolClearedOnNetworkError' ||
    /before initial connection is complete|Client must be connected|connection .* closed|Connection pool .* cleared/i.test(
      e.message ?? '',
    )
  );
}
