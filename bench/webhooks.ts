/**
 * Webhook throughput: deliveries per second from Jalon to a local receiver.
 *
 *   npm run bench:webhooks                 (1,000 transitions → 1,000 deliveries)
 *   TRANSITIONS=3000 npm run bench:webhooks
 *
 * The server runs in its own process on a fresh FerretDB (or MONGODB_URI); the
 * receiver is a node:http server in this process answering 204. The floor,
 * measured in the same run, is the same number of plain signed-size POSTs from
 * Node to the same receiver, one at a time (a worker delivers one at a time).
 * Figures: deliveries/s from the first transition to the last delivery, and
 * the delay from a change (the payload's `at`) to its arrival.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonClient, ms, percentile, signIn, startStack } from './lib.js';

const TRANSITIONS = Number(process.env.TRANSITIONS ?? 1000);
const ORDERS = Number(process.env.ORDERS ?? 100);
const CLIENTS = 10;

async function main() {
  const arrivals: Array<{ at: number; sentAt: number; id: string }> = [];
  const receiver = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      if (req.headers['x-jalon-delivery']) {
        const p = JSON.parse(text) as { id: string; at: string };
        arrivals.push({ at: Date.now(), sentAt: Date.parse(p.at), id: p.id });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', () => ok()));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const stack = await startStack('webhooks');
  const http = jsonClient(stack.server.url, CLIENTS + 2);
  try {
    const cookie = await signIn(stack.server.url);
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const orders: Array<{ id: string; stepId: string }> = [];
    for (let i = 0; i < ORDERS; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, ORDERS - i) }, (_, k) =>
          http.call('POST', '/api/orders', { contact: { name: `Client ${i + k}` }, stepId: 'prise-en-charge' }, headers),
        ),
      );
      for (const r of batch) orders.push({ id: r.body.id, stepId: r.body.stepId });
    }

    // The floor: the same number of POSTs of a delivery's size, from Node, one at a time.
    const sample = JSON.stringify({ id: 'x'.repeat(32), type: 'order.step_changed', at: new Date().toISOString(), order: { padding: 'x'.repeat(600) } });
    const f0 = performance.now();
    for (let i = 0; i < TRANSITIONS; i++) {
      await fetch(hookUrl, { method: 'POST', body: sample, headers: { 'content-type': 'application/json' } });
    }
    const floorMs = performance.now() - f0;

    const made = await http.call('POST', '/api/webhooks', { url: hookUrl, events: ['order.step_changed'] }, headers);
    if (made.status !== 201) throw new Error(`webhook: ${made.status} ${JSON.stringify(made.body)}`);
    // The fanout reads the webhook list at most once a second.
    await new Promise((ok) => setTimeout(ok, 1100));

    let op = 0;
    const t0 = performance.now();
    const wall0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < TRANSITIONS) {
          const i = next++;
          const o = orders[i % orders.length];
          const forward = o.stepId === 'prise-en-charge';
          const r = await http.call('POST', `/api/orders/${o.id}/${forward ? 'advance' : 'regress'}`, { expectedStepId: o.stepId, opId: `bw-${process.pid}-${++op}`, ...(forward ? {} : { comment: 'bench' }) }, headers);
          if (r.status === 200) o.stepId = r.body.stepId;
          else if (r.status === 409 && r.body?.error?.order) o.stepId = r.body.error.order.stepId;
          else throw new Error(`transition ${r.status} ${JSON.stringify(r.body)}`);
        }
      }),
    );
    const transitionsMs = performance.now() - t0;
    const deadline = Date.now() + 120_000;
    while (arrivals.length < TRANSITIONS && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
    const allMs = performance.now() - t0;
    const ids = new Set(arrivals.map((a) => a.id));
    const delays = arrivals.filter((a) => a.at >= wall0).map((a) => a.at - a.sentAt).sort((a, b) => a - b);

    console.log(`\nwebhooks: ${TRANSITIONS} transitions on ${ORDERS} orders (${CLIENTS} clients), one webhook on order.step_changed`);
    console.log(`  transitions done in          ${ms(transitionsMs)} (${((TRANSITIONS / transitionsMs) * 1000).toFixed(0)}/s)`);
    console.log(`  deliveries received          ${arrivals.length} (${ids.size} distinct) in ${ms(allMs)} → ${((arrivals.length / allMs) * 1000).toFixed(0)} deliveries/s`);
    console.log(`  change → arrival             median ${ms(percentile(delays, 50))}, p95 ${ms(percentile(delays, 95))}, max ${ms(delays[delays.length - 1] ?? 0)}`);
    console.log(`  floor: plain POSTs from Node ${TRANSITIONS} in ${ms(floorMs)} → ${((TRANSITIONS / floorMs) * 1000).toFixed(0)}/s (one at a time)`);
  } finally {
    http.close();
    await stack.stop();
    receiver.closeAllConnections();
    receiver.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
