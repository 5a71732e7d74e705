import type { FastifyInstance } from 'fastify';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { body, buildTestApp, opId, pairKiosk, signInAs } from '../../helper.js';

/*
 * The insight routes on a real database with a controlled clock: every
 * order's change happens at the instant the test sets, so times per step,
 * days and lateness are exact.
 */
const clock = { t: Date.parse('2026-03-02T08:00:00Z') };
const at = (iso: string) => (clock.t = Date.parse(iso));
const test = suite<{ app: FastifyInstance }>('insight routes');

test.before(async (ctx) => {
  ctx.app = await buildTestApp({ config: { now: () => clock.t } });
  await ctx.app.insightUpkeep.backfilled;
});
test.after(async (ctx) => ctx.app.close());

type O = { id: string; stepId: string; version: number; stepSince: string; stepUsualSeconds: number | null; forecast: { finishDate: string; late: boolean } | null; history?: Array<{ kind: string; reasonCode?: string }> };
const post = async (app: FastifyInstance, url: string, payload: object) => app.inject({ method: 'POST', url, payload });
const create = async (app: FastifyInstance, payload: object): Promise<O> => {
  const r = await post(app, '/api/orders', payload);
  assert.is(r.statusCode, 201, r.body);
  return body<O>(r);
};
const advance = async (app: FastifyInstance, o: O): Promise<O> => {
  const r = await post(app, `/api/orders/${o.id}/advance`, { expectedStepId: o.stepId, opId: opId() });
  assert.is(r.statusCode, 200, r.body);
  return body<O>(r);
};
const get = async <T>(app: FastifyInstance, url: string): Promise<T> => {
  const r = await app.inject({ method: 'GET', url });
  assert.is(r.statusCode, 200, `${url}: ${r.body}`);
  return body<T>(r);
};
type Steps = { steps: Array<{ stepId: string; entered: number; left: number; medianSeconds: number | null; p90Seconds: number | null; reworkCount: number }> };
const stepOf = (s: Steps, id: string) => s.steps.find((x) => x.stepId === id)!;

test('stepSince is the instant of the last step change; times per step, reworks with a reason, 422 unknown_reason', async ({ app }) => {
  at('2026-03-02T08:00:00Z');
  let o = await create(app, { contact: { name: 'Léa', company: 'Société Équipe' }, stepId: 'decoupage', dueDate: '2026-03-03' });
  assert.is(o.stepSince, '2026-03-02T08:00:00.000Z');
  assert.is(o.stepUsualSeconds, null);
  assert.is(o.forecast, null);
  at('2026-03-02T09:30:00Z');
  o = await advance(app, o);
  assert.is(o.stepSince, '2026-03-02T09:30:00.000Z');

  at('2026-03-02T10:00:00Z');
  const before = o;
  for (const [url, extra] of [
    [`/api/orders/${o.id}/regress`, { comment: 'Cote fausse', reasonCode: 'pas-une-raison' }],
    [`/api/orders/${o.id}/move`, { toStepId: 'decoupage', comment: 'Cote fausse', reasonCode: 'pas-une-raison' }],
  ] as const) {
    const r = await post(app, url, { expectedStepId: o.stepId, opId: opId(), ...extra });
    assert.is(r.statusCode, 422, r.body);
    assert.is(body(r).error.code, 'unknown_reason');
  }
  const unchanged = await get<O>(app, `/api/orders/${o.id}`);
  assert.is(unchanged.version, before.version);
  assert.is(unchanged.stepId, 'assemblage');
  // The comment stays required with a reason.
  const noComment = await post(app, `/api/orders/${o.id}/regress`, { expectedStepId: o.stepId, opId: opId(), reasonCode: 'mauvaise-cote' });
  assert.is(noComment.statusCode, 400);

  const regress = { expectedStepId: o.stepId, opId: opId(), comment: '=1+1 cote fausse; « à refaire »', reasonCode: 'mauvaise-cote' };
  const back = await post(app, `/api/orders/${o.id}/regress`, regress);
  assert.is(back.statusCode, 200, back.body);
  o = body<O>(back);
  assert.is(o.history!.at(-1)!.reasonCode, 'mauvaise-cote');
  // The same opId again: answered, counted once.
  const again = await post(app, `/api/orders/${o.id}/regress`, { ...regress, expectedStepId: 'assemblage' });
  assert.is(again.headers['idempotent-replayed'], 'true');

  const steps = await get<Steps>(app, '/api/insight/steps?from=2026-03-02&to=2026-03-02');
  assert.equal(stepOf(steps, 'decoupage'), { stepId: 'decoupage', entered: 2, left: 1, medianSeconds: stepOf(steps, 'decoupage').medianSeconds, p90Seconds: stepOf(steps, 'decoupage').p90Seconds, reworkCount: 0 });
  const median = stepOf(steps, 'decoupage').medianSeconds!;
  assert.ok(Math.abs(median - 5400) / 5400 < 0.06, `median ${median} ≈ 5400 s`);
  assert.is(stepOf(steps, 'assemblage').left, 1);
  assert.is(stepOf(steps, 'assemblage').reworkCount, 1);
  assert.ok(Math.abs(stepOf(steps, 'assemblage').medianSeconds! - 1800) / 1800 < 0.06);
  // Another day: nothing.
  assert.is(stepOf(await get<Steps>(app, '/api/insight/steps?from=2026-03-03&to=2026-03-03'), 'assemblage').left, 0);

  const overview = await get<{ rework: { steps: Array<{ stepId: string; reworkCount: number; topReasons: Array<{ reasonCode: string; label: string; count: number }> }> } }>(
    app,
    '/api/insight/overview?from=2026-03-02&to=2026-03-02',
  );
  assert.equal(overview.rework.steps.find((s) => s.stepId === 'assemblage')!.topReasons, [{ reasonCode: 'mauvaise-cote', label: 'Mauvaise cote', count: 1 }]);
});

