import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WedgeDecoder, orderNumberOf, pairingCodeOf, type WedgeStep } from '../../../kiosk/src/common/scanner/wedge.js';

/** The keyboard-wedge decoder on key times alone: what a scanner types is a scan, what a person types is theirs. */
const S = suite('keyboard-wedge scanner decoding');

/** Types `text` then Enter, `gap` ms apart from `start`; returns every step and what reached the field. */
function type(d: WedgeDecoder, text: string, gap: number, start = 1000, enter = true) {
  const steps: WedgeStep[] = [];
  let field = '';
  let at = start;
  for (const ch of text) {
    const s = d.char(ch, at);
    steps.push(s);
    field += s.release + (s.action === 'pass' ? ch : '');
    at += gap;
  }
  if (enter) {
    const s = d.enter(at - gap + Math.min(gap, 10));
    steps.push(s);
    field += s.release;
  }
  return { steps, field, at };
}

S('a burst 5 ms apart ending with Enter is a scan; only its first key went through, to be taken back', () => {
  const d = new WedgeDecoder();
  const { steps, field } = type(d, 'https://jalon.example/o/1042', 5);
  const last = steps[steps.length - 1];
  assert.equal(last.action, 'scan');
  assert.equal(last.action === 'scan' && last.text, 'https://jalon.example/o/1042');
  assert.equal(steps[0].action, 'pass');
  assert.ok(steps.slice(1, -1).every((s) => s.action === 'hold'));
  assert.equal(field, 'h', 'the field saw the first key only');
});

S('a person typing 120 ms apart: every key passes, Enter passes, nothing held', () => {
  const d = new WedgeDecoder();
  const { steps, field } = type(d, 'scie 42', 120);
  assert.ok(steps.every((s) => s.action === 'pass'));
  assert.equal(field, 'scie 42');
});

S('fewer than 4 fast keys then Enter is not a scan: the held keys are given back before Enter', () => {
  const d = new WedgeDecoder();
  const { steps, field } = type(d, '123', 5);
  const last = steps[steps.length - 1];
  assert.equal(last.action, 'pass');
  assert.equal(last.release, '23');
  assert.equal(field, '123');
});

S("a person's quick pair of keys is given back, in order, before the next key", () => {
  const d = new WedgeDecoder();
  assert.equal(d.char('t', 0).action, 'pass');
  assert.equal(d.char('h', 20).action, 'hold');
  const s = d.char('e', 150);
  assert.equal(s, { action: 'pass', release: 'h' });
});

S('a burst without Enter expires: its held keys are given back once, not before the gap', () => {
  const d = new WedgeDecoder();
  d.char('a', 0);
  d.char('b', 5);
  d.char('c', 10);
  assert.equal(d.expire(20), '', 'still within the gap: it may yet be a scan');
  assert.equal(d.expire(10 + d.expiresIn), 'bc');
  assert.equal(d.expire(500), '');
});

S('Enter long after a fast burst is a person pressing Enter: not a scan', () => {
  const d = new WedgeDecoder();
  d.char('1', 0);
  d.char('2', 5);
  d.char('3', 10);
  d.char('4', 15);
  const s = d.enter(400);
  assert.equal(s, { action: 'pass', release: '234' });
});

S('another key (Backspace, Tab) ends the burst and gives back what was held', () => {
  const d = new WedgeDecoder();
  d.char('1', 0);
  d.char('2', 5);
  assert.equal(d.other(), { action: 'pass', release: '2' });
  assert.equal(d.char('3', 8).action, 'pass', 'a new burst starts after it');
});

S('two scans in a row are both recognised', () => {
  const d = new WedgeDecoder();
  const a = type(d, '1042', 5, 0);
  const b = type(d, '1043', 5, 200);
  const last = (x: { steps: WedgeStep[] }) => x.steps[x.steps.length - 1];
  assert.equal(last(a), { action: 'scan', release: '', text: '1042' });
  assert.equal(last(b), { action: 'scan', release: '', text: '1043' });
});

S('order numbers: QR addresses (any host, query, fragment, trailing slash) and bare Code 128 numbers', () => {
  assert.equal(orderNumberOf('https://jalon.example/o/1042'), 1042);
  assert.equal(orderNumberOf('http://192.168.1.10:3000/o/7/'), 7);
  assert.equal(orderNumberOf('https://x.fr/atelier/o/55?from=sheet#top'), 55);
  assert.equal(orderNumberOf(' 1042 '), 1042);
  assert.equal(orderNumberOf('000123'), 123);
});

S('order numbers: anything else is not an order', () => {
  for (const s of ['', 'abc', '0', '1234567890', 'https://x/o/', 'https://x/o/12a', 'https://x/o/0', 'https://x/p/12', '12 34', '-5']) {
    assert.equal(orderNumberOf(s), null, s);
  }
});

S('pairing codes: the QR address or the bare 6 digits, nothing else', () => {
  assert.equal(pairingCodeOf('https://jalon.example/admin/pair?code=123456'), '123456');
  assert.equal(pairingCodeOf('http://h:3000/admin/pair?x=1&code=654321'), '654321');
  assert.equal(pairingCodeOf('012345'), '012345');
  for (const s of ['12345', '1234567', 'https://h/admin/pair?code=12345', 'https://h/o/123456', 'https://h/admin/pair?code=1234567']) {
    assert.equal(pairingCodeOf(s), null, s);
  }
});

S.run();
