import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import { effectsOf, emptyDay, mergeDays, type DayStats } from '../../../server/domain/insight/day-stats.js';
import { allFactsOf, dayIn, factsOf } from '../../../server/domain/insight/facts.js';
import { figuresOf, forecastOf } from '../../../server/domain/insight/forecast.js';
import { bucketOf, exactQuantile, quantile, RATIO, addTo, type Histogram } from '../../../server/domain/insight/histogram.js';
import { daysOfRange } from '../../../server/domain/insight/range.js';
import { csvCell, csvDocument } from '../../../server/domain/insight/csv.js';
import type { StoredHistory, StoredOrder } from '../../../server/store/orders.js';

const w = { ...defaultSettings, timezone: 'Europe/Paris' };
const test = suite('insight statistics');

let op = 0;
const entry = (kind: string, at: string, fromStepId: string | undefined, toStepId: string, extra: Partial<StoredHistory> = {}): StoredHistory => ({
  at: new Date(at),
  actor: 'Léa',
  kind,
  ...(fromStepId ? { fromStepId } : {}),
  toStepId,
  ...(kind === 'created' ? {} : { opId: `op-${++op}` }),
  ...extra,
});
const order = (history: StoredHistory[], over: Partial<StoredOrder> = {}): StoredOrder => ({
  _id: `o${++op}`,
  number: 1,
  date: '2026-01-01',
  contact: { name: 'Client', company: 'Société' },
  status: null,
  stepId: history.at(-1)!.toStepId!,
  dueDate: null,
  assigneeId: null,
  machineId: null,
  version: history.length,
  seq: 1,
  history,
  ...over,
});

/** Applies every fact of the orders, each document once per key, as the store does. */
function count(orders: StoredOrder[]): Map<string, DayStats> {
  const docs = new Map<string, { d: DayStats; keys: Set<string> }>();
  for (const o of orders) {
    for (const f of allFactsOf(o, w)) {
      for (const [id, effects] of effectsOf(f, w.timezone)) {
        const doc = docs.get(id) ?? { d: emptyDay(), keys: new Set<string>() };
        if (!doc.keys.has(f.key)) effects.forEach((e) => e(doc.d));
        doc.keys.add(f.key);
        docs.set(id, doc);
      }
    }
  }
  return new Map([...docs].map(([id, v]) => [id, v.d]));
}

test('a visit spanning midnight counts on the day it left its step, entered on the day before', () => {
  // 23:30 and 00:30 in Paris (UTC+1 in January).
  const o = order([entry('created', '2026-01-14T22:30:00Z', undefined, 'en-attente'), entry('advanced', '2026-01-14T23:30:00Z', 'en-attente', 'prise-en-charge')]);
  const f = factsOf(o, w, 1)!;
  assert.is(f.visit!.seconds, 3600);
  assert.is(dayIn(f.at, w.timezone), '2026-01-15');
  const days = count([o]);
  assert.is(days.get('2026-01-15')!.steps['en-attente'].left, 1);
  assert.is(days.get('2026-01-14')!.steps['en-attente'].entered, 1);
  assert.is(days.get('2026-01-14')!.started, 1);
  assert.is(days.get('2026-01-15')!.steps['prise-en-charge'].entered, 1);
});

test('DST: 00:30 → 03:30 on the last Sunday of March is 2 hours; on the last Sunday of October 01:30 → 03:30 is 3 hours', () => {
  // 2026-03-29: 02:00 CET jumps to 03:00 CEST. 00:30 CET = 23:30Z (28th), 03:30 CEST = 01:30Z.
  const spring = order([entry('created', '2026-03-28T23:30:00Z', undefined, 'decoupage'), entry('advanced', '2026-03-29T01:30:00Z', 'decoupage', 'assemblage')]);
  const s = factsOf(spring, w, 1)!;
  assert.is(s.visit!.seconds, 2 * 3600);
  assert.is(dayIn(spring.history![0].at, w.timezone), '2026-03-29');
  assert.is(count([spring]).get('2026-03-29')!.steps['decoupage'].entered, 1);
  // 2026-10-25: 03:00 CEST falls back to 02:00 CET. 01:30 CEST = 23:30Z (24th), 03:30 CET = 02:30Z.
  const autumn = order([entry('created', '2026-10-24T23:30:00Z', undefined, 'decoupage'), entry('advanced', '2026-10-25T02:30:00Z', 'decoupage', 'assemblage')]);
  const a = factsOf(autumn, w, 1)!;
  assert.is(a.visit!.seconds, 3 * 3600);
  const days = count([autumn]);
  assert.equal([...days.keys()], ['2026-10-25']);
  assert.is(days.get('2026-10-25')!.steps['decoupage'].left, 1);
  // The range's days are calendar days whatever their length (23 h and 25 h days included).
  assert.equal(daysOfRange('2026-03-28', '2026-03-30', w.timezone), ['2026-03-28', '2026-03-29', '2026-03-30']);
  assert.equal(daysOfRange('2026-10-24', '2026-10-26', w.timezone), ['2026-10-24', '2026-10-25', '2026-10-26']);
});

