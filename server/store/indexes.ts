import type { Collection, Schema } from 'mongoose';

/** What of a model this needs (every model of models.ts). */
interface Indexed {
  schema: Pick<Schema, 'indexes'>;
  collection: Pick<Collection, 'createIndex' | 'indexes' | 'dropIndex'>;
  createIndexes(): Promise<unknown>;
}

/**
 * The indexes a model declares, as each engine can use them. On MongoDB,
 * all of them. FerretDB 1.24 (SQLite) serves no query from a secondary index
 * (only `_id` equality reaches SQLite; see README.md) yet keeps each one on
 * every write, as a JSON expression index re-read from the document: there,
 * only unique indexes are made, for the duplicates they refuse, and the
 * others that an earlier version made are dropped. An order's Next rewrote
 * its `seq` and `stepId` index entries for no reader.
 */
export async function ensureIndexes(model: Indexed, engine: 'mongodb' | 'ferretdb'): Promise<void> {
  if (engine === 'mongodb') {
    await model.createIndexes();
    return;
  }
  for (const [fields, options] of model.schema.indexes()) {
    if (options?.unique) await model.collection.createIndex(fields as Record<string, 1 | -1>, { unique: true });
  }
  const existing = await model.collection.indexes().catch(() => []); // no collection yet: nothing to drop
  for (const ix of existing) {
    if (ix.name && ix.name !== '_id_' && !ix.unique) await model.collection.dropIndex(ix.name);
  }
}
