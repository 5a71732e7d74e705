import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import { normaliseSettings, removedStepIds } from '../../../server/domain/settings-rules.js';
import { AppError } from '../../../server/errors.js';

const templates = new Set(['commande-dispo', 'envoi-commande']);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.instance(e, AppError);
    return (e as AppError).code;
  }
  return 'accepted';
};

test('the defaults are valid and come back unchanged', () => {
  assert.equal(normaliseSettings(defaultSettings, templates), defaultSettings);
});

test('labels and statuses are trimmed', () => {
  const s = normaliseSettings(
    { ...defaultSettings, steps: defaultSettings.steps.map((st, i) => (i === 0 ? { ...st, label: '  En attente ' } : st)), statuses: [' en attente', 'expédiée', 'terminée '] },
    templates,
  );
  assert.is(s.steps[0].label, 'En attente');
  assert.equal(s.statuses, ['en attente', 'expédiée', 'terminée']);
});

test('refusals', () => {
  const d = defaultSettings;
  assert.is(code(() => normaliseSettings({ ...d, steps: [...d.steps, { ...d.steps[0], label: 'Autre' }] }, templates)), 'duplicate_step');
  assert.is(code(() => normaliseSettings({ ...d, steps: d.steps.map((s, i) => (i === 1 ? { ...s, label: '   ' } : s)) }, templates)), 'empty_label');
  assert.is(code(() => normaliseSettings({ ...d, finalStepId: 'nope' }, templates)), 'unknown_final_step');
  assert.is(code(() => normaliseSettings({ ...d, finalStatus: 'livrée' }, templates)), 'unknown_status');
  assert.is(code(() => normaliseSettings({ ...d, timezone: 'Mars/Olympus' }, templates)), 'unknown_timezone');
  assert.is(code(() => normaliseSettings(d, new Set())), 'unknown_template');
  assert.is(code(() => normaliseSettings({ ...d, steps: d.steps.map((s, i) => (i === 0 ? { ...s, autoSend: true } : s)) }, templates)), 'autosend_without_template');
  assert.is(code(() => normaliseSettings({ ...d, statuses: ['a', 'a'], finalStatus: null }, templates)), 'duplicate_status');
  assert.is(code(() => normaliseSettings({ ...d, steps: d.steps.map((s, i) => (i === 1 ? { ...s, label: 'en attente' } : s)) }, templates)), 'duplicate_label');
});

test('removed steps are found', () => {
  assert.equal(removedStepIds(defaultSettings, { steps: defaultSettings.steps.filter((s) => s.id !== 'decoupage') }), ['decoupage']);
  assert.equal(removedStepIds(defaultSettings, defaultSettings), []);
});

test.run();
