import type { TransitionIntent } from './transitions.js';

const historyKindOf = { advance: 'advanced', regress: 'regressed', move: 'moved' } as const;

/**
 * Whether the history entry recorded under an opId is the action now sent
 * again with that opId: same kind, from the same step, and for a jump to the
 * same step. A kiosk replaying its queue sends the very same action; anything
 * else reusing the id is another action, which must be refused rather than
 * answered with the first one's result as if it had been applied.
 */
export function isSameAction(entry: { kind: string; fromStepId?: string | null; toStepId?: string | null }, intent: TransitionIntent): boolean {
  if (entry.kind !== historyKindOf[intent.kind]) return false;
  if ((entry.fromStepId ?? null) !== intent.expectedStepId) return false;
  return intent.kind !== 'move' || entry.toStepId === intent.toStepId;
}
