import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Me } from '../../../shared/schemas/auth.js';
import { deviceFilter, scopeLocks } from '../../../kiosk/src/workstation/device-filter.js';

/** What a workstation shows: the address's filter held to the device's own scope. */
const D = suite('kiosk device filter');

const kiosk = (scope: Me['scope']): Me => ({ kind: 'kiosk', id: 'k1', name: 'Poste scie', role: 'operator', scope, requirePin: false, pinMinutes: 5, operator: null });

D('a machine kiosk shows its machine whatever the address asks, and keeps the other filters', () => {
  const me = kiosk({ machineId: 'saw' });
  assert.equal(deviceFilter(me, {}), { machineId: 'saw' });
  assert.equal(deviceFilter(me, { machineId: 'press', stepId: 'decoupage', q: 'sofar', all: true }), {
    machineId: 'saw',
    stepId: 'decoupage',
    q: 'sofar',
    all: true,
  });
  assert.equal(scopeLocks(me), { machine: true, assignee: false });
});

D('a person’s kiosk shows that person’s orders', () => {
  const me = kiosk({ assigneeId: 'marie' });
  assert.equal(deviceFilter(me, { assigneeId: 'paul', machineId: 'saw' }), { assigneeId: 'marie', machineId: 'saw' });
  assert.equal(scopeLocks(me), { machine: false, assignee: true });
});

D('a signed-in operator sees their own orders; supervisors, admins and unknown screens the address’s filter', () => {
  const operator: Me = { kind: 'user', id: 'paul', name: 'Paul', role: 'operator' };
  assert.equal(deviceFilter(operator, { assigneeId: 'marie' }), { assigneeId: 'paul' });
  assert.equal(scopeLocks(operator), { machine: false, assignee: true });
  const supervisor: Me = { kind: 'user', id: 'sup', name: 'Sup', role: 'supervisor' };
  assert.equal(deviceFilter(supervisor, { machineId: 'press' }), { machineId: 'press' });
  assert.equal(scopeLocks(supervisor), { machine: false, assignee: false });
  assert.equal(deviceFilter(null, { machineId: 'press' }), { machineId: 'press' });
  assert.equal(scopeLocks(null), { machine: false, assignee: false });
});

D('the asked filter is not changed in place', () => {
  const asked = { machineId: 'press' };
  deviceFilter(kiosk({ machineId: 'saw' }), asked);
  assert.equal(asked, { machineId: 'press' });
});

D.run();
