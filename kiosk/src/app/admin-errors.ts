import { ApiError } from './api.js';
import { t } from './locale.js';

/**
 * A refusal in a sentence for the supervisor: the server's own message (its codes are stable, its
 * words are plain) behind "Refused:", or "server unreachable" when nothing answered.
 */
export function refusalText(e: unknown): string {
  if (e instanceof ApiError) return t('admin.refused', { message: e.message });
  return t('admin.offline');
}

/** The extra fields of a refusal body (`{ error, ...extra }`), e.g. `count` and `stepIds` of step_in_use. */
export function refusalExtra<T>(e: ApiError): Partial<T> {
  return (e.body && typeof e.body === 'object' ? e.body : {}) as Partial<T>;
}
