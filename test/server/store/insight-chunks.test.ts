import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { defaultSettings } from '../../../shared/defaults.js';
import { allFactsOf, type Facts } from '../../../server/domain/insight/facts.js';
import type { DayStats } from '../../../server/domain/insight/day-stats.js';
import { insightStore } from '../../../server/store/insight.js';
import { Lanes } from '../../../server/store/lanes.js';
import { SPILL_AT } from '../../../server/store/spilled-chunks.js';
import type { StoredHistory, StoredOrder } from '../../../server/store/orders.js';
import { buildTestApp, uniqueDbName } from '../../helper.js';

/**
 * A busy day: the keys a statistics document counted and the day's visits grow past SPILL_AT and
 * go to chunks, so a change costs the same at 17:00 as at 8:00. Counted once still holds across
 * the chunks (the recovery pass sending the day again), and after a stop between a chunk's write and
 * its document's.
 */
const C = suite<{ app: FastifyInstance }>('insight: a busy day in chunks');
C.before(async (ctx) => {
  ctx.app = await buildTestApp({ dbName: uniqueDbName('insight-chunks') });
});
C.after(async (ctx) => {
  await ctx.app?.close();
});

const w = { ...defaultSettings, timezone: 'UTC' };
const DAY = '2026-03-10';
let n = 0;
/** An order going back and forth between two steps `moves` times on DAY, one minute apart. */
function busyOrder(moves: number): StoredOrder {
  const id = `busy${++n}`;
  const at = (m: number) => new Date(Date.parse(`${DAY}T08:00:00Z`) + m * 60_000);
  const history: StoredHistory[] = [{ at: at(0), actor: 'Léa', kind: 'created', toStepId: 'decoupage' }];
  for (let m = 1; m <= moves; m++) {
    const forward = m % 2 === 1;
    history.push({ at: at(m), actor: 'Léa', kind: forward ? 'advanced' : 'regressed', fromStepId: forward ? 'decoupage' : 'assemblage', toStepId: forward ? 'assemblage' : 'decoupage', opId: `${id}-${m}` });
  }
  return { _id: id, number: n, date: DAY, contact: { name: 'C' }, status: null, stepId: history.at(-1)!.toStepId!, dueDate: null, assigneeId: null, machineId: null, version: moves + 1, seq: 1, history };
}

async function recordInBatches(store: ReturnType<typeof insightStore>, facts: Facts[], size: number) {
  for (let k = 0; k < facts.length; k += size) await store.record(facts.slice(k, k + size), w.timezone);
}

C('past SPILL_AT the keys and visits go to chunks; every change counted once, every visit kept, in order', async ({ app }) => {
  const store = insightStore(app.db.models, new Lanes());
  const o = busyOrder(2 * SPILL_AT + 50);
  const facts = allFactsOf(o, w);
  await recordInBatches(store, facts, 37);
  const day = (await store.read([DAY], DAY)).get(DAY) as DayStats;
  assert.is(day.started, 1);
  assert.is(day.steps['decoupage'].left, SPILL_AT + 25);
  assert.is(day.steps['assemblage'].left, SPILL_AT + 25);
  const doc = (await app.db.models.InsightDay.collection.findOne({ _id: DAY as never })) as { keys: string; chunks: number } | null;
  assert.ok(doc && doc.chunks >= 2, `chunks: ${doc?.chunks}`);
  assert.ok(JSON.parse(doc.keys).length <= SPILL_AT, 'the document keeps at most SPILL_AT keys');
  const visits = await store.visits([DAY]);
  assert.is(visits.length, 2 * SPILL_AT + 50);
  assert.equal(visits.map((v) => v.key), facts.filter((f) => f.visit).map((f) => f.key), 'each visit once, oldest first');

  // The recovery pass sends the whole day again (and a fresh process, with no chunk in memory): nothing counts twice.
  const fresh = insightStore(app.db.models, new Lanes());
  await recordInBatches(fresh, facts, 100);
  const again = (await fresh.read([DAY], DAY)).get(DAY) as DayStats;
  assert.is(again.steps['decoupage'].left, SPILL_AT + 25);
  assert.is((await fresh.visits([DAY])).length, 2 * SPILL_AT + 50);
});

C('stopped between a chunk and its document: the retry counts each change once', async ({ app }) => {
  const store = insightStore(app.db.models, new Lanes());
  const o = busyOrder(SPILL_AT + 20);
  const facts = allFactsOf(o, w);
  const { InsightDay } = app.db.models;
  const before = (await store.read([DAY], DAY)).get(DAY) as DayStats;
  const chunksBefore = ((await InsightDay.collection.findOne({ _id: DAY as never })) as { chunks?: number } | null)?.chunks ?? 0;
  // Most of the day counted, then a spill that wrote its chunk and stopped before the document.
  const first = facts.slice(0, SPILL_AT - 10);
  await recordInBatches(store, first, 50);
  const doc = (await InsightDay.collection.findOne({ _id: DAY as never })) as unknown as { keys: string; chunks?: number };
  const pending = [...JSON.parse(doc.keys), ...facts.slice(SPILL_AT - 10).map((f) => f.key)];
  await InsightDay.collection.replaceOne({ _id: `${DAY}~${doc.chunks ?? 0}` as never }, { keys: JSON.stringify(pending) }, { upsert: true });
  // The retry (a fresh process), then everything once more.
  const after = insightStore(app.db.models, new Lanes());
  await recordInBatches(after, facts.slice(SPILL_AT - 10), 50);
  await recordInBatches(after, facts, 50);
  const day = (await after.read([DAY], DAY)).get(DAY) as DayStats;
  const moves = SPILL_AT + 20;
  assert.is(day.started, before.started + 1);
  assert.is(day.steps['decoupage'].left - before.steps['decoupage'].left, moves / 2);
  assert.is(day.steps['assemblage'].left - before.steps['assemblage'].left, moves / 2);
  const now = (await InsightDay.collection.findOne({ _id: DAY as never })) as unknown as { chunks: number };
  assert.ok(now.chunks > chunksBefore, 'the spill went through on the retry');
});

C.run();
