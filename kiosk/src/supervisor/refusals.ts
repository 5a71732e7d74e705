import type { MessageKey } from '../../../shared/i18n/index.js';
import { ApiError } from '../common/api.js';
import { t, tn } from '../common/locale.js';

/** The extra fields of a refusal body (`{ error, ...extra }`), e.g. `count` and `stepIds` of step_in_use. */
export function refusalExtra<T>(e: ApiError): Partial<T> {
  return (e.body && typeof e.body === 'object' ? e.body : {});
}

/** Refusals the supervisor meets in the settings screens, said in their language (the server speaks English). */
const refusalKeys = new Map<string, MessageKey>([
  ['template_in_use', 'refusal.templateInUse'],
  ['username_taken', 'refusal.usernameTaken'],
  ['last_admin', 'refusal.lastAdmin'],
  ['unknown_timezone', 'refusal.unknownTimezone'],
  ['duplicate_label', 'refusal.duplicateLabel'],
  ['empty_label', 'refusal.emptyLabel'],
  ['duplicate_status', 'refusal.duplicateStatus'],
  ['forbidden', 'refusal.forbidden'],
  ['rate_limited', 'refusal.rateLimited'],
  ['unauthenticated', 'refusal.signedOut'],
]);

/** The same, counted: the server says how many orders still use what was to be removed. */
const countedRefusals = new Map<string, 'refusal.machineInUse' | 'refusal.userInUse'>([
  ['machine_in_use', 'refusal.machineInUse'],
  ['user_in_use', 'refusal.userInUse'],
]);

/** Schema refusals read "body/<field> must …": the fields people type by hand get a sentence. */
const fieldRefusals: Array<[RegExp, MessageKey]> = [
  [/^body\/password /, 'refusal.password'],
  [/^body\/pin /, 'refusal.pin'],
  [/^body\/username /, 'refusal.username'],
];

function knownRefusal(e: ApiError): string | null {
  const counted = countedRefusals.get(e.code);
  if (counted) return tn(counted, Number(refusalExtra<{ count: number }>(e).count ?? 1));
  const key = refusalKeys.get(e.code);
  if (key) return t(key);
  if (e.code === 'invalid_request') {
    const field = fieldRefusals.find(([pattern]) => pattern.test(e.message));
    return field ? t(field[1]) : null;
  }
  return null;
}

/**
 * A refusal in a sentence for the supervisor: "Refused:" and the reason — in their language for
 * the refusals we know, else the server's own plain message — or "server unreachable".
 */
export function refusalText(e: unknown): string {
  if (e instanceof ApiError) return t('admin.refused', { message: knownRefusal(e) ?? e.message });
  return t('admin.offline');
}
