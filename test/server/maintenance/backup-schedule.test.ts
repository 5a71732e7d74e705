import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextBackupAt } from '../../../server/maintenance/backup-schedule.js';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);

test('the next backup is the next of the hours, local time, today or tomorrow', () => {
  assert.equal(nextBackupAt([2], local(2026, 12, 1, 1, 59)), local(2026, 12, 1, 2));
  assert.equal(nextBackupAt([2], local(2026, 12, 1, 2, 0)), local(2026, 12, 2, 2), 'at 02:00 itself: the next is tomorrow');
  assert.equal(nextBackupAt([2, 14], local(2026, 12, 1, 9)), local(2026, 12, 1, 14));
  assert.equal(nextBackupAt([2, 14], local(2026, 12, 31, 20)), local(2027, 1, 1, 2), 'over the year end');
});

test('no hours: a programming error, said so', () => {
  assert.throws(() => nextBackupAt([], new Date()), /no backup hour/);
});

test.run();