test('throughput: started, finished, late; a move back from the final step takes the finish back; weeks start on Monday', async ({ app }) => {
  at('2026-03-04T08:00:00Z');
  let late = await create(app, { contact: { name: 'A' }, stepId: 'livraison', dueDate: '2026-03-04' });
  const onTime = await create(app, { contact: { name: 'B' }, stepId: 'livraison', dueDate: '2026-03-20' });
  at('2026-03-05T08:00:00Z');
  late = await advance(app, late);
  await advance(app, onTime);
  assert.is(late.stepId, 'terminee');
  type T = { days: Array<{ day: string; started: number; finished: number; late: number }> };
  let t = await get<T>(app, '/api/insight/throughput?from=2026-03-04&to=2026-03-05');
  assert.equal(t.days, [
    { day: '2026-03-04', started: 2, finished: 0, late: 0 },
    { day: '2026-03-05', started: 0, finished: 2, late: 1 },
  ]);
  at('2026-03-06T08:00:00Z');
  const r = await post(app, `/api/orders/${late.id}/move`, { expectedStepId: 'terminee', opId: opId(), toStepId: 'livraison', comment: 'Pas livrée', reasonCode: 'erreur-dossier' });
  assert.is(r.statusCode, 200, r.body);
  t = await get<T>(app, '/api/insight/throughput?from=2026-03-04&to=2026-03-05');
  assert.equal(t.days[1], { day: '2026-03-05', started: 0, finished: 1, late: 0 });
  // A whole month is read as its month's document: the same days, the same totals.
  const month = await get<T>(app, '/api/insight/throughput?from=2026-03-01&to=2026-03-31');
  assert.is(month.days.length, 31);
  assert.equal(month.days.slice(3, 5), [{ day: '2026-03-04', started: 2, finished: 0, late: 0 }, { day: '2026-03-05', started: 0, finished: 1, late: 0 }]);
  const wider = await get<T>(app, '/api/insight/throughput?from=2026-02-27&to=2026-04-02');
  assert.equal(wider.days.slice(2, 34), month.days.concat([{ day: '2026-04-01', started: 0, finished: 0, late: 0 }]));
  const monthSteps = await get<Steps>(app, '/api/insight/steps?from=2026-03-01&to=2026-03-31');
  const daySteps = await get<Steps>(app, '/api/insight/steps?from=2026-03-01&to=2026-03-30');
  assert.equal(monthSteps, daySteps);
  assert.is(stepOf(monthSteps, 'assemblage').reworkCount, 1);
  const weeks = await get<T>(app, '/api/insight/throughput?from=2026-03-01&to=2026-03-10&by=week');
  assert.equal(weeks.days.map((d) => d.day), ['2026-02-23', '2026-03-02', '2026-03-09']);
  assert.is(weeks.days[1].started, 3);
  const terminee = stepOf(await get<Steps>(app, '/api/insight/steps?from=2026-03-06&to=2026-03-06'), 'terminee');
  assert.is(terminee.left, 1);
  assert.is(terminee.reworkCount, 1);
  const overview = await get<{ onTime: { finished: number; late: number; rate: number }; leadTime: { count: number } }>(app, '/api/insight/overview?from=2026-03-05&to=2026-03-05');
  assert.equal(overview.onTime, { finished: 1, late: 0, rate: 1 });
  assert.is(overview.leadTime.count, 1);
});

