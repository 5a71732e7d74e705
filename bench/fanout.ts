/**
 * Live-update fan-out: how long a change takes from the HTTP request that
 * makes it to each screen concerned, against the floor of a bare Socket.IO
 * broadcast to the same screens measured in the same run.
 *
 *   npm run bench:fanout
 *   SECONDS=10 KIOSKS=200 npm run bench:fanout
 *
 * 500 simulated kiosks in a separate process (400 spread over 8 machine
 * rooms, 100 on `all`), a writer doing 20 transitions/s over HTTP for 30 s
 * on 64 orders (8 per machine): each transition concerns the 50 kiosks of
 * its machine and the 100 walls. Latency = HTTP request sent → event
 * received, per (event, kiosk). The floor: a bare Socket.IO server (no
 * database, no HTTP) broadcasting a timestamped message to the same rooms at
 * the same rate, the same kiosks connected to it. Then again with 2 nodes and
 * Redis (kiosks split across the nodes, writes through node 1; the floor
 * uses two bare nodes with the same Redis Streams adapter).
 *
 * Every process runs on this machine; the clock is shared
 * (performance.timeOrigin + performance.now()).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFerretDB } from '../server/local-database/ferretdb.js';
import type { LocalDatabase } from '../server/local-database/provide.js';
import { startRedis, type LocalRedis } from '../scripts/redis.js';
import { now, type FromFloor, type FromKiosks, type KioskPlan, type ToFloor, type ToKiosks } from './fanout/protocol.js';
import { jsonClient, ms, startServer, summary } from './lib.js';

const SECONDS = Number(process.env.SECONDS ?? 30);
const RATE = Number(process.env.RATE ?? 20);
const KIOSKS = Number(process.env.KIOSKS ?? 500);
const WALLS = Math.round(KIOSKS / 5);
const MACHINE_KIOSKS = KIOSKS - WALLS;
const MACHINES = 8;
const ORDERS_PER_MACHINE = 8;
const PASSWORD = 'bench-admin-password';
const here = resolve(import.meta.dirname);

const children = new Set<ChildProcess>();
function spawnTs(file: string, env: Record<string, string> = {}): ChildProcess {
  const child = fork(join(here, file), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
const next = <T>(child: ChildProcess, type: string): Promise<T> =>
  new Promise((ok, fail) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      ok(m as T);
    };
    const onExit = (code: number | null) => fail(new Error(`child exited (${code}) while waiting for "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
const stopChild = (child: ChildProcess) =>
  new Promise<void>((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      ok();
    });
    child.kill('SIGTERM');
  });
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

interface Result {
  latencies: number[];
  /** Jalon only: request sent → HTTP answer received, per transition. */
  answers?: number[];
  delivered: number;
  expected: number;
  unexpected: number;
  notes: string[];
}

async function withKiosks(plan: KioskPlan, run: () => Promise<{ sentAt: Map<string, number>; perEvent: number }>): Promise<Result> {
  const kiosks = spawnTs('fanout/kiosks.ts');
  try {
    kiosks.send({ type: 'connect', plan } satisfies ToKiosks);
    const ready = await next<Extract<FromKiosks, { type: 'ready' }>>(kiosks, 'ready');
    if (ready.connected !== KIOSKS) throw new Error(`only ${ready.connected}/${KIOSKS} kiosks connected`);
    process.stdout.write(`  ${KIOSKS} kiosks connected in ${ready.ms} ms; running ${SECONDS} s at ${RATE}/s… `);
    const { sentAt, perEvent } = await run();
    const expected = sentAt.size * perEvent;
    // Let the last events land: until everything expected arrived, or nothing more for 2 s.
    for (let last = -1, still = 0; still < 4; ) {
      kiosks.send({ type: 'count' } satisfies ToKiosks);
      const { received } = await next<Extract<FromKiosks, { type: 'count' }>>(kiosks, 'count');
      if (received >= expected) break;
      still = received === last ? still + 1 : 0;
      last = received;
      await sleep(500);
    }
    kiosks.send({ type: 'report' } satisfies ToKiosks);
    const report = await next<Extract<FromKiosks, { type: 'report' }>>(kiosks, 'report');
    const latencies: number[] = [];
    let delivered = 0;
    let unexpected = 0;
    const floorSent = new Map(report.sentAt);
    for (const [key, times] of report.received) {
      if (!sentAt.has(key)) {
        unexpected += times.length;
        continue;
      }
      // The floor's send instant travels in its message; Jalon's is when the HTTP request left.
      const sent = floorSent.get(key) ?? sentAt.get(key)!;
      delivered += times.length;
      for (const t of times) latencies.push(t - sent);
    }
    process.stdout.write('done\n');
    return { latencies, delivered, expected, unexpected, notes: report.errors.slice(0, 5) };
  } finally {
    kiosks.send({ type: 'close' } satisfies ToKiosks);
    await stopChild(kiosks);
  }
}

