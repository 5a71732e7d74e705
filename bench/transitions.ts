/**
 * Transitions throughput and latency over HTTP against the local database.
 *
 *   npm run bench:transitions              (20 clients, 1,000 active orders, 15 s)
 *   CLIENTS=50 SECONDS=30 npm run bench:transitions
 *
 * The server runs in its own process (server/main.ts) on a fresh FerretDB
 * (or MONGODB_URI). Each client owns a slice of the orders and alternates
 * Next / Previous on them, so every request is a real, successful transition.
 * The floor, measured in the same run, is GET /api/health (one database ping).
 */
import { jsonClient, ms, signIn, startStack, summary } from './lib.js';

const CLIENTS = Number(process.env.CLIENTS ?? 20);
const ORDERS = Number(process.env.ORDERS ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 15);

async function main() {
  const stack = await startStack('transitions');
  const { db, mongodbUri, server } = stack;
  const http = jsonClient(server.url, CLIENTS + 4);
  try {
    // Sign in when the server enforces access control (no-op otherwise).
    const cookie = await signIn(server.url);
    const headers: Record<string, string> = cookie ? { cookie } : {};

    process.stdout.write(`seeding ${ORDERS} active orders… `);
    const t0 = Date.now();
    const orders: Array<{ id: string; stepId: string }> = [];
    for (let i = 0; i < ORDERS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, ORDERS - i) }, (_, k) =>
          http.call('POST', '/api/orders', { contact: { name: `Client ${i + k}`, company: 'Bench SA' }, stepId: 'prise-en-charge' }, headers),
        ),
      );
      for (const r of batch) {
        if (r.status !== 201) throw new Error(`seed failed: ${r.status} ${JSON.stringify(r.body)}`);
        orders.push({ id: r.body.id, stepId: r.body.stepId });
      }
    }
    process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    const floor = await load(CLIENTS, Math.min(SECONDS, 5), async () => {
      const r = await http.call('GET', '/api/health', undefined, headers);
      if (r.status !== 200) throw new Error(`health ${r.status}`);
    });

    let op = 0;
    const slices = Array.from({ length: CLIENTS }, (_, c) => orders.filter((_, i) => i % CLIENTS === c));
    const cursors = new Array(CLIENTS).fill(0);
    let conflicts = 0;
    const ours = await load(CLIENTS, SECONDS, async (client) => {
      const slice = slices[client];
      const o = slice[cursors[client]++ % slice.length];
      const forward = o.stepId === 'prise-en-charge';
      const r = await http.call(
        'POST',
        `/api/orders/${o.id}/${forward ? 'advance' : 'regress'}`,
        forward
          ? { expectedStepId: o.stepId, opId: `bench-${process.pid}-${++op}` }
          : { expectedStepId: o.stepId, opId: `bench-${process.pid}-${++op}`, comment: 'bench' },
        headers,
      );
      if (r.status === 409) conflicts++;
      else if (r.status !== 200) throw new Error(`transition ${r.status} ${JSON.stringify(r.body)}`);
      else o.stepId = r.body.stepId;
    });

    const row = (name: string, r: Awaited<ReturnType<typeof load>>) =>
      `${name.padEnd(22)} ${String(Math.round(r.rate)).padStart(6)}/s   p50 ${ms(r.p50).padStart(9)}   p99 ${ms(r.p99).padStart(9)}   max ${ms(r.max).padStart(9)}   (${r.n} requests)`;
    console.log(`\ntransitions bench — ${CLIENTS} concurrent clients, ${ORDERS} active orders, ${SECONDS} s, database ${db ? 'FerretDB (embedded)' : mongodbUri}`);
    console.log(row('GET /api/health (floor)', floor));
    console.log(row('advance/regress', ours));
    // The target (data that lasts years): p99 at most twice the floor's, measured in this run.
    const target = 2 * floor.p99;
    console.log(`conflicts (409): ${conflicts}; target: p99 ≤ 2 × floor p99 = ${ms(target)} → ${ours.p99 <= target ? 'met' : 'NOT met'} (${(ours.p99 / floor.p99).toFixed(1)} × the floor)`);
  } finally {
    http.close();
    await stack.stop();
  }
}

/** Runs `clients` loops doing `task` back to back for `seconds`; returns rate and latency. */
async function load(clients: number, seconds: number, task: (client: number) => Promise<void>) {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < end) {
        const t = performance.now();
        await task(c);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { ...summary(latencies), rate: latencies.length / seconds };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
