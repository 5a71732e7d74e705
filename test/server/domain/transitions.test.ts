import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSettings } from '../../../shared/defaults.js';
import { planTransition } from '../../../server/domain/transitions.js';
import { AppError } from '../../../server/errors.js';

const w = defaultSettings;
const refused = (fn: () => unknown, status: number, code: string) => {
  try {
    fn();
  } catch (e) {
    assert.instance(e, AppError);
    assert.is((e as AppError).statusCode, status);
    assert.is((e as AppError).code, code);
    return;
  }
  assert.unreachable(`expected ${code}`);
};

test('advance goes to the following step', () => {
  const p = planTransition(w, { status: null }, { kind: 'advance', expectedStepId: 'en-attente' });
  assert.equal(p, { toStepId: 'prise-en-charge', historyKind: 'advanced' });
});

test('advance from the last step is a 409', () => {
  refused(() => planTransition(w, { status: null }, { kind: 'advance', expectedStepId: 'annulee' }), 409, 'no_next_step');
});

test('regress needs a non-blank comment and goes back one step', () => {
  refused(() => planTransition(w, { status: null }, { kind: 'regress', expectedStepId: 'decoupage', comment: '   ' }), 400, 'comment_required');
  const p = planTransition(w, { status: null }, { kind: 'regress', expectedStepId: 'decoupage', comment: ' pièce rayée ' });
  assert.equal(p, { toStepId: 'prise-en-charge', historyKind: 'regressed', comment: 'pièce rayée' });
});

test('regress from the first step is a 409', () => {
  refused(() => planTransition(w, { status: null }, { kind: 'regress', expectedStepId: 'en-attente', comment: 'x' }), 409, 'no_previous_step');
});

test('move: forwards without comment, backwards needs one, same step and unknown step refused', () => {
  assert.is(planTransition(w, { status: null }, { kind: 'move', expectedStepId: 'en-attente', toStepId: 'emballage' }).toStepId, 'emballage');
  refused(() => planTransition(w, { status: null }, { kind: 'move', expectedStepId: 'emballage', toStepId: 'en-attente' }), 400, 'comment_required');
  const back = planTransition(w, { status: null }, { kind: 'move', expectedStepId: 'emballage', toStepId: 'en-attente', comment: 'erreur de saisie' });
  assert.is(back.historyKind, 'moved');
  assert.is(back.comment, 'erreur de saisie');
  refused(() => planTransition(w, { status: null }, { kind: 'move', expectedStepId: 'emballage', toStepId: 'emballage' }), 409, 'same_step');
  refused(() => planTransition(w, { status: null }, { kind: 'move', expectedStepId: 'emballage', toStepId: 'nowhere' }), 422, 'unknown_step');
});

test('entering the final step sets the final status when configured', () => {
  const p = planTransition(w, { status: 'expédiée' }, { kind: 'advance', expectedStepId: 'livraison' });
  assert.equal(p.status, { from: 'expédiée', to: 'terminée' });
  const none = planTransition({ ...w, finalStatus: null }, { status: 'expédiée' }, { kind: 'advance', expectedStepId: 'livraison' });
  assert.is(none.status, undefined);
  const already = planTransition(w, { status: 'terminée' }, { kind: 'advance', expectedStepId: 'livraison' });
  assert.is(already.status, undefined);
  // Leaving the final step does not touch the status.
  assert.is(planTransition(w, { status: 'terminée' }, { kind: 'advance', expectedStepId: 'terminee' }).status, undefined);
});

test('an expected step that is not in the workflow is a 400', () => {
  refused(() => planTransition(w, { status: null }, { kind: 'advance', expectedStepId: 'gone' }), 400, 'unknown_step');
});

test.run();
