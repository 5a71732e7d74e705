/**
 * Statistics over a year: do they answer in < 200 ms on the embedded engine?
 *
 *   npm run bench:insight                 (50,000 step visits over 365 days)
 *   VISITS=10000 npm run bench:insight
 *
 * One server (its own FerretDB), one run. A year of step visits is counted
 * into the daily documents through the store's own code (store/insight.ts,
 * grouped per day: one read and one write per document), then a few hundred
 * real transitions go through the HTTP API (each counted as it happens). Then
 * the statistics routes over 365 days are timed next to GET /api/orders (the
 * active list) and the floor, GET /api/health, all in the same run. "cold"
 * is the first call (nothing cached: 366 documents read by `_id`); "warm" the
 * best of RUNS (closed days come from the 60 s cache).
 */
import mongoose from 'mongoose';
import { DateTime } from 'luxon';
import type { Facts } from '../server/domain/insight/facts.js';
import { insightStore } from '../server/store/insight.js';
import { Lanes } from '../server/store/lanes.js';
import { registerModels } from '../server/store/models.js';
import { jsonClient, ms, signIn, startStack } from './lib.js';

const VISITS = Number(process.env.VISITS ?? 50_000);
const DAYS = 365;
const RUNS = 10;
const ORDERS = 100;
const ZONE = 'Europe/Paris';
const STEPS = ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison'];
const REASONS = ['defaut-coupe', 'mauvaise-cote', 'piece-abimee', 'erreur-dossier', 'autre'];

async function timed(fn: () => Promise<unknown>): Promise<{ cold: number; warm: number }> {
  let t0 = performance.now();
  await fn();
  const cold = performance.now() - t0;
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return { cold, warm: Math.min(...t) };
}

