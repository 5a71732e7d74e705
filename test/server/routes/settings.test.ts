import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FastifyInstance } from 'fastify';
import { defaultSettings } from '../../../shared/defaults.js';
import { body, buildTestApp } from '../../helper.js';

const S = suite<{ app: FastifyInstance }>('settings');
S.before(async (ctx) => {
  ctx.app = await buildTestApp();
});
S.after(async (ctx) => ctx.app.close());

const put = (app: FastifyInstance, payload: unknown) => app.inject({ method: 'PUT', url: '/api/settings', payload: payload as object });
const current = async (app: FastifyInstance) => body((await app.inject({ method: 'GET', url: '/api/settings' })));

S('first start seeds the reference workflow and its templates', async ({ app }) => {
  const s = await current(app);
  assert.equal(s.steps.map((x: any) => x.label), ['En attente', 'Prise en charge', 'Découpage', 'Assemblage', 'Emballage', 'Livraison', 'Terminée', 'Annulée']);
  assert.is(s.steps.find((x: any) => x.id === 'assemblage').templateId, 'commande-dispo');
  assert.is(s.steps.find((x: any) => x.id === 'emballage').templateId, 'envoi-commande');
  assert.is(s.finalStepId, 'terminee');
  assert.is(s.timezone, 'Europe/Paris');
  const names = body(await app.inject({ method: 'GET', url: '/api/templates' })).map((t: any) => t.name).sort();
  assert.equal(names, ['Commande dispo', 'Envoi commande']);
});

S('PUT validates and saves, with a new seq', async ({ app }) => {
  const before = await current(app);
  const next = { ...defaultSettings, dueSoonDays: 5, steps: defaultSettings.steps.map((s) => (s.id === 'decoupage' ? { ...s, label: 'Découpe laser' } : s)) };
  const r = await put(app, next);
  assert.is(r.statusCode, 200, r.body);
  const saved = body(r);
  assert.is(saved.dueSoonDays, 5);
  assert.is(saved.steps[2].label, 'Découpe laser');
  assert.ok(saved.seq > before.seq);
  assert.equal(await current(app), saved);
});

S('invalid settings → 400 with a code, nothing saved', async ({ app }) => {
  const before = await current(app);
  const { seq, ...base } = before;
  void seq;
  const cases: Array<[unknown, string]> = [
    [{ ...base, steps: [...base.steps, base.steps[0]] }, 'duplicate_step'],
    [{ ...base, steps: base.steps.map((s: any, i: number) => (i ? s : { ...s, label: '  ' })) }, 'empty_label'],
    [{ ...base, finalStepId: 'nowhere' }, 'unknown_final_step'],
    [{ ...base, timezone: 'Europe/Atlantis' }, 'unknown_timezone'],
    [{ ...base, steps: [] }, 'invalid_request'],
    [{ ...base, dueSoonDays: -1 }, 'invalid_request'],
    [{ ...base, dueSoonDays: '3' }, 'invalid_request'],
    [{ ...base, extra: true }, 'invalid_request'],
  ];
  for (const [payload, code] of cases) {
    const r = await put(app, payload);
    assert.is(r.statusCode, 400, code);
    assert.is(body(r).error.code, code);
  }
  assert.equal(await current(app), before);
});

S('removing a step that orders use → 409 naming how many; allowed once they moved', async ({ app }) => {
  for (let i = 0; i < 2; i++) await app.inject({ method: 'POST', url: '/api/orders', payload: { contact: { name: `O${i}` }, stepId: 'livraison' } });
  const { seq, ...base } = await current(app);
  void seq;
  const without = { ...base, steps: base.steps.filter((s: any) => s.id !== 'livraison') };
  const r = await put(app, without);
  assert.is(r.statusCode, 409);
  assert.is(body(r).error.code, 'step_in_use');
  assert.is(body(r).count, 2);
  assert.match(body(r).error.message, /2 orders are still at Livraison/);
  // Removing an unused step is fine.
  const ok = await put(app, { ...base, steps: base.steps.filter((s: any) => s.id !== 'decoupage') });
  assert.is(ok.statusCode, 200);
});

