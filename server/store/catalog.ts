import type { Model } from 'mongoose';
import { byIdMemo } from './by-id-memo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each collection has its own document type; rows are read as plain records
type AnyModel = Model<any>;

/**
 * Plain CRUD for the small reference collections (users, machines,
 * templates): documents with a string _id, exposed as `{ id, ...fields }`.
 * `memo`: documents read by `_id` kept in memory (people, read on every
 * request: by-id-memo.ts), for a process that is the only writer.
 */
export function catalogRepository<T extends object>(model: AnyModel, hidden: string[] = [], { memo = false } = {}) {
  const projection = Object.fromEntries(hidden.map((f) => [f, 0]));
  const known = byIdMemo<Record<string, unknown>>(memo);
  const toEntity = (doc: Record<string, unknown>): T & { id: string } => {
    const { _id, ...rest } = doc;
    for (const f of hidden) delete rest[f];
    return { id: String(_id), ...rest } as T & { id: string };
  };
  const byId = (id: string) => known.read(id, async () => (await model.findById(id).lean()) as Record<string, unknown> | null);
  return {
    async list(): Promise<Array<T & { id: string }>> {
      const docs = (await model.find({}, projection).sort({ name: 1 }).lean()) as Record<string, unknown>[];
      return docs.map(toEntity);
    },
    async get(id: string): Promise<(T & { id: string }) | null> {
      const doc = memo ? await byId(id) : ((await model.findById(id, projection).lean()) as Record<string, unknown> | null);
      return doc ? toEntity(doc) : null;
    },
    /** The stored document with every field (password hashes included): for the auth code only. */
    async raw(query: Record<string, unknown>): Promise<Record<string, unknown> | null> {
      const keys = Object.keys(query);
      if (keys.length === 1 && keys[0] === '_id' && typeof query._id === 'string') return byId(query._id);
      return (await model.findOne(query).lean()) as Record<string, unknown> | null;
    },
    async exists(id: string): Promise<boolean> {
      return (await model.countDocuments({ _id: id })) > 0;
    },
    async insert(id: string, fields: Record<string, unknown>): Promise<T & { id: string }> {
      await known.write(id, () => model.create({ _id: id, ...fields }));
      return (await this.get(id))!;
    },
    async update(id: string, fields: Record<string, unknown>): Promise<(T & { id: string }) | null> {
      // No projection here: FerretDB 1.24 does not apply one on findOneAndUpdate; toEntity drops hidden fields.
      const doc = (await known.write(id, () => model.findOneAndUpdate({ _id: id }, { $set: fields }, { returnDocument: 'after' }).lean())) as Record<
        string,
        unknown
      > | null;
      return doc ? toEntity(doc) : null;
    },
    async remove(id: string): Promise<boolean> {
      return (await known.write(id, () => model.deleteOne({ _id: id }))).deletedCount === 1;
    },
    async count(query: Record<string, unknown> = {}): Promise<number> {
      return model.countDocuments(query);
    },
  };
}
export type CatalogRepository<T extends object> = ReturnType<typeof catalogRepository<T>>;
