import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { entriesContaining, type ArchiveEntry } from '../../../server/store/archive-index.js';

/* A search in a bucket of the archive's index: one scan of its texts end to end must find what one test per entry finds. */
const S = suite('archive index: search in a bucket');

const entry = (slot: number, text: string): [number, ArchiveEntry] => [
  slot,
  { id: `o${slot}`, number: slot + 100, text, stepId: 'terminee', assigneeId: null, machineId: null },
];
// Newest first, as the index keeps them.
const bucket = new Map([
  entry(9, 'aiguille sa\nleuze lara\ncmd-9\n'),
  entry(8, 'bench sa\nancien 8\n\n'),
  entry(7, 'sofar\nmarolex éléonore\nref-aiguille aiguille\nerp-7'),
  entry(6, ''),
  entry(5, 'bench sa\nzz'),
]);
const slots = (q: string) => entriesContaining(bucket, q)?.map(([slot]) => slot);
const oneByOne = (q: string) => [...bucket].filter(([, e]) => e.text.includes(q)).map(([slot]) => slot);

S('finds what a test of each entry finds, newest first, each entry once', () => {
  for (const q of ['aiguille', 'a', 'bench sa', 'zz', 'z', 'éléonore', 'lara\ncmd', 'sa\n', 'erp-7', 'absent', '9\n']) {
    assert.equal(slots(q), oneByOne(q), q);
  }
  assert.equal(slots('aiguille'), [9, 7], 'twice in one entry, listed once');
  assert.equal(slots('zz'), [5], 'at the very end');
  assert.equal(slots('aiguille sa'), [9], 'at the very start');
});

S('never across two entries; nothing to find means every entry', () => {
  assert.equal(slots('cmd-9\n\u0000bench'), undefined, 'a text holding the separator is left to the test of each entry');
  assert.equal(slots('\nerp-7\u0000'), undefined);
  assert.equal(slots(''), undefined);
  assert.equal(slots('cmd-9\nbench'), [], 'the end of one entry and the start of the next are not one text');
});

S('an empty bucket finds nothing', () => {
  assert.equal(entriesContaining(new Map(), 'x'), []);
});

S.run();