test('filters by machine and person; usual time and forecast on the order once a step has 5 visits', async ({ app }) => {
  const machine = body<{ id: string }>(await post(app, '/api/machines', { name: 'Scie' })).id;
  const person = (await signInAs(app, 'operator')).id;
  at('2026-03-09T08:00:00Z');
  const made: O[] = [];
  for (let k = 0; k < 5; k++) made.push(await create(app, { contact: { name: `C${k}` }, stepId: 'emballage', machineId: machine, ...(k < 2 ? { assigneeId: person } : {}) }));
  at('2026-03-09T10:00:00Z');
  for (const o of made) await advance(app, o);
  const byMachine = stepOf(await get<Steps>(app, `/api/insight/steps?from=2026-03-09&to=2026-03-09&machine=${machine}`), 'emballage');
  assert.is(byMachine.left, 5);
  const byPerson = stepOf(await get<Steps>(app, `/api/insight/steps?from=2026-03-09&to=2026-03-09&assignee=${person}`), 'emballage');
  assert.is(byPerson.left, 2);
  const both = stepOf(await get<Steps>(app, `/api/insight/steps?from=2026-03-09&to=2026-03-09&machine=${machine}&assignee=${person}`), 'emballage');
  assert.is(both.left, 2);
  const combo = await app.inject({ method: 'GET', url: `/api/insight/overview?from=2026-03-09&to=2026-03-09&machine=${machine}&assignee=${person}` });
  assert.is(combo.statusCode, 422);
  assert.is(body(combo).error.code, 'filter_combination');

  await app.services.insight.refreshFigures();
  at('2026-03-10T08:00:00Z');
  const fresh = await create(app, { contact: { name: 'D' }, stepId: 'emballage', dueDate: '2026-03-10' });
  assert.ok(Math.abs(fresh.stepUsualSeconds! - 7200) / 7200 < 0.06, `usual ${fresh.stepUsualSeconds}`);
  // Emballage (2 h) then livraison: no data for livraison beyond the 2 visits of the previous test → no forecast.
  assert.is(fresh.forecast, null);
});

test('bad ranges → 400 invalid_range; operators and kiosks → 403', async ({ app }) => {
  for (const q of ['from=2026-13-01&to=2026-12-01', 'from=2026-03-10&to=2026-03-01', 'from=2025-01-01&to=2026-01-02', 'to=2026-01-01', 'from=yesterday&to=2026-01-01']) {
    for (const route of ['steps', 'throughput', 'overview', 'export.csv']) {
      const r = await app.inject({ method: 'GET', url: `/api/insight/${route}?${q}` });
      assert.is(r.statusCode, 400, `${route}?${q}: ${r.body}`);
      // The export names both ends in its schema: one missing is refused by the schema itself.
      const code = route === 'export.csv' && q === 'to=2026-01-01' ? 'invalid_request' : 'invalid_range';
      assert.is(body(r).error.code, code, `${route}?${q}`);
    }
  }
  assert.is((await app.inject({ method: 'GET', url: '/api/insight/steps?from=2025-01-01&to=2025-12-31' })).statusCode, 200);
  const operator = await signInAs(app, 'operator');
  const wall = await pairKiosk(app, { wall: true });
  for (const cookie of [operator.cookie, wall.cookie]) {
    const r = await app.inject({ method: 'GET', url: '/api/insight/steps?from=2026-03-01&to=2026-03-02', headers: { cookie } });
    assert.is(r.statusCode, 403);
  }
});

