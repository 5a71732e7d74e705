import { entryOf, type ArchiveIndex } from './archive-index.js';
import type { Models } from './models.js';
import type { StoredOrder } from './orders.js';

/**
 * Writes many finished orders straight into the archive, with their index
 * entries: one counter bump for their slots, seqs and numbers, batched
 * inserts, one rewrite per index bucket. For loading a large history (the
 * ageing bench) while no server writes to the same database; live moves go
 * through orders.ts.
 */
export async function bulkArchive(
  { Counter, ArchivedOrder }: Pick<Models, 'Counter' | 'ArchivedOrder'>,
  index: ArchiveIndex,
  orders: Array<Omit<StoredOrder, 'seq' | 'archiveSlot' | 'number'>>,
): Promise<void> {
  const bump = async (name: string, by: number) =>
    ((await Counter.findOneAndUpdate({ _id: name }, { $inc: { value: by } }, { upsert: true, returnDocument: 'after' }).lean()) as { value: number }).value;
  const n = orders.length;
  const lastSlot = await bump('archiveSlot', n);
  const lastSeq = await bump('seq', n);
  const lastNumber = await bump('orderNumber', n);
  const docs: StoredOrder[] = orders.map((o, i) => ({ ...o, number: lastNumber - n + 1 + i, seq: lastSeq - n + 1 + i, archiveSlot: lastSlot - n + 1 + i }));
  for (let i = 0; i < n; i += 1000) await ArchivedOrder.insertMany(docs.slice(i, i + 1000), { lean: true });
  await index.putMany(docs.map((d) => ({ slot: d.archiveSlot!, entry: entryOf(d) })));
}
