import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import type { Order } from '../../../shared/schemas/order.js';
import { defaultSort, sortTableRows } from '../../../kiosk/src/supervisor/order-sort.js';
import { order } from './sample-order.js';

/** The supervisor table's sort, without a browser. */
const S = suite('supervisor tablet: sort');

const id = (o: Order) => o;
const numbers = (list: Order[]) => list.map((o) => o.number);

S('default sort: urgency, then due date, then number', () => {
  const list = [
    order(1, { urgency: 'ok', dueDate: '2026-07-01' }),
    order(2, { urgency: 'urgent', dueDate: '2026-06-01' }),
    order(3),
    order(4, { urgency: 'soon', dueDate: '2026-06-05' }),
    order(5, { urgency: 'urgent', dueDate: '2026-05-30' }),
  ];
  assert.equal(numbers(sortTableRows(list, id, defaultSort, defaultSettings)), [5, 2, 4, 1, 3]);
});

S('a text column sorts with French collation both ways, empty cells last either way, ties in default order', () => {
  const list = [
    order(1, {}, { company: 'Zèbre' }),
    order(2, {}, { company: 'éclat' }),
    order(3),
    order(4, {}, { company: 'Atelier 10' }),
    order(5, {}, { company: 'Atelier 9' }),
    order(6, { urgency: 'urgent', dueDate: '2026-01-01' }, { company: 'éclat' }),
  ];
  assert.equal(numbers(sortTableRows(list, id, { key: 'company', descending: false }, defaultSettings)), [5, 4, 6, 2, 1, 3]);
  assert.equal(numbers(sortTableRows(list, id, { key: 'company', descending: true }, defaultSettings)), [1, 6, 2, 4, 5, 3]);
});

S('the step column sorts by the workflow’s order, not by label', () => {
  const list = [order(1, { stepId: 'livraison' }), order(2, { stepId: 'decoupage' }), order(3, { stepId: 'assemblage' })];
  assert.equal(numbers(sortTableRows(list, id, { key: 'step', descending: false }, defaultSettings)), [2, 3, 1]);
});

S.run();