S('a template in use by a step cannot be deleted', async ({ app }) => {
  const r = await app.inject({ method: 'DELETE', url: '/api/templates/commande-dispo' });
  assert.is(r.statusCode, 409);
  assert.is(body(r).error.code, 'template_in_use');
  assert.match(body(r).error.message, /Assemblage/);
});

S('PUT with the seq it was edited from: saved when current, 409 stale_settings with the current settings when not', async ({ app }) => {
  const { seq, ...base } = await current(app);
  const first = await put(app, { ...base, dueSoonDays: 7, expectedSeq: seq });
  assert.is(first.statusCode, 200, first.body);
  const saved = body(first);
  assert.is(saved.dueSoonDays, 7);
  assert.ok(saved.seq > seq);

  // A second screen still holding the old seq is refused, and told what is there now.
  const late = await put(app, { ...base, dueSoonDays: 1, expectedSeq: seq });
  assert.is(late.statusCode, 409);
  assert.is(body(late).error.code, 'stale_settings');
  assert.match(body(late).error.message, /changed by someone else/);
  assert.equal(body(late).settings, saved);
  assert.equal(await current(app), saved);

  // Without the field the last write wins, as for clients that predate it.
  const blind = await put(app, { ...base, dueSoonDays: 2 });
  assert.is(blind.statusCode, 200);
  assert.is(body(blind).dueSoonDays, 2);
});

S('concurrent PUTs from the same seq: exactly one is saved, the others get the winner', async ({ app }) => {
  const { seq, ...base } = await current(app);
  const replies = await Promise.all([1, 2, 3, 4, 5].map((n) => put(app, { ...base, dueSoonDays: n, expectedSeq: seq })));
  const ok = replies.filter((r) => r.statusCode === 200);
  assert.is(ok.length, 1, replies.map((r) => r.statusCode).join(','));
  const winner = body(ok[0]);
  for (const r of replies.filter((x) => x.statusCode !== 200)) {
    assert.is(r.statusCode, 409);
    assert.is(body(r).error.code, 'stale_settings');
    assert.is(body(r).settings.seq, winner.seq);
  }
  assert.equal(await current(app), winner);
});

S('a bad expectedSeq → 400, nothing saved', async ({ app }) => {
  const before = await current(app);
  const { seq, ...base } = before;
  for (const expectedSeq of [-1, '3', 1.5, null]) {
    const r = await put(app, { ...base, dueSoonDays: 9, expectedSeq });
    assert.is(r.statusCode, 400, String(expectedSeq));
    assert.is(body(r).error.code, 'invalid_request');
  }
  assert.is(seq, (await current(app)).seq);
  assert.equal(await current(app), before);
});

S('working hours: saved and read back; kept by an update that does not name them; bad ones → 400, nothing saved', async ({ app }) => {
  const { seq, ...base } = await current(app);
  void seq;
  const hours = { days: [5, 1, 2], start: '06:30', end: '21:00' };
  const saved = await put(app, { ...base, workingHours: hours });
  assert.is(saved.statusCode, 200, saved.body);
  assert.equal(body(saved).workingHours, { days: [1, 2, 5], start: '06:30', end: '21:00' });
  // A tablet that predates the setting sends none: the hours stay.
  const { workingHours, ...older } = base;
  void workingHours;
  const kept = await put(app, { ...older, dueSoonDays: 4 });
  assert.is(kept.statusCode, 200, kept.body);
  assert.equal(body(kept).workingHours, { days: [1, 2, 5], start: '06:30', end: '21:00' });
  const before = await current(app);
  for (const [bad, code] of [
    [{ days: [1, 1], start: '07:00', end: '08:00' }, 'invalid_working_hours'],
    [{ days: [1], start: '07:00', end: '07:00' }, 'invalid_working_hours'],
    [{ days: [8], start: '07:00', end: '08:00' }, null],
    [{ days: [1], start: '7h', end: '08:00' }, null],
    [{ days: [1], start: '24:00', end: '08:00' }, null],
  ] as const) {
    const r = await put(app, { ...base, workingHours: bad });
    assert.is(r.statusCode, 400, JSON.stringify(bad));
    if (code) assert.is(body(r).error.code, code);
  }
  assert.equal(await current(app), before);
  const off = await put(app, { ...base, workingHours: null });
  assert.is(off.statusCode, 200, off.body);
  assert.is(body(off).workingHours, null);
});

S.run();
