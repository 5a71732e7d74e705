import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startFerretDB } from '../../../../server/local-database/ferretdb.js';
import type { LocalDatabase } from '../../../../server/local-database/provide.js';
import { body, buildTestApp, opId } from '../../../helper.js';

/**
 * Runs against a database process of its own, which the test stops and
 * starts again on the same port and data directory.
 */
const D = suite<{ db: LocalDatabase; dir: string; app: FastifyInstance }>('database down');
D.before(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'jalon-dbdown-'));
  ctx.db = await startFerretDB({ dir: ctx.dir, log: () => {} });
  ctx.app = await buildTestApp({ mongodbUri: ctx.db.uri });
});
D.after(async (ctx) => {
  await ctx.app.close();
  await ctx.db.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not recovered within ${timeoutMs} ms`);
}

D('health 503 and writes refused while the database is down; recovery by itself; nothing half-written', async (ctx) => {
  const { app } = ctx;
  const o = body(await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Panne' } } }));
  await ctx.db.stop();

  const health = await app.inject({ method: 'GET', url: '/api/health' });
  assert.is(health.statusCode, 503);
  assert.equal(body(health), { status: 'degraded', db: 'down' });

  const advance = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } });
  assert.is(advance.statusCode, 503);
  assert.is(body(advance).error.code, 'db_unavailable');
  const create = await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: 'Perdue?' } } });
  assert.is(create.statusCode, 503);
  const read = await app.inject({ method: 'GET', url: '/api/orders' });
  assert.is(read.statusCode, 503);

  // The same database comes back on the same port and directory.
  ctx.db = await startFerretDB({ dir: ctx.dir, port: ctx.db.port, log: () => {} });
  const ms = await until(async () => (await app.inject({ method: 'GET', url: '/api/health' })).statusCode === 200, 20_000);
  process.stdout.write(`  (recovered ${ms} ms after the database restarted)\n`);

  const after = body(await app.inject({ method: 'GET', url: `/api/orders/${o.id}` }));
  assert.is(after.stepId, 'en-attente');
  assert.is(after.version, 1);
  assert.is(after.history.length, 1);
  const all = body(await app.inject({ method: 'GET', url: '/api/orders?all=1' })).orders;
  assert.equal(all.map((x: { id: string }) => x.id), [o.id]);
  // And writes work again.
  const ok = await app.inject({ method: 'POST', url: `/api/orders/${o.id}/advance`, payload: { expectedStepId: 'en-attente', opId: opId() } });
  assert.is(ok.statusCode, 200);
});

D.run();
