/**
 * Group commit: calls that arrive while a write is in flight are written
 * together by the next one, in arrival order. One write per burst instead of
 * one per call; a lone call is written at once, so nothing waits for a timer.
 * Used for the seq counters, the opId claims and the statistics.
 *
 * `write` gets the batch and answers one result per item, in the same order
 * (a result may be an Error: that item fails, the others succeed). A write
 * that throws fails its whole batch; the next batch is tried all the same.
 *
 * `gatherMs`, for a write nobody's answer waits for (the statistics): each
 * batch first waits that long for company, so a busy minute makes a few
 * large writes rather than one per write in flight.
 */
export function groupCommit<A, R>(write: (items: A[]) => Promise<Array<R | Error>>, { gatherMs = 0 } = {}): (item: A) => Promise<R> {
  let waiting: Array<{ item: A; ok: (r: R) => void; fail: (e: unknown) => void }> = [];
  let flying = false;

  async function fly(): Promise<void> {
    flying = true;
    try {
      for (;;) {
        if (gatherMs) await new Promise((r) => setTimeout(r, gatherMs));
        if (!waiting.length) break;
        const batch = waiting;
        waiting = [];
        try {
          const results = await write(batch.map((w) => w.item));
          batch.forEach((w, i) => {
            const r = results[i];
            if (r instanceof Error) w.fail(r);
            else w.ok(r);
          });
        } catch (e) {
          batch.forEach((w) => w.fail(e));
        }
      }
    } finally {
      flying = false;
    }
  }

  return (item) =>
    new Promise<R>((ok, fail) => {
      waiting.push({ item, ok, fail });
      if (!flying) void fly();
    });
}
