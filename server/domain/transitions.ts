import type { Settings } from '../../shared/schemas/settings.js';
import { nextStep, previousStep, stepIndex, stepLabel } from '../../shared/workflow.js';
import { AppError, badRequest, conflict } from '../errors.js';

/** What a caller asks of an order: Next, Previous (with a comment) or a supervisor's jump to a step. */
export type TransitionIntent =
  | { kind: 'advance'; expectedStepId: string }
  | { kind: 'regress'; expectedStepId: string; comment: string; reasonCode?: string | undefined }
  | { kind: 'move'; expectedStepId: string; toStepId: string; comment?: string | undefined; reasonCode?: string | undefined };

export interface TransitionPlan {
  toStepId: string;
  historyKind: 'advanced' | 'regressed' | 'moved';
  comment?: string;
  /** Why the order goes back (one of the settings' rework reasons): kept on the history entry. */
  reasonCode?: string;
  /** Set when the order enters the final step and a final status is configured. */
  status?: { from: string | null; to: string };
}

type Workflow = Pick<Settings, 'steps' | 'finalStepId' | 'finalStatus' | 'reworkReasons'>;

/**
 * Decides where a transition takes an order, or refuses it. Pure: the caller
 * has already checked that the order is at `expectedStepId`.
 */
export function planTransition(w: Workflow, order: { status: string | null }, req: TransitionIntent): TransitionPlan {
  const from = req.expectedStepId;
  if (stepIndex(w, from) < 0) {
    throw badRequest('unknown_step', `Step "${from}" is not part of the workflow`);
  }
  let plan: TransitionPlan;
  switch (req.kind) {
    case 'advance': {
      const next = nextStep(w, from);
      if (!next) {
        throw conflict('no_next_step', `The order is at the last step (${stepLabel(w, from)}): there is no next step`);
      }
      plan = { toStepId: next.id, historyKind: 'advanced' };
      break;
    }
    case 'regress': {
      const comment = requireComment(req.comment, 'Going back a step needs a comment');
      const previous = previousStep(w, from);
      if (!previous) {
        throw conflict(
          'no_previous_step',
          `The order is at the first step (${stepLabel(w, from)}): there is no previous step`,
        );
      }
      plan = { toStepId: previous.id, historyKind: 'regressed', comment, ...reasonOf(w, req.reasonCode) };
      break;
    }
    case 'move': {
      const to = stepIndex(w, req.toStepId);
      // A schema-valid body naming a step the workflow does not have: 422, as for orders.
      if (to < 0) throw new AppError(422, 'unknown_step', `Step "${req.toStepId}" is not part of the workflow`);
      if (req.toStepId === from) {
        throw conflict('same_step', `The order is already at ${stepLabel(w, from)}`);
      }
      const backwards = to < stepIndex(w, from);
      const comment = backwards
        ? requireComment(req.comment, 'Moving an order backwards needs a comment')
        : req.comment?.trim() || undefined;
      // Checked either way (an unknown code is a mistake), kept only going back: a forward jump is no rework.
      const reason = reasonOf(w, req.reasonCode);
      plan = { toStepId: req.toStepId, historyKind: 'moved', ...(comment ? { comment } : {}), ...(backwards ? reason : {}) };
      break;
    }
  }
  if (plan.toStepId === w.finalStepId && w.finalStatus && order.status !== w.finalStatus) {
    plan.status = { from: order.status, to: w.finalStatus };
  }
  return plan;
}

/** The reason as given, when it is one of the workshop's rework reasons; 422 unknown_reason otherwise. */
function reasonOf(w: Workflow, code: string | undefined): { reasonCode?: string } {
  if (code === undefined) return {};
  if (!(w.reworkReasons ?? []).some((r) => r.id === code)) {
    throw new AppError(422, 'unknown_reason', `"${code}" is not one of the rework reasons (${(w.reworkReasons ?? []).map((r) => r.id).join(', ') || 'none set'})`);
  }
  return { reasonCode: code };
}

function requireComment(comment: string | undefined, message: string): string {
  const c = comment?.trim();
  if (!c) throw new AppError(400, 'comment_required', message);
  return c;
}
