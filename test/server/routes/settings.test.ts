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

S.run();
