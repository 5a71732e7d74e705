/**
 * Does the board cost the same in year five as on day one?
 *
 *   npm run bench:ageing                   (300 active orders, then 50,000 finished ones)
 *   FINISHED=5000 npm run bench:ageing
 *
 * One server, one run: every figure is measured young (300 active orders, an
 * empty archive), then old (the same plus FINISHED finished orders of ~10
 * history entries each, written through the store's own bulk archive code
 * in batches), and printed with the ratio old / young. The floor,
 * GET /api/health, is measured in the same run. Each figure is the best of its
 * runs: on a shared 2-core machine the median mostly measures the neighbours.
 */
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { bulkArchive } from '../server/store/archive-bulk.js';
import { archiveIndex } from '../server/store/archive-index.js';
import { Lanes } from '../server/store/lanes.js';
import { registerModels } from '../server/store/models.js';
import type { StoredHistory, StoredOrder } from '../server/store/orders.js';
import { jsonClient, ms, signIn, startStack } from './lib.js';

const ACTIVE = 300;
const FINISHED = Number(process.env.FINISHED ?? 50_000);
const RUNS = 15;
const STORM = 200;
/** Past the per-socket event rate (5/s): the wall's socket would be cut off. */
const SOCKET_PAUSE_MS = 250;


/** `pauseMs` between runs, untimed: a socket's events are limited per second (server/realtime/limits.ts). */
async function timed(runs: number, fn: () => Promise<unknown>, pauseMs = 0): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  // The best run: what the work costs when the machine (2 cores, shared) lets it run.
  return Math.min(...t);
}

function socketFor(url: string, cookie: string): Promise<Socket> {
  return new Promise((ok, fail) => {
    const s = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie } });
    s.once('connect', () => ok(s));
    s.once('connect_error', fail);
  });
}

