import type { Models } from './models.js';
import type { Lanes } from './lanes.js';

const isDuplicateKey = (e: unknown) => (e as { code?: number }).code === 11000;

/** Named monotonic counters: the global change `seq` and order numbers. */
export function counterRepository({ Counter }: Models, lanes: Lanes) {
  async function next(name: string, by = 1): Promise<number> {
    return lanes.run(`counter:${name}`, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const doc = await Counter.findOneAndUpdate(
            { _id: name },
            { $inc: { value: by } },
            { upsert: true, returnDocument: 'after' },
          ).lean();
          return doc!.value as number;
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
