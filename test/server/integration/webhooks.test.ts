import { createHmac } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import type { WebhookTimings } from '../../../server/config.js';
import { body, buildTestApp, opId } from '../../helper.js';
import { closedPort, startReceiver, until } from './receiver.js';

/** Short backoff for tests (WEBHOOK_BACKOFF_MS in production), 24 h give-up unless a test says otherwise. */
const fast = (over: Partial<WebhookTimings> = {}): WebhookTimings => ({
  timeoutMs: 1000,
  backoffMs: 50,
  backoffMaxMs: 400,
  giveUpMs: 24 * 3600_000,
  pollMs: 50,
  leaseMs: 3000,
  ...over,
});

const ALL = ['order.created', 'order.updated', 'order.step_changed', 'order.finished', 'order.removed'];

async function hook(app: FastifyInstance, url: string, events = ALL, secret?: string) {
  const res = await app.inject({ method: 'POST', url: '/api/webhooks', payload: { url, events, ...(secret ? { secret } : {}) } });
  assert.is(res.statusCode, 201, res.body);
  return body<{ webhook: { id: string; enabled: boolean }; secret: string }>(res);
}
async function newOrder(app: FastifyInstance, name = 'Dupont') {
  const res = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name } } });
  assert.is(res.statusCode, 201, res.body);
  return body<{ id: string; stepId: string; number: number }>(res);
}
async function next(app: FastifyInstance, o: { id: string; stepId: string }) {
  const res = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: o.stepId, opId: opId() } });
  assert.is(res.statusCode, 200, res.body);
  return body<{ id: string; stepId: string; number: number }>(res);
}
const parsed = (b: string) => JSON.parse(b) as { id: string; type: string; at: string; order: { id: string; stepId: string; number: number } };

const W = suite<{ app: FastifyInstance }>('signed webhooks');
W.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { webhooks: fast() } });
});
W.after(async ({ app }) => app?.close());

W('only http(s) addresses and known events; a secret is made when none is given', async ({ app }) => {
  for (const url of ['ftp://erp.example/x', 'javascript:alert(1)', 'file:///etc/passwd', 'http://user:pw@erp.example/x', 'not a url at all']) {
    const res = await app.inject({ method: 'POST', url: '/api/webhooks', payload: { url, events: ['order.created'] } });
    assert.is(res.statusCode, 400, url);
  }
  assert.is((await app.inject({ method: 'POST', url: '/api/webhooks', payload: { url: 'https://erp.example/x', events: ['order.eaten'] } })).statusCode, 400);
  assert.is((await app.inject({ method: 'GET', url: '/api/webhooks' })).body, '[]', 'nothing was created');
  const made = await hook(app, 'https://erp.example/x', ['order.created']);
  assert.match(made.secret, /^whsec_/);
  const listed = await app.inject({ method: 'GET', url: '/api/webhooks' });
  assert.not.match(listed.body, made.secret);
  const patched = await app.inject({ method: 'PATCH', url: `/api/webhooks/${made.webhook.id}`, payload: { url: 'gopher://x' } });
  assert.is(patched.statusCode, 400);
  assert.is((await app.inject({ method: 'DELETE', url: `/api/webhooks/${made.webhook.id}` })).statusCode, 204);
  assert.is((await app.inject({ method: 'GET', url: `/api/webhooks/${made.webhook.id}` })).statusCode, 404);
});

W('each delivery is signed with the secret: HMAC-SHA256 of the raw body, with the event and delivery headers', async ({ app }) => {
  const rx = await startReceiver();
  const { webhook } = await hook(app, rx.url, ALL, 'a-secret-of-our-own-choosing');
  try {
    const o = await newOrder(app);
    await until('the created event', () => rx.received.length >= 1);
    const got = rx.received[0];
    const expected = `sha256=${createHmac('sha256', 'a-secret-of-our-own-choosing').update(got.body).digest('hex')}`;
    assert.is(got.headers['x-jalon-signature'], expected);
    assert.is(got.headers['x-jalon-event'], 'order.created');
    assert.is(got.headers['content-type'], 'application/json');
    const p = parsed(got.body);
    assert.is(p.type, 'order.created');
    assert.is(p.id, got.headers['x-jalon-delivery']);
    assert.is(p.order.id, o.id);
    assert.ok(!Number.isNaN(Date.parse(p.at)));
    assert.not.ok('history' in p.order);
    await next(app, o);
    await until('the step change', () => rx.received.length >= 2);
    assert.is(parsed(rx.received[1].body).type, 'order.step_changed');
    await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'Plaques' } });
    await app.inject({ method: 'DELETE', url: `/api/orders/${o.id}` });
    await until('updated and removed', () => rx.received.length >= 4);
    assert.equal(rx.received.map((r) => parsed(r.body).type), ['order.created', 'order.step_changed', 'order.updated', 'order.removed']);
  } finally {
    await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
    await rx.close();
  }
});

