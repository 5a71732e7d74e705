import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import type { Order } from '../../../shared/schemas/order.js';
import { createBody, fieldError, fieldsOf, patchBody } from '../../../kiosk/src/supervisor/order-fields.js';
import { defaultSort, sortTableRows } from '../../../kiosk/src/supervisor/order-sort.js';

/** The supervisor table's sort and the order form's bodies and error mapping, without a browser. */
const S = suite('supervisor tablet: sort and order form');

function order(n: number, extra: Partial<Order> = {}, contact: Partial<Order['contact']> = {}): Order {
  return {
    id: `o${n}`,
    number: n,
    date: '2026-06-03',
    contact: { name: `Contact ${n}`, ...contact },
    status: null,
    stepId: 'en-attente',
    dueDate: null,
    assigneeId: null,
    machineId: null,
    version: 3,
    seq: n,
    urgency: 'none',
    ...extra,
  };
}

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

S('create body leaves empty optional fields out; patch body carries only changes and the version', () => {
  const f = { ...fieldsOf(null), name: 'Zoé', company: 'SOFAR', dueDate: '2026-07-01', number: '42' };
  assert.equal(createBody(f), { contact: { name: 'Zoé', company: 'SOFAR' }, status: null, dueDate: '2026-07-01', assigneeId: null, machineId: null, number: 42 });
  const o = order(7, { dueDate: '2026-06-10', nature: 'AUTRE' }, { company: 'SOFAR', email: 'a@b.fr' });
  assert.is(patchBody(o, fieldsOf(o)), null, 'nothing changed, nothing sent');
  assert.equal(patchBody(o, { ...fieldsOf(o), dueDate: '' }), { dueDate: null, expectedVersion: 3 });
  assert.equal(patchBody(o, { ...fieldsOf(o), email: '' }), {
    contact: { name: 'Contact 7', id: '', company: 'SOFAR', email: '', postalCode: '' },
    expectedVersion: 3,
  });
});

S('server refusals land on their field, in the catalogue’s words', () => {
  const schema = (message: string) => ({ code: 'invalid_request', message });
  assert.equal(fieldError(schema('body/contact/email must be equal to constant, body/contact/email must match format "email"')), {
    field: 'email',
    message: { key: 'form.emailInvalid' },
  });
  assert.equal(fieldError(schema('body/contact/company must NOT have more than 120 characters')), {
    field: 'company',
    message: { key: 'form.tooLong', params: { max: 120 } },
  });
  assert.equal(fieldError(schema('body/dueDate must match pattern "^\\d{4}$"')), { field: 'dueDate', message: { key: 'form.dateInvalid' } });
  assert.equal(fieldError({ code: 'unknown_status', message: '"x" is not one of the statuses' }), {
    field: 'status',
    message: { text: '"x" is not one of the statuses' },
  });
  assert.is(fieldError({ code: 'stale_version', message: 'changed' }), null);
});

S.run();
