/** How long a page of a column stays on the wall before the next. */
export const PAGE_MS = 8000;
/** Every order of a column is on screen at least once within this time, without a touch. */
export const ALL_SEEN_MS = 30_000;
/** Pages never turn faster than this: a number must stay long enough to be read from across the room. */
const FASTEST_PAGE_MS = 4000;

export interface PagePlan {
  /** One line per order (number, company, urgency) instead of cards. */
  compact: boolean;
  perPage: number;
  pages: number;
  intervalMs: number;
}

/** The last page of `pages` turning every `interval` is on screen within the budget. */
const seenInTime = (pages: number, interval: number) => (pages - 1) * interval <= ALL_SEEN_MS - interval / 2;

/**
 * How a column shows `count` orders when `fullFit` cards or `compactFit` rows fit its height:
 * cards when they fit on pages seen within ALL_SEEN_MS, else compact rows, turning faster only
 * when even those need it. The list is most urgent first, so urgent and at-risk orders are on the
 * first page whatever the plan.
 */
export function planPages(count: number, fullFit: number, compactFit: number): PagePlan {
  const full = Math.max(1, fullFit);
  const fullPages = Math.max(1, Math.ceil(count / full));
  if (seenInTime(fullPages, PAGE_MS)) return { compact: false, perPage: full, pages: fullPages, intervalMs: PAGE_MS };
  const rows = Math.max(full, compactFit);
  const pages = Math.max(1, Math.ceil(count / rows));
  let intervalMs = PAGE_MS;
  while (!seenInTime(pages, intervalMs) && intervalMs > FASTEST_PAGE_MS) intervalMs -= 500;
  return { compact: true, perPage: rows, pages, intervalMs };
}

/** How many items of `itemPx` (with `gapPx` between them) fit in `availablePx`; at least one. */
export function fitting(availablePx: number, itemPx: number, gapPx: number): number {
  if (itemPx <= 0) return 1;
  return Math.max(1, Math.floor((availablePx + gapPx) / (itemPx + gapPx)));
}
