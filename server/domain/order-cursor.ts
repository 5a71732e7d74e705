import { unprocessable } from '../errors.js';

/**
 * Where the next "tout voir" page starts: the listing it belongs to (its
 * frozen first part, see store/listings.ts), the index into that part, and
 * the highest archive slot still to look at. Sent to clients as base64url
 * JSON: opaque to them, and checked on the way back in.
 */
export interface PageCursor {
  listing: string;
  index: number;
  slot: number;
}

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify([c.listing, c.index, c.slot])).toString('base64url');
}

const invalid = () =>
  unprocessable('invalid_cursor', 'This page cursor is not one the server handed out; start again from the first page (without "cursor")');

export function decodeCursor(text: string): PageCursor {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [listing, index, slot] = parsed as unknown[];
  if (typeof listing !== 'string' || !/^[0-9a-f]{24}$/.test(listing)) throw invalid();
  if (!Number.isSafeInteger(index) || (index as number) < 0) throw invalid();
  if (!Number.isSafeInteger(slot) || (slot as number) < -1) throw invalid();
  return { listing, index: index as number, slot: slot as number };
}
