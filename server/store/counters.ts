import { isDuplicateKey } from './driver-errors.js';
import { groupCommit } from './group-commit.js';
import { assertLeasesHeld, type WriteLanes } from './lanes.js';
import type { Models } from './models.js';

/** Named monotonic counters: the global change `seq` and order numbers. */
export function counterRepository({ Counter }: Pick<Models, 'Counter'>, lanes: WriteLanes) {
  /*
   * Every change takes a seq, so this counter is the busiest document. Callers
   * that arrive while an increment is in flight are served together by the
   * next one ($inc by their number), in arrival order: values stay unique and
   * increasing in the order the database hands them out, with one round trip
   * per burst instead of one per change.
   */
  const batchers = new Map<string, () => Promise<number>>();

  function next(name: string): Promise<number> {
    let take = batchers.get(name);
    if (!take) {
      const together = groupCommit(async (callers: undefined[]) => {
        const last = await increment(name, callers.length);
        return callers.map((_, i) => last - callers.length + 1 + i);
      });
      take = () => together(undefined);
      batchers.set(name, take);
    }
    return take();
  }

  async function increment(name: string, by: number): Promise<number> {
    return lanes.run(`counter:${name}`, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          // Two nodes must never draw the same number: not without the lane's lease.
          assertLeasesHeld();
          const doc = await Counter.findOneAndUpdate(
            { _id: name },
            { $inc: { value: by } },
            { upsert: true, returnDocument: 'after' },
          ).lean();
          return doc.value as number;
        } catch (e) {
          // Two nodes creating the counter at once: the loser retries the increment.
          if (isDuplicateKey(e) && attempt < 3) continue;
          throw e;
        }
      }
    });
  }

  /** Makes sure the counter is at least `value` (a hand-picked order number moves the sequence on). */
  async function raise(name: string, value: number): Promise<void> {
    await lanes.run(`counter:${name}`, async () => {
      const doc = await Counter.findById(name).lean();
      if (!doc) {
        try {
          await Counter.create({ _id: name, value });
        } catch (e) {
          if (!isDuplicateKey(e)) throw e;
          await Counter.updateOne({ _id: name }, { $max: { value } });
        }
      } else if ((doc.value as number) < value) {
        await Counter.updateOne({ _id: name }, { $max: { value } });
      }
    });
  }

  async function current(name: string): Promise<number> {
    const doc = await Counter.findById(name).lean();
    return (doc?.value as number | undefined) ?? 0;
  }

  return { next, raise, current };
}
export type CounterRepository = ReturnType<typeof counterRepository>;
