import { ApiError } from '../common/api.js';
import { t, tn } from '../common/locale.js';

/** The extra fields of a refusal body (`{ error, ...extra }`), e.g. `count` and `stepIds` of step_in_use. */
export function refusalExtra<T>(e: ApiError): Partial<T> {
  return (e.body && typeof e.body === 'object' ? e.body : {}) as Partial<T>;
}

/** Refusals the supervisor meets in the settings screens, said in their language (the server speaks English). */
function knownRefusal(e: ApiError): string | null {
  const count = Number(refusalExtra<{ count: number }>(e).count ?? 1);
  switch (e.code) {
    case 'machine_in_use':
      return tn('refusal.machineInUse', count);
    case 'user_in_use':
      return tn('refusal.userInUse', count);
    case 'template_in_use':
      return t('refusal.templateInUse');
    case 'username_taken':
      return t('refusal.usernameTaken');
    case 'unknown_timezone':
      return t('refusal.unknownTimezone');
    case 'duplicate_label':
      return t('refusal.duplicateLabel');
    case 'empty_label':
      return t('refusal.emptyLabel');
    case 'duplicate_status':
      return t('refusal.duplicateStatus');
    case 'forbidden':
      return t('refusal.forbidden');
    case 'rate_limited':
      return t('refusal.rateLimited');
    case 'unauthenticated':
      return t('refusal.signedOut');
    case 'invalid_request':
      // Schema refusals read "body/<field> must …": the fields people type by hand get a sentence.
      if (/^body\/password /.test(e.message)) return t('refusal.password');
      if (/^body\/pin /.test(e.message)) return t('refusal.pin');
      if (/^body\/username /.test(e.message)) return t('refusal.username');
      return null;
    default:
      return null;
  }
}

/**
 * A refusal in a sentence for the supervisor: "Refused:" and the reason — in their language for
 * the refusals we know, else the server's own plain message — or "server unreachable".
 */
export function refusalText(e: unknown): string {
  if (e instanceof ApiError) return t('admin.refused', { message: knownRefusal(e) ?? e.message });
  return t('admin.offline');
}
