import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atRisk, durationText, longerThanUsual, sinceText, timeInStep } from '../../../kiosk/src/common/time-in-step.js';
import { wipState } from '../../../kiosk/src/wall/wip.js';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;

test('"depuis …" in French: under a minute, minutes, hours and minutes, whole hours, days', () => {
  assert.is(sinceText('fr', 0), 'depuis < 1 min');
  assert.is(sinceText('fr', 59_999), 'depuis < 1 min');
  assert.is(sinceText('fr', MIN), 'depuis 1 min');
  assert.is(sinceText('fr', 12 * MIN + 30_000), 'depuis 12 min');
  assert.is(sinceText('fr', 59 * MIN + 59_000), 'depuis 59 min');
  assert.is(sinceText('fr', H), 'depuis 1 h');
  assert.is(sinceText('fr', 2 * H + 10 * MIN), 'depuis 2 h 10');
  assert.is(sinceText('fr', 2 * H + 5 * MIN), 'depuis 2 h 05');
  assert.is(sinceText('fr', 23 * H + 59 * MIN), 'depuis 23 h 59');
  assert.is(sinceText('fr', D), 'depuis 1 j');
  assert.is(sinceText('fr', 3 * D + 20 * H), 'depuis 3 j');
});

test('"for …" in English, same cut-offs', () => {
  assert.is(sinceText('en', 30_000), 'for < 1 min');
  assert.is(sinceText('en', 12 * MIN), 'for 12 min');
  assert.is(sinceText('en', 2 * H + 10 * MIN), 'for 2 h 10');
  assert.is(sinceText('en', 5 * H), 'for 5 h');
  assert.is(sinceText('en', 3 * D), 'for 3 d');
});

test('a clock behind the server (negative span) or an unreadable span reads as under a minute', () => {
  assert.is(sinceText('fr', -5 * MIN), 'depuis < 1 min');
  assert.is(sinceText('fr', Number.NaN), 'depuis < 1 min');
});

test('durations of the dashboard', () => {
  assert.is(durationText('fr', 42.4), '42 s');
  assert.is(durationText('fr', 12 * 60 + 5), '12 min');
  assert.is(durationText('fr', 2 * 3600 + 5 * 60), '2 h 05');
  assert.is(durationText('fr', 3 * 86_400 + 4 * 3600 + 59), '3 j 4 h');
  assert.is(durationText('en', 3 * 86_400 + 4 * 3600), '3 d 4 h');
  assert.is(durationText('fr', -3), '0 s');
});

test('time in step from stepSince; none without it or when unreadable', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  assert.is(timeInStep({ stepSince: '2026-12-01T07:50:00.000Z' }, now), 2 * H + 10 * MIN);
  assert.is(timeInStep({}, now), null);
  assert.is(timeInStep({ stepSince: 'hier' }, now), null);
});

test('longer than usual only once past the p90, and never without a usual time', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  const since = '2026-12-01T09:00:00Z'; // one hour
  assert.is(longerThanUsual({ stepSince: since, stepUsualSeconds: 3599 }, now), true);
  assert.is(longerThanUsual({ stepSince: since, stepUsualSeconds: 3600 }, now), false);
  assert.is(longerThanUsual({ stepSince: since, stepUsualSeconds: 7200 }, now), false);
  assert.is(longerThanUsual({ stepSince: since, stepUsualSeconds: null }, now), false);
  assert.is(longerThanUsual({ stepSince: since }, now), false);
  assert.is(longerThanUsual({ stepUsualSeconds: 10 }, now), false);
});

test('at risk: forecast late while not late yet (ok, soon); an urgent order keeps its red alone', () => {
  const late = { finishDate: '2026-12-10', late: true };
  assert.is(atRisk({ forecast: late, urgency: 'ok' }), true);
  assert.is(atRisk({ forecast: late, urgency: 'soon' }), true);
  assert.is(atRisk({ forecast: late, urgency: 'urgent' }), false);
  assert.is(atRisk({ forecast: late, urgency: 'none' }), false);
  assert.is(atRisk({ forecast: { finishDate: '2026-12-10', late: false }, urgency: 'soon' }), false);
  assert.is(atRisk({ forecast: null, urgency: 'soon' }), false);
  assert.is(atRisk({ urgency: 'ok' }), false);
});

test('WIP against the limit: none without a limit, under, at (amber), above (red)', () => {
  assert.is(wipState(12, null), 'none');
  assert.is(wipState(12, undefined), 'none');
  assert.is(wipState(2, 3), 'under');
  assert.is(wipState(3, 3), 'at-limit');
  assert.is(wipState(4, 3), 'over');
  assert.is(wipState(0, 1), 'under');
});

test.run();
