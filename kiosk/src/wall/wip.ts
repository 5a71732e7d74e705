/** Where a step stands against its WIP limit: no limit, under it, at it (amber), above it (red). */
export type WipState = 'none' | 'under' | 'at-limit' | 'over';

export function wipState(count: number, limit: number | null | undefined): WipState {
  if (typeof limit !== 'number' || limit < 1) return 'none';
  if (count > limit) return 'over';
  return count === limit ? 'at-limit' : 'under';
}