test('reworks count on the step the order went back from, with their reason; a forward move is no rework', () => {
  const o = order(
    [
      entry('created', '2026-02-02T08:00:00Z', undefined, 'decoupage'),
      entry('advanced', '2026-02-02T09:00:00Z', 'decoupage', 'assemblage'),
      entry('regressed', '2026-02-02T10:00:00Z', 'assemblage', 'decoupage', { comment: 'Cote fausse', reasonCode: 'mauvaise-cote' } as Partial<StoredHistory>),
      entry('advanced', '2026-02-02T11:00:00Z', 'decoupage', 'assemblage'),
      entry('moved', '2026-02-02T12:00:00Z', 'assemblage', 'decoupage', { comment: 'Encore' }),
      entry('moved', '2026-02-02T13:00:00Z', 'decoupage', 'livraison'),
    ],
    { machineId: 'm1', assigneeId: 'u1' },
  );
  const days = count([o]);
  const d = days.get('2026-02-02')!;
  assert.is(d.steps['assemblage'].rework, 2);
  assert.equal(d.steps['assemblage'].reasons, { 'mauvaise-cote': 1, '': 1 });
  assert.is(d.steps['decoupage'].rework, 0);
  assert.is(d.steps['decoupage'].left, 3);
  assert.is(d.steps['assemblage'].left, 2);
  assert.equal(d.machines['m1'], { left: 5, rework: 2, reasons: { 'mauvaise-cote': 1, '': 1 } });
  assert.is(days.get('2026-02-02:m:m1')!.steps['assemblage'].rework, 2);
  assert.is(days.get('2026-02-02:a:u1')!.steps['decoupage'].left, 3);
  const back = factsOf(o, w, 2)!.visit!;
  assert.is(back.comment, 'Cote fausse');
  assert.is(factsOf(o, w, 1)!.visit!.comment, null);
});

test('an order moved back from the final step takes its finish back (and its lateness) on the day it finished', () => {
  const o = order(
    [
      entry('created', '2026-04-01T08:00:00Z', undefined, 'livraison'),
      entry('advanced', '2026-04-03T08:00:00Z', 'livraison', 'terminee'),
      entry('moved', '2026-04-05T08:00:00Z', 'terminee', 'livraison', { comment: 'Pas livrée' }),
    ],
    { dueDate: '2026-04-02' },
  );
  const finished = count([order(o.history!.slice(0, 2), { dueDate: '2026-04-02', _id: o._id })]);
  assert.is(finished.get('2026-04-03')!.finished, 1);
  assert.is(finished.get('2026-04-03')!.late, 1);
  assert.is(quantile(finished.get('2026-04-03')!.lead, 0.5)! / 86400 > 1.9, true);
  const days = count([o]);
  assert.is(days.get('2026-04-03')!.finished, 0);
  assert.is(days.get('2026-04-03')!.late, 0);
  assert.equal(days.get('2026-04-03')!.lead, {});
  // The final step's visit is a visit like any other, and a rework of it.
  assert.is(days.get('2026-04-05')!.steps['terminee'].left, 1);
  assert.is(days.get('2026-04-05')!.steps['terminee'].rework, 1);
  assert.is(mergeDays(days.values()).finished, 0);
});

test('counting the same facts again changes nothing (keys)', () => {
  const o = order([entry('created', '2026-05-01T08:00:00Z', undefined, 'decoupage'), entry('advanced', '2026-05-01T09:00:00Z', 'decoupage', 'assemblage')]);
  const once = count([o]);
  const twice = count([o, o]);
  assert.equal(twice, once);
});

test('histogram percentiles match the exact ones within a bucket (±RATIO)', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const n of [5, 37, 1000, 20000]) {
    const values = Array.from({ length: n }, () => Math.round(60 * Math.exp(rnd() * 10)));
    const h: Histogram = {};
    values.forEach((v) => addTo(h, v));
    for (const p of [0.5, 0.9]) {
      const exact = exactQuantile(values, p)!;
      const approx = quantile(h, p)!;
      assert.ok(approx <= exact * RATIO + 1 && approx >= exact / RATIO - 1, `n=${n} p=${p}: ${approx} vs exact ${exact}`);
    }
  }
  assert.is(bucketOf(0), 0);
  assert.is(bucketOf(59), 0);
  assert.is(bucketOf(60), 1);
  assert.is(bucketOf(200 * 86400), 119);
  assert.is(quantile({}, 0.5), null);
});

test('the forecast: the rest of the current step, then the medians ahead; null without data', () => {
  const d = emptyDay();
  for (const step of ['decoupage', 'assemblage', 'emballage', 'livraison']) {
    d.steps[step] = { entered: 0, left: 0, rework: 0, hist: {}, reasons: {} };
    for (let k = 0; k < 5; k++) addTo(d.steps[step].hist, 86400);
  }
  const figures = figuresOf(d);
  const now = Date.parse('2026-06-01T08:00:00Z');
  const since = new Date(now - 12 * 3600 * 1000);
  const f = forecastOf({ stepId: 'decoupage', dueDate: '2026-06-03' }, since, w, figures, now)!;
  // ~12 h left here + 3 days ahead (assemblage, emballage, livraison) → 2026-06-04 in Paris.
  assert.is(f.finishDate, '2026-06-04');
  assert.is(f.late, true);
  assert.is(forecastOf({ stepId: 'decoupage', dueDate: '2026-06-10' }, since, w, figures, now)!.late, false);
  assert.is(forecastOf({ stepId: 'prise-en-charge', dueDate: null }, since, w, figures, now), null);
  assert.is(forecastOf({ stepId: 'terminee', dueDate: null }, since, w, figures, now), null);
  const few = emptyDay();
  few.steps['decoupage'] = { entered: 0, left: 4, rework: 0, hist: { '1': 4 }, reasons: {} };
  assert.is(figuresOf(few)['decoupage'].p90, null);
});

test('CSV cells: separators quoted, formulas defused, BOM first', () => {
  assert.is(csvCell('a;b', ';'), '"a;b"');
  assert.is(csvCell('a,b', ';'), 'a,b');
  assert.is(csvCell('=HYPERLINK("x")', ','), `"'=HYPERLINK(""x"")"`);
  assert.is(csvCell('-2', ','), "'-2");
  assert.is(csvCell(12, ','), '12');
  assert.ok(csvDocument(['a'], [['é']], 'fr').startsWith('\uFEFFa\r\n'));
});

test.run();