async function floor(redisUrl: string | null, nodes: number): Promise<Result> {
  const servers = Array.from({ length: nodes }, () => spawnTs('fanout/floor-server.ts', redisUrl ? { REDIS_URL: redisUrl } : {}));
  try {
    const ports = await Promise.all(servers.map((s) => next<Extract<FromFloor, { type: 'listening' }>>(s, 'listening')));
    const machines = Array.from({ length: MACHINES }, (_, i) => `m${i}`);
    const plan: KioskPlan = {
      mode: 'floor',
      urls: ports.map((p) => `http://127.0.0.1:${p.port}`),
      machines,
      machineKiosks: MACHINE_KIOSKS,
      wallKiosks: WALLS,
      cookie: '',
    };
    return await withKiosks(plan, async () => {
      servers[0].send({ type: 'run', rate: RATE, durationMs: SECONDS * 1000, machines } satisfies ToFloor);
      const { sent } = await next<Extract<FromFloor, { type: 'done' }>>(servers[0], 'done');
      // Keys are the tick numbers; the send instants come back from the kiosks.
      return { sentAt: new Map(Array.from({ length: sent }, (_, k) => [String(k), 0])), perEvent: MACHINE_KIOSKS / MACHINES + WALLS };
    });
  } finally {
    await Promise.all(servers.map(stopChild));
  }
}

