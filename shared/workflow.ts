import type { Settings, Step } from './schemas/settings.js';

/** The part of the settings that the step rules need. */
export type WorkflowShape = Pick<Settings, 'steps' | 'finalStepId'>;

export function stepIndex(w: WorkflowShape, stepId: string): number {
  return w.steps.findIndex((s) => s.id === stepId);
}

/** An order is active (shown by default, coloured) while it is before the final step. */
export function isActiveStep(w: WorkflowShape, stepId: string): boolean {
  const i = stepIndex(w, stepId);
  const f = stepIndex(w, w.finalStepId);
  return i >= 0 && (f < 0 || i < f);
}

export function activeSteps(w: WorkflowShape): Step[] {
  return w.steps.filter((s) => isActiveStep(w, s.id));
}

export function nextStep(w: WorkflowShape, stepId: string): Step | null {
  const i = stepIndex(w, stepId);
  return i >= 0 && i + 1 < w.steps.length ? w.steps[i + 1] : null;
}

export function previousStep(w: WorkflowShape, stepId: string): Step | null {
  const i = stepIndex(w, stepId);
  return i > 0 ? w.steps[i - 1] : null;
}

export function stepLabel(w: WorkflowShape, stepId: string | null | undefined): string {
  if (!stepId) return '';
  return w.steps.find((s) => s.id === stepId)?.label ?? stepId;
}
