import type { WorkflowShape } from '../../../shared/workflow.js';
import { stepLabel } from '../../../shared/workflow.js';
import { t } from './locale.js';
import type { OrderNotice } from './order-store.js';

/** What a notice tells the person whose action was not applied, in their language. */
export function noticeText(n: OrderNotice, workflow: WorkflowShape | null): string {
  const action = t(n.action === 'advance' ? 'action.next' : 'action.previous');
  if (n.kind === 'conflict') return t('notice.conflict', { number: n.number, step: workflow ? stepLabel(workflow, n.stepId) : '', action });
  if (n.kind === 'gone') return t('notice.gone', { number: n.number, action });
  if (n.kind === 'pin') return t('notice.pin', { number: n.number, action });
  return t('notice.refused', { number: n.number, action, message: n.message ?? '' });
}