async function main() {
  const stack = await startStack('insight');
  const http = jsonClient(stack.server.url, 16);
  const cookie = (await signIn(stack.server.url))!;
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await http.call(method, path, body, { cookie });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  try {
    const machines: string[] = [];
    for (let k = 0; k < 4; k++) machines.push((await ok('POST', '/api/machines', { name: `Machine ${k}` })).id as string);
    const people: string[] = [];
    for (let k = 0; k < 5; k++) people.push((await ok('POST', '/api/users', { name: `Personne ${k}`, role: 'operator' })).id as string);

    process.stdout.write(`seeding ${VISITS} step visits over ${DAYS} days through store/insight.ts… `);
    const t0 = Date.now();
    const conn = await mongoose.createConnection(stack.mongodbUri, { dbName: stack.dbName }).asPromise();
    const store = insightStore(registerModels(conn), new Lanes());
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const perDay = Math.ceil(VISITS / DAYS);
    let made = 0;
    for (let d = DAYS; d >= 1 && made < VISITS; d--) {
      const day = today.minus({ days: d });
      const facts: Facts[] = [];
      for (let k = 0; k < perDay && made < VISITS; k++, made++) {
        const left = day.plus({ minutes: Math.floor(rnd() * 1440) }).toUTC();
        const seconds = Math.round(60 * Math.exp(rnd() * 9));
        const stepId = STEPS[Math.floor(rnd() * STEPS.length)];
        const back = rnd() < 0.05;
        const machineId = machines[Math.floor(rnd() * machines.length)];
        const assigneeId = people[Math.floor(rnd() * people.length)];
        const finishing = stepId === 'livraison' && !back;
        facts.push({
          key: `seed:${made}`,
          at: left.toISO()!,
          machineId,
          assigneeId,
          entered: back ? STEPS[Math.max(0, STEPS.indexOf(stepId) - 1)] : finishing ? 'terminee' : STEPS[STEPS.indexOf(stepId) + 1],
          started: stepId === 'en-attente',
          visit: {
            orderId: `seed${made}`,
            number: made + 1,
            company: 'Bench SA',
            stepId,
            entered: left.minus({ seconds }).toISO()!,
            left: left.toISO()!,
            seconds,
            who: 'Camille',
            reasonCode: back ? REASONS[Math.floor(rnd() * REASONS.length)] : null,
            comment: back ? 'à reprendre' : null,
            back,
            machineId,
            assigneeId,
          },
          finish: finishing ? { late: rnd() < 0.2, leadSeconds: Math.round(86400 * (1 + rnd() * 10)) } : null,
          unfinish: null,
        });
      }
      await store.record(facts, ZONE);
    }
    await conn.close();
    process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    process.stdout.write(`${ORDERS} orders and ${ORDERS * 3} real transitions through the API… `);
    const t1 = performance.now();
    const orders = await Promise.all(
      Array.from({ length: ORDERS }, (_, k) => ok('POST', '/api/orders', { contact: { name: `Client ${k}` }, stepId: 'prise-en-charge', machineId: machines[k % 4], assigneeId: people[k % 5] })),
    );
    let op = 0;
    const transitionTimes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < orders.length; i += 10) {
        await Promise.all(
          orders.slice(i, i + 10).map(async (o: { id: string; stepId: string }, k) => {
            const back = round === 1 && k % 5 === 0;
            const s = performance.now();
            const r = await ok('POST', `/api/orders/${o.id}/${back ? 'regress' : 'advance'}`, {
              expectedStepId: o.stepId,
              opId: `bench-insight-${process.pid}-${++op}`,
              ...(back ? { comment: 'bench', reasonCode: 'autre' } : {}),
            });
            transitionTimes.push(performance.now() - s);
            o.stepId = r.stepId;
          }),
        );
      }
    }
    process.stdout.write(`${((performance.now() - t1) / 1000).toFixed(1)} s\n`);
    // The same orders edited the same way (10 at once): one write to an order without any statistics, the transitions' floor.
    const editTimes: number[] = [];
    for (let i = 0; i < orders.length; i += 10) {
      await Promise.all(
        orders.slice(i, i + 10).map(async (o: { id: string }, k) => {
          const s = performance.now();
          await ok('PATCH', `/api/orders/${o.id}`, { nature: `Édition ${i + k}` });
          editTimes.push(performance.now() - s);
        }),
      );
    }

    const to = today.toISODate()!;
    const from = today.minus({ days: DAYS }).toISODate()!;
    const year = `from=${from}&to=${to}`;
    const check = await ok('GET', `/api/insight/steps?${year}`);
    const left = (check.steps as Array<{ left: number }>).reduce((a, s) => a + s.left, 0);
    console.log(`visits counted over the year: ${left} (seeded ${VISITS} + ${ORDERS * 3} live)`);

    const rows: Array<[string, { cold: number; warm: number }]> = [];
    const m = async (name: string, fn: () => Promise<unknown>) => {
      const r = await timed(fn);
      rows.push([name, r]);
      console.log(`  ${name}: cold ${ms(r.cold)}, warm ${ms(r.warm)}`);
    };
    await m('floor: GET /api/health', () => ok('GET', '/api/health'));
    await m(`GET /api/orders (active list, ${ORDERS} orders)`, () => ok('GET', '/api/orders'));
    await m('GET /api/insight/steps (365 days)', () => ok('GET', `/api/insight/steps?${year}`));
    await m('GET /api/insight/steps (365 days, one machine)', () => ok('GET', `/api/insight/steps?${year}&machine=${machines[1]}`));
    await m('GET /api/insight/steps (365 days, another machine)', () => ok('GET', `/api/insight/steps?${year}&machine=${machines[2]}`));
    await m('GET /api/insight/steps (365 days, one person)', () => ok('GET', `/api/insight/steps?${year}&assignee=${people[0]}`));
    await m('GET /api/insight/steps (365 days, machine and person: visits)', () => ok('GET', `/api/insight/steps?from=${today.minus({ days: 30 }).toISODate()}&to=${to}&machine=${machines[0]}&assignee=${people[0]}`));
    await m('GET /api/insight/throughput (365 days)', () => ok('GET', `/api/insight/throughput?${year}`));
    await m('GET /api/insight/throughput (365 days, by week)', () => ok('GET', `/api/insight/throughput?${year}&by=week`));
    await m('GET /api/insight/overview (365 days)', () => ok('GET', `/api/insight/overview?${year}`));
    await m('GET /api/insight/wip (30 days)', () => ok('GET', '/api/insight/wip'));
    await m('GET /api/insight/export.csv (30 days)', async () => {
      const r = await fetch(`${stack.server.url}/api/insight/export.csv?from=${today.minus({ days: 30 }).toISODate()}&to=${to}`, { headers: { cookie } });
      if (!r.ok) throw new Error(`export.csv: ${r.status}`);
      return r.text();
    });
    transitionTimes.sort((a, b) => a - b);
    editTimes.sort((a, b) => a - b);
    console.log(`\none transition (10 at once, statistics counted behind the answer): median ${ms(transitionTimes[transitionTimes.length >> 1])}`);
    console.log(`one edit of the same orders (10 at once, no statistics): median ${ms(editTimes[editTimes.length >> 1])}`);
    console.log(`\n| ${VISITS} visits over ${DAYS} days | cold (first call) | warm (best of ${RUNS}) |\n| --- | --- | --- |`);
    for (const [k, r] of rows) console.log(`| ${k} | ${ms(r.cold)} | ${ms(r.warm)} |`);
  } finally {
    http.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