test('WIP per step: the snapshot of the active orders, kept per day; days out of 1–366 → 400', async ({ app }) => {
  at('2026-03-11T17:00:00Z');
  await app.insightUpkeep.snapshotWip();
  type W = { days: Array<{ day: string; steps: Record<string, number> }> };
  const wip = await get<W>(app, '/api/insight/wip?days=3');
  assert.equal(wip.days.map((d) => d.day), ['2026-03-11']);
  const active = (await get<{ orders: Array<{ stepId: string }> }>(app, '/api/orders')).orders;
  for (const [step, n] of Object.entries(wip.days[0].steps)) assert.is(n, active.filter((o) => o.stepId === step).length, step);
  assert.ok(wip.days[0].steps['emballage'] >= 1);
  assert.is((await app.inject({ method: 'GET', url: '/api/insight/wip?days=0' })).statusCode, 400);
  assert.is((await app.inject({ method: 'GET', url: '/api/insight/wip?days=400' })).statusCode, 400);
});

/** A CSV read back as a spreadsheet would: quoted cells, doubled quotes, `sep` between cells. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

test('export.csv: a row per visit; French: BOM, ";" and a decimal comma, accents intact, formulas defused; English: ","', async ({ app }) => {
  const fr = await app.inject({ method: 'GET', url: '/api/insight/export.csv?from=2026-03-02&to=2026-03-02' });
  assert.is(fr.statusCode, 200);
  assert.match(String(fr.headers['content-type']), /text\/csv; charset=utf-8/);
  const raw = fr.rawPayload.toString('utf8');
  assert.ok(raw.startsWith('\uFEFF'), 'BOM');
  const rows = parseCsv(raw.slice(1), ';');
  assert.equal(rows[0], ['N° de commande', 'Société', 'Étape', 'Entrée', 'Sortie', 'Secondes', 'Heures', 'Par', 'Motif', 'Commentaire']);
  const decoupage = rows.find((r) => r[2] === 'Découpage')!;
  assert.is(decoupage[1], 'Société Équipe');
  assert.is(decoupage[3], '2026-03-02 09:00:00');
  assert.is(decoupage[4], '2026-03-02 10:30:00');
  assert.is(decoupage[5], '5400');
  assert.is(decoupage[6], '1,50');
  const rework = rows.find((r) => r[2] === 'Assemblage')!;
  assert.is(rework[8], 'Mauvaise cote');
  assert.is(rework[9], "'=1+1 cote fausse; « à refaire »");
  assert.is(rows.length, 1 + 2);

  const { seq, ...s } = await get<Record<string, unknown>>(app, '/api/settings');
  void seq;
  const put = await app.inject({ method: 'PUT', url: '/api/settings', payload: { ...s, language: 'en' } });
  assert.is(put.statusCode, 200, put.body);
  const en = (await app.inject({ method: 'GET', url: '/api/insight/export.csv?from=2026-03-02&to=2026-03-02' })).rawPayload.toString('utf8');
  const enRows = parseCsv(en.slice(1), ',');
  assert.is(enRows[0][0], 'Order number');
  assert.is(enRows.find((r) => r[2] === 'Découpage')![6], '1.50');
  assert.is(enRows.find((r) => r[2] === 'Assemblage')![9], "'=1+1 cote fausse; « à refaire »");
});

test('a count lost between the order write and the statistics write is made good by the recovery pass, once', async ({ app }) => {
  const before = stepOf(await get<Steps>(app, '/api/insight/steps?from=2026-03-02&to=2026-03-02'), 'decoupage');
  const monthBefore = await get<Steps>(app, '/api/insight/steps?from=2026-03-01&to=2026-03-31');
  // As if the process had stopped right after the order's write: the day's documents lose their counts.
  await app.db.models.InsightDay.collection.deleteOne({ _id: '2026-03-02' as never });
  await app.db.models.InsightDay.collection.deleteOne({ _id: '2026-03' as never });
  await app.insightUpkeep.recover(new Date('2026-03-01T00:00:00Z'));
  await app.insightUpkeep.recover(new Date('2026-03-01T00:00:00Z'));
  // Month copies are written a second after their days' burst; another node reads them after that.
  await app.repos.insight.writeMonths();
  // The read cache of closed days is this node's: a fresh app would read the document again.
  const again = await buildTestApp({ dbName: app.config.dbName, config: { now: () => clock.t } });
  try {
    assert.equal(stepOf(await get<Steps>(again, '/api/insight/steps?from=2026-03-02&to=2026-03-02'), 'decoupage'), before);
    // The month's copy of its days is rebuilt by the same pass.
    assert.equal(await get<Steps>(again, '/api/insight/steps?from=2026-03-01&to=2026-03-31'), monthBefore);
  } finally {
    await again.close();
  }
});

test.run();
