import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createBody, fieldError, fieldsOf, patchBody } from '../../../kiosk/src/supervisor/order-fields.js';
import { order } from './sample-order.js';

/** The order form's bodies and error mapping, without a browser. */
const S = suite('supervisor tablet: order form');

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
