import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, opId } from '../../helper.js';

/*
 * A workshop that existed before the statistics: its orders' histories
 * (active and archived) are counted once at start-up, in the background, and
 * its active orders get their stepSince from their last step change.
 */
const clock = { t: Date.parse('2026-05-04T07:00:00Z') };
const test = suite('insight backfill');

test('an existing workshop starts with its history counted, once; stepSince filled in for older active orders', async () => {
  const app = await buildTestApp({ config: { now: () => clock.t } });
  const dbName = app.config.dbName;
  const ids: string[] = [];
  for (let k = 0; k < 3; k++) {
    const r = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: `C${k}` }, stepId: 'emballage', dueDate: '2026-05-04' } });
    ids.push(body(r).id);
  }
  clock.t = Date.parse('2026-05-04T09:00:00Z');
  for (const id of ids.slice(0, 2)) {
    assert.is((await app.inject({ method: 'POST', url: `/api/orders/${id}/advance`, payload: { expectedStepId: 'emballage', opId: opId() } })).statusCode, 200);
  }
  // One of them finishes (into the archive).
  clock.t = Date.parse('2026-05-05T10:00:00Z');
  assert.is((await app.inject({ method: 'POST', url: `/api/orders/${ids[0]}/advance`, payload: { expectedStepId: 'livraison', opId: opId() } })).statusCode, 200);
  const range = '/api/insight/steps?from=2026-05-01&to=2026-05-31';
  const counted = body(await app.inject({ method: 'GET', url: range }));
  const throughput = body(await app.inject({ method: 'GET', url: '/api/insight/throughput?from=2026-05-04&to=2026-05-05' }));
  assert.equal(throughput.days, [
    { day: '2026-05-04', started: 3, finished: 0, late: 0 },
    { day: '2026-05-05', started: 0, finished: 1, late: 1 },
  ]);
  // As before the statistics existed: no insight documents, no stepSince.
  const { models } = app.db;
  await models.InsightDay.collection.deleteMany({});
  await models.InsightVisits.collection.deleteMany({});
  await models.Order.collection.updateMany({}, { $unset: { stepSince: '' } });
  await app.close();

  const again = await buildTestApp({ dbName, config: { now: () => clock.t } });
  try {
    await again.insightUpkeep.backfilled;
    assert.equal(body(await again.inject({ method: 'GET', url: range })), counted);
    assert.equal(body(await again.inject({ method: 'GET', url: '/api/insight/throughput?from=2026-05-04&to=2026-05-05' })).days, throughput.days);
    const active = body(await again.inject({ method: 'GET', url: '/api/orders' })).orders as Array<{ id: string; stepSince: string }>;
    assert.is(active.find((o) => o.id === ids[1])!.stepSince, '2026-05-04T09:00:00.000Z');
    assert.is(active.find((o) => o.id === ids[2])!.stepSince, '2026-05-04T07:00:00.000Z');
    // Done once: a second backfill (the mark says done) and a recovery pass count nothing more.
    assert.equal(await again.insightUpkeep.backfill(), { orders: 0 });
    await again.insightUpkeep.recover(new Date('2026-05-01T00:00:00Z'));
  } finally {
    await again.close();
  }
  const third = await buildTestApp({ dbName, config: { now: () => clock.t } });
  try {
    assert.equal(body(await third.inject({ method: 'GET', url: range })), counted);
  } finally {
    await third.close();
  }
});

test.run();
