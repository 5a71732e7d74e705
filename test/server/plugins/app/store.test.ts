import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, opId, uniqueDbName } from '../../../helper.js';

test('data, order numbers and seq survive a server restart', async () => {
  const dbName = uniqueDbName('restart');
  const first = await buildTestApp({ dbName });
  const o = body(await first.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Persist' }, dueDate: '2030-01-01' } }));
  const moved = body(await first.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } }));
  await first.close();

  const second = await buildTestApp({ dbName });
  try {
    const read = body(await second.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
    assert.equal(read, moved);
    const next = body(await second.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'After' } } }));
    assert.is(next.number, o.number + 1);
    assert.ok(next.seq > moved.seq);
    // The workflow was not re-seeded over the existing one.
    assert.is(body(await second.inject({ method: 'GET', url: '/api/settings' })).steps.length, 8);
  } finally {
    await second.close();
  }
});

test.run();