W('a 500 then a 204: retried with the same delivery id; the deliveries say so; redeliver sends it again', async ({ app }) => {
  const rx = await startReceiver();
  const { webhook } = await hook(app, rx.url, ['order.created']);
  try {
    rx.answer(500);
    await newOrder(app);
    await until('the retry', () => rx.received.length >= 2);
    assert.equal(rx.received.map((r) => r.status), [500, 204]);
    assert.is(rx.received[0].headers['x-jalon-delivery'], rx.received[1].headers['x-jalon-delivery']);
    assert.is(rx.received[0].body, rx.received[1].body, 'the same bytes, the same signature');
    type Row = { id: string; state: string; attempts: number; lastStatus: number };
    let list: Row[] = [];
    // The receiver answered; the worker records it just after.
    await until('recorded as delivered', async () => {
      list = body<Row[]>(await app.inject({ method: 'GET', url: `/api/webhooks/${webhook.id}/deliveries` }));
      return list[0]?.state === 'delivered';
    });
    assert.is(list.length, 1);
    assert.is(list[0].state, 'delivered');
    assert.is(list[0].attempts, 2);
    assert.is(list[0].lastStatus, 204);
    const again = await app.inject({ method: 'POST', url: `/api/webhooks/${webhook.id}/deliveries/${list[0].id}/redeliver` });
    assert.is(again.statusCode, 200, again.body);
    await until('the redelivery', () => rx.received.length >= 3);
    assert.is(rx.received[2].headers['x-jalon-delivery'], list[0].id);
    assert.is((await app.inject({ method: 'POST', url: `/api/webhooks/${webhook.id}/deliveries/${'f'.repeat(32)}/redeliver` })).statusCode, 404);
  } finally {
    await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
    await rx.close();
  }
});

W('receiver down for a while, then up: every delivery exactly once, in order per order', async ({ app }) => {
  const port = await closedPort();
  const { webhook } = await hook(app, `http://127.0.0.1:${port}/hook`, ['order.created', 'order.step_changed']);
  let rx: Awaited<ReturnType<typeof startReceiver>> | null = null;
  try {
    const orders = await Promise.all([newOrder(app, 'A'), newOrder(app, 'B'), newOrder(app, 'C')]);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < orders.length; i++) orders[i] = await next(app, orders[i]);
    }
    // Down: connections refused, each delivery retried with backoff.
    await until('several failed attempts', async () => {
      const d = body<Array<{ attempts: number; lastError: string | null }>>(await app.inject({ method: 'GET', url: `/api/webhooks/${webhook.id}/deliveries` }));
      return d.some((x) => x.attempts >= 3 && x.lastError !== null);
    });
    rx = await startReceiver(port);
    const r = rx;
    await until('all 12 deliveries', () => r.received.length >= 12, 20_000);
    await new Promise((ok) => setTimeout(ok, 500));
    const seen = r.received.map((x) => `${String(x.headers['x-jalon-delivery'])} ${parsed(x.body).type} ${parsed(x.body).order.id} ${x.status}`);
    assert.is(r.received.length, 12, `none twice:\n${seen.join('\n')}`);
    assert.is(new Set(r.received.map((x) => x.headers['x-jalon-delivery'])).size, 12);
    for (const o of orders) {
      const mine = r.received.map((x) => parsed(x.body)).filter((p) => p.order.id === o.id);
      assert.equal(mine.map((p) => p.type), ['order.created', 'order.step_changed', 'order.step_changed', 'order.step_changed']);
      const steps = mine.map((p) => p.order.stepId);
      assert.is(new Set(steps.slice(1)).size, 3, `each step once, in order: ${steps.join(' → ')}`);
    }
  } finally {
    await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
    await rx?.close();
  }
});

W('a change whose listener never ran (the process died after the commit) is delivered by the sweep', async ({ app }) => {
  const rx = await startReceiver();
  const { webhook } = await hook(app, rx.url, ['order.updated']);
  try {
    await app.webhooks.fanout.sweep();
    await app.webhooks.worker.stop();
    const o = await newOrder(app);
    await app.inject({ method: 'PATCH', url: `/api/orders/${o.id}`, payload: { nature: 'Tôles' } });
    await new Promise((ok) => setTimeout(ok, 100));
    // As if the listener had never queued it.
    const { WebhookDelivery, WebhookPending } = app.db.models;
    assert.is(await WebhookPending.countDocuments({ webhookId: webhook.id }), 1);
    await WebhookDelivery.deleteMany({ webhookId: webhook.id });
    await WebhookPending.deleteMany({ webhookId: webhook.id });
    app.webhooks.worker.start();
    await app.webhooks.fanout.sweep();
    await app.webhooks.fanout.sweep();
    await until('the swept delivery', () => rx.received.length >= 1);
    assert.is(parsed(rx.received[0].body).type, 'order.updated');
    await app.webhooks.fanout.sweep();
    await new Promise((ok) => setTimeout(ok, 300));
    assert.is(rx.received.length, 1, 'a further sweep queues it no second time');
  } finally {
    await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
    await rx.close();
  }
});