async function jalon(mongodbUri: string, redisUrl: string | null, nodes: number): Promise<Result> {
  const env = {
    MONGODB_URI: mongodbUri,
    MONGODB_DB: `fanout_${nodes}_${Date.now().toString(36)}`,
    ADMIN_PASSWORD: PASSWORD,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  const servers = [];
  // One after the other: the first start seeds the workflow and the admin account.
  for (let i = 0; i < nodes; i++) servers.push(await startServer(env));
  for (const s of servers) children.add(s.proc);
  const http = jsonClient(servers[0].url, 32);
  try {
    const login = await fetch(`${servers[0].url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    const cookie = login.ok ? login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') : '';
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await http.call(method, `/api${path}`, body, headers);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const machines: string[] = [];
    for (let i = 0; i < MACHINES; i++) machines.push((await call('POST', '/machines', { name: `Poste ${i + 1}` })).id);
    const orders: Array<{ id: string; stepId: string; version: number; busy: boolean }> = [];
    for (let i = 0; i < MACHINES * ORDERS_PER_MACHINE; i++) {
      const o = await call('POST', '/orders', { contact: { name: `Client ${i}` }, machineId: machines[i % MACHINES] });
      orders.push({ id: o.id, stepId: o.stepId, version: o.version, busy: false });
    }
    const settings = await call('GET', '/settings');
    const steps: string[] = settings.steps.map((s: { id: string }) => s.id);
    const last = steps.indexOf(settings.finalStepId) - 1;

    const plan: KioskPlan = {
      mode: 'jalon',
      urls: servers.map((s) => s.url),
      machines,
      machineKiosks: MACHINE_KIOSKS,
      wallKiosks: WALLS,
      cookie,
    };
    let refused = 0;
    let skipped = 0;
    const answers: number[] = [];
    const result = await withKiosks(plan, async () => {
      const sentAt = new Map<string, number>();
      const inflight: Promise<void>[] = [];
      const total = SECONDS * RATE;
      const start = now();
      for (let i = 0; i < total; i++) {
        const wait = start + (i * 1000) / RATE - now();
        if (wait > 0) await sleep(wait);
        const o = orders[i % orders.length];
        if (o.busy) {
          skipped++;
          continue;
        }
        o.busy = true;
        const at = steps.indexOf(o.stepId);
        const [path, body] =
          at < last
            ? [`/orders/${o.id}/advance`, { expectedStepId: o.stepId, opId: `fanout-${i}` }]
            : [`/orders/${o.id}/move`, { expectedStepId: o.stepId, opId: `fanout-${i}`, toStepId: steps[0], comment: 'nouveau tour' }];
        const key = `${o.id}:${o.version + 1}`;
        const sent = now();
        sentAt.set(key, sent);
        inflight.push(
          http.call('POST', `/api${path}`, body, headers).then(
            (r) => {
              answers.push(now() - sent);
              o.busy = false;
              if (r.status === 200 && r.body.version === o.version + 1) {
                o.stepId = r.body.stepId;
                o.version = r.body.version;
              } else {
                refused++;
                sentAt.delete(key);
              }
            },
            () => {
              o.busy = false;
              refused++;
              sentAt.delete(key);
            },
          ),
        );
      }
      await Promise.all(inflight);
      return { sentAt, perEvent: MACHINE_KIOSKS / MACHINES + WALLS };
    });
    result.answers = answers;
    if (refused || skipped) result.notes.push(`${refused} transitions refused, ${skipped} skipped (previous one still in flight)`);
    return result;
  } finally {
    http.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
}

function line(label: string, r: Result): string {
  const s = summary(r.latencies);
  const ok = r.delivered === r.expected && r.unexpected === 0 ? 'all delivered' : 'MISMATCH';
  return `  ${label.padEnd(22)} p50 ${ms(s.p50).padStart(9)}  p95 ${ms(s.p95).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}   delivered ${r.delivered}/${r.expected} (${ok}${r.unexpected ? `, ${r.unexpected} unexpected` : ''})`;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-fanout-'));
  let db: LocalDatabase | null = null;
  let redis: LocalRedis | null = null;
  const cleanup = async () => {
    for (const c of children) c.kill('SIGKILL');
    await redis?.dispose();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    db = process.env.MONGODB_URI ? null : await startFerretDB({ dir });
    const mongodbUri = process.env.MONGODB_URI ?? db!.uri;
    redis = await startRedis();
    process.stdout.write(
      `fan-out: ${KIOSKS} kiosks (${MACHINE_KIOSKS} on ${MACHINES} machine rooms, ${WALLS} on "all"), ` +
        `${RATE} transitions/s for ${SECONDS} s, database ${db ? 'FerretDB (embedded)' : mongodbUri}\n`,
    );
    const rows: string[] = [];
    for (const nodes of [1, 2]) {
      const label = nodes === 1 ? '1 node' : '2 nodes + Redis';
      const redisUrl = nodes === 1 ? null : redis.url;
      process.stdout.write(`\n${label}: floor (bare Socket.IO broadcast)\n`);
      const f = await floor(redisUrl, nodes);
      process.stdout.write(`${label}: Jalon (HTTP transition → database → feed → broadcast)\n`);
      const j = await jalon(mongodbUri, redisUrl, nodes);
      const ratio = summary(j.latencies).p99 / summary(f.latencies).p99;
      const p99 = summary(j.latencies).p99;
      rows.push(
        `${label}`,
        line('floor', f),
        line('Jalon', j),
        `  (Jalon's HTTP answers: p50 ${ms(summary(j.answers ?? []).p50)}, p99 ${ms(summary(j.answers ?? []).p99)}: the transition itself, database write included)`,
        `  ratio Jalon/floor at p99: ${ratio.toFixed(2)} (target ≤ 3)   Jalon p99 ${ms(p99)} (target ≤ 50 ms)`,
        ...[...f.notes, ...j.notes].map((n) => `  note: ${n}`),
      );
    }
    process.stdout.write(`\n${rows.join('\n')}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
