import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startHarness, testOpId, type Harness } from '../harness.js';
import { click, makePerson, mustDeep, signedInTablet, textOf, typeInto, waitDeep, waitRow, waitText } from './helpers.js';

/** The tablet's settings for workshop insight: a WIP limit per step, and the rework reasons (add, rename, remove; ids kept). */
const S = suite<{ h: Harness; password: string }>('supervisor tablet: WIP limits and rework reasons');

S.before(async (ctx) => {
  ctx.h = await startHarness();
  ctx.password = 'chef-password-2026';
  await makePerson(ctx.h, 'admin', 'Chef d’atelier', 'chef', ctx.password);
});
S.after(async (ctx) => ctx.h?.close());

const wip = (step: string) => `step-list >>> li[data-step="${step}"] input[name="wipLimit"]`;

S('a WIP limit per step (explained; a wrong one said, not saved; emptied = none) and the reasons edited, ids kept', async ({ h, password }) => {
  const page = await signedInTablet(h, '/admin/settings', 'chef', password);
  await waitDeep(page, wip('decoupage'), 8000);
  assert.match(await textOf(page, 'step-list >>> #wip-help'), 'Nombre de commandes au-delà duquel le mur signale l’étape en rouge ; vide = pas de limite.');
  // A wrong value is said on its row and not taken.
  await typeInto(page, wip('decoupage'), '0');
  await page.keyboard.press('Tab');
  await waitText(page, 'step-list >>> li[data-step="decoupage"] .error', /doit être un nombre entier d’au moins 1/);
  await typeInto(page, wip('decoupage'), '3');
  await page.keyboard.press('Tab');
  await typeInto(page, wip('assemblage'), '12');
  await page.keyboard.press('Tab');
  // Reasons: rename one, remove one, add one.
  await typeInto(page, 'rework-reasons-field >>> li[data-reason="autre"] input', 'Autre motif');
  await page.keyboard.press('Tab');
  await click(page, 'rework-reasons-field >>> li[data-reason="erreur-dossier"] button.remove');
  await typeInto(page, 'rework-reasons-field >>> input[name="newReason"]', 'Trou mal placé');
  await click(page, 'rework-reasons-field >>> button.add-reason');
  await waitDeep(page, 'rework-reasons-field >>> li[data-reason="trou-mal-place"]');
  await click(page, 'settings-section >>> button.save');
  await waitText(page, 'settings-section >>> [data-result]', /Paramètres enregistrés/, 8000);
  const saved = (await h.api('GET', '/api/settings')).body;
  const limit = (id: string) => saved.steps.find((s: { id: string }) => s.id === id)?.wipLimit ?? null;
  assert.is(limit('decoupage'), 3);
  assert.is(limit('assemblage'), 12);
  assert.is(limit('en-attente'), null);
  assert.equal(
    saved.reworkReasons.map((r: { id: string; label: string }) => [r.id, r.label]),
    [
      ['defaut-coupe', 'Défaut de coupe'],
      ['mauvaise-cote', 'Mauvaise cote'],
      ['piece-abimee', 'Pièce abîmée'],
      ['autre', 'Autre motif'],
      ['trou-mal-place', 'Trou mal placé'],
    ],
  );
  // Emptied, the limit is removed.
  await typeInto(page, wip('decoupage'), '');
  await page.keyboard.press('Tab');
  await click(page, 'settings-section >>> button.save');
  await page.waitForFunction(
    () => fetch('/api/settings').then((r) => r.json()).then((s) => s.steps.find((x: { id: string }) => x.id === 'decoupage').wipLimit == null),
    { timeout: 8000, polling: 200 },
  );
  const after = (await h.api('GET', '/api/settings')).body;
  assert.is(after.steps.find((s: { id: string }) => s.id === 'assemblage').wipLimit, 12, 'the other limit stays');
  await page.close();
});

S('a backward move from the table offers the reasons; the one chosen is in the history', async ({ h, password }) => {
  const r = await h.api('POST', '/api/orders', { contact: { name: 'LEUZE Lara', company: 'ANTIKOR' }, dueDate: null });
  assert.is(r.status, 201, JSON.stringify(r.body));
  const o = r.body as { id: string; number: number };
  assert.is((await h.api('POST', `/api/orders/${o.id}/move`, { expectedStepId: 'en-attente', toStepId: 'assemblage', opId: testOpId() })).status, 200);
  const page = await signedInTablet(h, '/admin', 'chef', password);
  await waitRow(page, o.number, '[data-step="assemblage"]', 8000);
  await click(page, `tr.row[data-order="${o.number}"] button.menu`);
  await click(page, 'row-menu >>> button[data-action="move"]');
  await waitDeep(page, 'move-dialog >>> dialog[open]');
  await click(page, 'move-dialog >>> button[data-step="decoupage"]');
  await waitDeep(page, 'orders-section >>> comment-dialog >>> dialog[open]');
  await click(page, 'orders-section >>> comment-dialog >>> .reasons button[data-code="trou-mal-place"]');
  assert.is(await (await mustDeep(page, 'orders-section >>> comment-dialog >>> textarea')).evaluate((t) => (t as HTMLTextAreaElement).value), 'Trou mal placé');
  await click(page, 'orders-section >>> comment-dialog >>> button.confirm');
  await waitRow(page, o.number, '[data-step="decoupage"]', 8000);
  const last = (await h.api('GET', `/api/orders/${o.id}`)).body.history.at(-1);
  assert.is(last.kind, 'moved');
  assert.is(last.reasonCode, 'trou-mal-place');
  assert.is(last.comment, 'Trou mal placé');
  await page.close();
});

S.run();
