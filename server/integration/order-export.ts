import type { OrderFilter, OrderSort } from '../../shared/schemas/order.js';
import { MAX_PAGE } from '../services/order-pages.js';
import type { OrderService } from '../services/orders.js';
import type { Lookups } from './csv/rows.js';
import { headerLine, namesOf, orderLine } from './csv/write.js';

/**
 * The list as CSV, a page at a time: the active list is one read bounded by
 * the work in progress; with `all`, the "tout voir" pages (MAX_PAGE orders
 * each, through the same cursor as the tablet) are read and written one after
 * the other, so 50,000 finished orders never sit in one array. UTF-8 with a
 * BOM, which Excel needs to read the accents right.
 */
export async function* exportCsv(
  deps: { orders: OrderService; lookups: () => Promise<Lookups> },
  filter: OrderFilter,
  sort: OrderSort | undefined,
  separator: ';' | ',',
): AsyncGenerator<string> {
  const names = namesOf(await deps.lookups());
  yield '\uFEFF' + headerLine(separator);
  if (!filter.all) {
    const { orders } = await deps.orders.list(filter, sort);
    yield orders.map((o) => orderLine(o, names, separator)).join('');
    return;
  }
  let cursor: string | undefined;
  do {
    const page = await deps.orders.page(filter, sort, MAX_PAGE, cursor);
    yield page.orders.map((o) => orderLine(o, names, separator)).join('');
    cursor = page.next ?? undefined;
  } while (cursor);
}
