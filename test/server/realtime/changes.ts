import type { Api } from './api.js';
import { opId } from '../../helper.js';

/**
 * `count` varied changes, one after another: creations, edits, moves on and
 * off the machines, step changes forward and back, into the final step
 * and out of it, removals.
 */
export async function makeChanges(api: Api, count: number, machines: string[], label: string): Promise<void> {
  const live: Array<{ id: string; stepId: string }> = [];
  for (let i = 0; i < count; i++) {
    // Many orders, each touched a few times: a change lost in between shows in the end state.
    const kind = live.length < 3 || i % 7 === 0 || i % 7 === 3 ? 0 : i % 7;
    if (kind === 0) {
      const o = await api('POST', '/orders', { contact: { name: `${label} ${i}` }, machineId: machines[i % machines.length] });
      live.push({ id: o.id, stepId: o.stepId });
      continue;
    }
    const target = live[(i * 5) % live.length];
    if (kind === 1) {
      await api('PATCH', `/orders/${target.id}`, { machineId: machines[(i + 1) % machines.length] });
    } else if (kind === 2 && !['terminee', 'annulee'].includes(target.stepId)) {
      const o = await api('POST', `/orders/${target.id}/advance`, { expectedStepId: target.stepId, opId: opId() });
      target.stepId = o.stepId;
    } else if (kind === 2 || kind === 4 || kind === 5) {
      // Into the final step (the order leaves the active lists) and back out of it.
      const toStepId = kind === 4 && target.stepId !== 'terminee' ? 'terminee' : target.stepId === 'en-attente' ? 'decoupage' : 'en-attente';
      const o = await api('POST', `/orders/${target.id}/move`, { expectedStepId: target.stepId, opId: opId(), toStepId, comment: 'reprise' });
      target.stepId = o.stepId;
    } else {
      await api('DELETE', `/orders/${target.id}`);
      live.splice(live.indexOf(target), 1);
    }
  }
}
