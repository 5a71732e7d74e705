import type { Models } from './models.js';

export interface StoredToken {
  _id: string;
  name: string;
  scopes: string[];
  /** The SHA-256 of the secret: the `_id` of its grant, which requests are looked up by. */
  hash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The tokens as the tablet lists them; requests never read this collection (their grant says everything). */
export function apiTokenRepository({ ApiToken }: Pick<Models, 'ApiToken'>) {
  return {
    async insert(t: StoredToken): Promise<void> {
      await ApiToken.create(t);
    },
    async list(): Promise<StoredToken[]> {
      return (await ApiToken.find({}).sort({ createdAt: 1 }).lean()) as StoredToken[];
    },
    async get(id: string): Promise<StoredToken | null> {
      return (await ApiToken.findById(id).lean()) as StoredToken | null;
    },
    async remove(id: string): Promise<boolean> {
      return (await ApiToken.deleteOne({ _id: id })).deletedCount === 1;
    },
    async touch(id: string, at: Date): Promise<void> {
      await ApiToken.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
    },
  };
}
export type ApiTokenRepository = ReturnType<typeof apiTokenRepository>;