W('a disabled webhook gets nothing queued; enabled again, it gets the new changes', async ({ app }) => {
  const rx = await startReceiver();
  const { webhook } = await hook(app, rx.url, ['order.created']);
  try {
    const off = await app.inject({ method: 'PATCH', url: `/api/webhooks/${webhook.id}`, payload: { enabled: false } });
    assert.is(body(off).enabled, false);
    await newOrder(app);
    await new Promise((ok) => setTimeout(ok, 1200));
    assert.is(rx.received.length, 0);
    await app.inject({ method: 'PATCH', url: `/api/webhooks/${webhook.id}`, payload: { enabled: true } });
    await new Promise((ok) => setTimeout(ok, 1100));
    await newOrder(app);
    await until('the delivery', () => rx.received.length >= 1);
    assert.is(rx.received.length, 1);
  } finally {
    await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
    await rx.close();
  }
});

W('settled deliveries are pruned: older than 7 days, or beyond the newest 200 of their webhook; pending ones never', async ({ app }) => {
  const { webhook } = await hook(app, 'http://127.0.0.1:9/x', ['order.created']);
  await app.inject({ method: 'PATCH', url: `/api/webhooks/${webhook.id}`, payload: { enabled: false } });
  const now = Date.now();
  const row = (i: number, state: string, ageMs: number) => ({
    _id: `p${String(i).padStart(31, '0')}`,
    webhookId: webhook.id,
    type: 'order.created',
    orderId: `o${i}`,
    orderNumber: i,
    seq: i,
    body: '{}',
    state,
    attempts: 1,
    nextAttemptAt: new Date(now),
    createdAt: new Date(now - ageMs),
    updatedAt: new Date(now - ageMs),
  });
  const rows = [
    ...Array.from({ length: 205 }, (_, i) => row(i, 'delivered', i * 1000)),
    row(900, 'failed', 8 * 24 * 3600_000),
    row(901, 'pending', 9 * 24 * 3600_000),
  ];
  await app.db.models.WebhookDelivery.insertMany(rows);
  const removed = await app.repos.webhooks.prune(now);
  assert.is(removed, 6, 'the 5 oldest beyond 200, and the failed one older than 7 days');
  const left = (await app.db.models.WebhookDelivery.find({ webhookId: webhook.id }, { _id: 1, state: 1 }).lean()) as Array<{ state: string }>;
  assert.is(left.length, 201);
  assert.is(left.filter((d) => d.state === 'pending').length, 1, 'pending deliveries are never pruned');
  await app.inject({ method: 'DELETE', url: `/api/webhooks/${webhook.id}` });
});

W.run();

const G = suite<{ app: FastifyInstance }>('webhooks give up');
G.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { webhooks: fast({ giveUpMs: 600 }) } });
});
G.after(async ({ app }) => app?.close());

G('failing past the give-up window (24 h; 600 ms here): the delivery fails, the webhook is disabled with why', async ({ app }) => {
  const rx = await startReceiver();
  rx.fallback = 503;
  const { webhook } = await hook(app, rx.url, ['order.created']);
  try {
    await newOrder(app);
    await until('disabled', async () => !body<{ enabled: boolean }>(await app.inject({ method: 'GET', url: `/api/webhooks/${webhook.id}` })).enabled);
    const w = body<{ disabledReason: string; disabledAt: string }>(await app.inject({ method: 'GET', url: `/api/webhooks/${webhook.id}` }));
    assert.match(w.disabledReason, /HTTP 503/);
    assert.ok(w.disabledAt);
    const [d] = body<Array<{ state: string; attempts: number; lastBody: string }>>(await app.inject({ method: 'GET', url: `/api/webhooks/${webhook.id}/deliveries` }));
    assert.is(d.state, 'failed');
    assert.ok(d.attempts >= 2);
    assert.match(d.lastBody, /receiver says 503/);
    const before = rx.received.length;
    await new Promise((ok) => setTimeout(ok, 400));
    assert.is(rx.received.length, before, 'nothing more is sent');
    assert.is(await app.db.models.WebhookPending.countDocuments({}), 0, 'nothing left pending');
  } finally {
    await rx.close();
  }
});

G.run();