async function main() {
  const stack = await startStack('ageing');
  const http = jsonClient(stack.server.url, 32);
  const cookie = (await signIn(stack.server.url))!;
  const headers = { cookie };
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await http.call(method, path, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  try {
    const machine = (await ok('POST', '/api/machines', { name: 'Scie' })).id as string;
    const active: Array<{ id: string; stepId: string }> = [];
    for (let i = 0; i < ACTIVE; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, ACTIVE - i) }, (_, k) =>
          ok('POST', '/api/orders', { contact: { name: `Client ${i + k}`, company: i + k < 2 ? 'Aiguille Rare' : 'Bench SA' }, stepId: 'decoupage', machineId: (i + k) % 4 ? null : machine }),
        ),
      );
      active.push(...batch.map((o) => ({ id: o.id, stepId: o.stepId })));
    }
    let op = 0;
    const wall = await socketFor(stack.server.url, cookie);

    async function measure(): Promise<Record<string, number>> {
      const figures: Record<string, number> = {};
      const m = new Proxy(figures, {
        set(target, key, value: number) {
          process.stdout.write(`  ${String(key)}: ${ms(value)}\n`);
          target[key as string] = value;
          return true;
        },
      });
      m['floor: /api/health'] = await timed(RUNS * 2, () => ok('GET', '/api/health'));
      m['active list'] = await timed(RUNS, () => ok('GET', '/api/orders'));
      m["one machine's kiosk list"] = await timed(RUNS, () => ok('GET', `/api/orders?machine=${machine}`));
      m['wall snapshot (subscribe {})'] = await timed(RUNS, () => wall.timeout(10_000).emitWithAck('subscribe', {}), SOCKET_PAUSE_MS);
      m['wall snapshot (subscribe {all:true})'] = await timed(RUNS, () => wall.timeout(10_000).emitWithAck('subscribe', { all: true }), SOCKET_PAUSE_MS);
      m['one transition'] = await timed(RUNS, async () => {
        const o = active[op % ACTIVE];
        const forward = o.stepId === 'decoupage';
        const r = await ok('POST', `/api/orders/${o.id}/${forward ? 'advance' : 'regress'}`, {
          expectedStepId: o.stepId,
          opId: `ageing-${process.pid}-${++op}`,
          ...(forward ? {} : { comment: 'bench' }),
        });
        o.stepId = r.stepId;
      });
      m['search in all (rare: 2 hits)'] = await timed(RUNS, () => ok('GET', '/api/orders?all=1&q=aiguille'));
      m['search in all (common, first page)'] = await timed(RUNS, () => ok('GET', '/api/orders?all=1&q=bench'));
      await wall.timeout(10_000).emitWithAck('subscribe', {});
      const resyncs: number[] = [];
      for (let round = 0; round < 5; round++) {
        const since = (await ok('GET', '/api/orders?machine=none-such')).seq as number;
        for (let i = 0; i < 100; i += 20) {
          await Promise.all(
            active.slice(i, i + 20).map(async (o) => {
              const forward = o.stepId === 'decoupage';
              const r = await ok('POST', `/api/orders/${o.id}/${forward ? 'advance' : 'regress'}`, { expectedStepId: o.stepId, opId: `ageing-${process.pid}-${++op}`, ...(forward ? {} : { comment: 'b' }) });
              o.stepId = r.stepId;
            }),
          );
        }
        const t0 = performance.now();
        const ack = await wall.timeout(10_000).emitWithAck('resync', { sinceSeq: since });
        resyncs.push(performance.now() - t0);
        if (!ack.changes || ack.changes.length < 100) throw new Error(`resync: ${JSON.stringify(ack).slice(0, 200)}`);
      }
      m['resync after 100 missed changes'] = Math.min(...resyncs);
      m[`reconnect storm (${STORM} screens subscribe at once)`] = await storm();
      return m;
    }

    async function storm(): Promise<number> {
      const t0 = performance.now();
      const sockets = await Promise.all(Array.from({ length: STORM }, () => socketFor(stack.server.url, cookie)));
      await Promise.all(sockets.map((s) => s.timeout(120_000).emitWithAck('subscribe', {})));
      const took = performance.now() - t0;
      for (const s of sockets) s.close();
      return took;
    }

    console.log(`measuring young: ${ACTIVE} active orders, empty archive…`);
    const young = await measure();

    process.stdout.write(`seeding ${FINISHED} finished orders through the store's bulk archive… `);
    const t0 = Date.now();
    const conn = await mongoose.createConnection(stack.mongodbUri, { dbName: stack.dbName }).asPromise();
    const models = registerModels(conn);
    const index = archiveIndex(models, new Lanes());
    const day = 86_400_000;
    for (let i = 0; i < FINISHED; i += 5000) {
      const batch: Array<Omit<StoredOrder, 'seq' | 'archiveSlot' | 'number'>> = [];
      for (let k = i; k < Math.min(FINISHED, i + 5000); k++) {
        const at = new Date(Date.now() - (FINISHED - k) * day / 20);
        const history: StoredHistory[] = [{ at, actor: 'admin', kind: 'created', toStepId: 'en-attente' }];
        const steps = ['en-attente', 'prise-en-charge', 'decoupage', 'assemblage', 'emballage', 'livraison', 'terminee'];
        for (let s = 1; s < 10; s++) history.push({ at, actor: 'Camille', kind: 'advanced', fromStepId: steps[Math.min(s - 1, 5)], toStepId: steps[Math.min(s, 6)], opId: `seed-${k}-${s}` });
        batch.push({
          _id: `f${k.toString(16).padStart(23, '0')}`,
          date: at.toISOString().slice(0, 10),
          contact: { name: `Ancien ${k}`, company: k % 25_000 === 7 ? 'Aiguille Archivée' : 'Bench SA' },
          customerRef: `CMD-${k}`,
          status: null,
          stepId: 'terminee',
          dueDate: null,
          assigneeId: null,
          machineId: k % 4 ? null : machine,
          version: 10,
          history,
          updatedAt: at,
        });
      }
      await bulkArchive(models, index, batch);
    }
    await conn.close();
    process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

    console.log(`measuring old: ${ACTIVE} active orders, ${FINISHED} finished…`);
    const old = await measure();
    wall.close();

    console.log(`\n| best of ${RUNS} runs (resync: of 5; storm: one) | young | old | old / young |\n| --- | --- | --- | --- |`);
    for (const k of Object.keys(young)) console.log(`| ${k} | ${ms(young[k])} | ${ms(old[k])} | ${(old[k] / young[k]).toFixed(2)} |`);
  } finally {
    http.close();
    await stack.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
