import type { Models } from './models.js';

/**
 * A "tout voir" listing, made at its first page: the ids of the active
 * orders it showed first (in the list's sort) and the archive slot counter
 * read before and after reading them. Later pages read it by `_id` from
 * their cursor, so they continue the same listing whatever moved meanwhile.
 */
export interface StoredListing {
  _id: string;
  /** The filter and sort it was made for: a cursor only continues the same listing. */
  filter: Record<string, string | null>;
  ids: string[];
  slotBefore: number;
  slotAfter: number;
  createdAt: Date;
}

/** How long a cursor keeps working; after that a client starts again from the first page. */
export const LISTING_TTL_MS = 6 * 3600_000;

export function listingStore({ Listing }: Pick<Models, 'Listing'>) {
  let prunedAt = 0;
  return {
    async create(listing: StoredListing): Promise<void> {
      await Listing.create(listing);
      // Listings made in the last hours are few (one per "tout voir" opened): a rare scan of them is cheap.
      if (listing.createdAt.getTime() - prunedAt > 60_000) {
        prunedAt = listing.createdAt.getTime();
        await Listing.deleteMany({ createdAt: { $lt: new Date(prunedAt - LISTING_TTL_MS) } });
      }
    },
    async get(id: string): Promise<StoredListing | null> {
      return (await Listing.findById(id).lean()) as StoredListing | null;
    },
  };
}
export type ListingStore = ReturnType<typeof listingStore>;
