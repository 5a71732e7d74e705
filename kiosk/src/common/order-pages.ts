import type { OrderFilter } from '../../../shared/order-filter.js';
import type { Order } from '../../../shared/schemas/order.js';
import { ApiError, NetworkError } from './api.js';
import type { OrderStore } from './order-store.js';

/** Orders asked per page while scrolling "tout voir". */
export const PAGE_SIZE = 200;

/** The `rel="next"` target of a Link header (RFC 8288), or null when there is none. */
export function nextLink(header: string | null): string | null {
  for (const part of header?.split(',') ?? []) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2])) return m[1];
  }
  return null;
}

/** The first page's address for a filter: the list's query with all=1 and a page size. */
export function firstPage(filter: OrderFilter): string {
  const p = new URLSearchParams();
  if (filter.stepId) p.set('step', filter.stepId);
  if (filter.assigneeId) p.set('assignee', filter.assigneeId);
  if (filter.machineId) p.set('machine', filter.machineId);
  if (filter.q?.trim()) p.set('q', filter.q.trim());
  p.set('all', '1');
  p.set('limit', String(PAGE_SIZE));
  return `/api/orders?${p.toString()}`;
}

async function fetchPage(url: string): Promise<{ orders: Order[]; next: string | null }> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  const data = (await res.json().catch(() => null)) as { orders?: Order[]; error?: { code?: string; message?: string } } | null;
  if (!res.ok || !data?.orders) {
    throw new ApiError(res.status, data?.error?.code ?? `http_${res.status}`, data?.error?.message ?? res.statusText, data);
  }
  return { orders: data.orders, next: nextLink(res.headers.get('link')) };
}

/**
 * "Tout voir" beyond what the live link's snapshot holds (the active orders
 * and the most recently finished): the server's pages, followed through
 * their Link header while the user scrolls. Each page's orders go into the
 * screen's store like any answer (the store keeps, per order, the newest),
 * without moving the store's seq, which only the live link advances.
 */
export class OrderPager {
  private filter: OrderFilter = {};
  /** The next page's address; undefined before the first, null once the last is in. */
  private next: string | null | undefined = undefined;
  private loading: Promise<void> | null = null;

  constructor(private readonly store: OrderStore) {}

  /** A new filter starts again from its first page. */
  setFilter(filter: OrderFilter): void {
    this.filter = filter;
    this.next = undefined;
  }

  get finished(): boolean {
    return this.next === null;
  }

  /** Loads the next page when the filter is "tout voir" and one remains; one at a time. */
  loadMore(): Promise<void> {
    if (!this.filter.all || this.next === null) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  /** Pages until one brings something the screen did not hold (the first pages repeat the live snapshot), or the last. */
  private async load(): Promise<void> {
    const filter = this.filter;
    const before = this.store.version;
    do {
      const page = await fetchPage(this.next ?? firstPage(filter));
      if (filter !== this.filter) return;
      for (const o of page.orders) this.store.upsert(o, this.store.seq, false);
      this.next = page.next;
    } while (this.next !== null && this.store.version === before);
  }
}
